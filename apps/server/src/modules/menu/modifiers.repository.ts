import type { Kysely } from 'kysely';
import { flag } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import type { MenuScope } from './items.repository.ts';
import type { GroupRow, OptionRow } from './menu.presenters.ts';
import { nextPosition } from './menu.positions.ts';

// ---------------------------------------------------------------- groups

export async function selectGroupRows(
  db: Kysely<Database>,
  restaurantId: string,
  scope: MenuScope,
): Promise<GroupRow[]> {
  let q = db.selectFrom('modifier_groups').selectAll().where('restaurant_id', '=', restaurantId);
  if (scope.itemId !== undefined) q = q.where('item_id', '=', scope.itemId);
  if (scope.categoryId !== undefined) {
    const items = db
      .selectFrom('menu_items')
      .select('id')
      .where('restaurant_id', '=', restaurantId)
      .where('category_id', '=', scope.categoryId);
    q = q.where('item_id', 'in', items);
  }
  return q.orderBy('position').orderBy('id').execute();
}

export async function findGroupRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<GroupRow | undefined> {
  return db
    .selectFrom('modifier_groups')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextGroupPosition(db: Kysely<Database>, restaurantId: string, itemId: string): Promise<number> {
  const row = await db
    .selectFrom('modifier_groups')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('restaurant_id', '=', restaurantId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return nextPosition(row?.max);
}

export interface GroupFields {
  name: string;
  minSelections: number;
  maxSelections: number;
  position: number;
}

export async function insertGroupRow(
  db: Kysely<Database>,
  g: GroupFields & { id: string; restaurantId: string; itemId: string },
): Promise<void> {
  await db
    .insertInto('modifier_groups')
    .values({
      id: g.id,
      restaurant_id: g.restaurantId,
      item_id: g.itemId,
      name: g.name,
      min_selections: g.minSelections,
      max_selections: g.maxSelections,
      position: g.position,
    })
    .execute();
}

export async function updateGroupRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: Partial<GroupFields>,
): Promise<void> {
  if (Object.values(p).every((v) => v === undefined)) return;
  await db
    .updateTable('modifier_groups')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.minSelections !== undefined && { min_selections: p.minSelections }),
      ...(p.maxSelections !== undefined && { max_selections: p.maxSelections }),
      ...(p.position !== undefined && { position: p.position }),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
}

/** The group's options go with it (ON DELETE CASCADE). */
export async function deleteGroupRow(db: Kysely<Database>, restaurantId: string, id: string): Promise<void> {
  await db.deleteFrom('modifier_groups').where('restaurant_id', '=', restaurantId).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- options

export async function selectOptionRows(
  db: Kysely<Database>,
  restaurantId: string,
  scope: MenuScope & { groupId?: string | undefined },
): Promise<OptionRow[]> {
  let q = db
    .selectFrom('modifier_options as o')
    .innerJoin('modifier_groups as g', 'g.id', 'o.group_id')
    .selectAll('o')
    .where('o.restaurant_id', '=', restaurantId)
    .where('g.restaurant_id', '=', restaurantId);
  if (scope.groupId !== undefined) q = q.where('o.group_id', '=', scope.groupId);
  if (scope.itemId !== undefined) q = q.where('g.item_id', '=', scope.itemId);
  if (scope.categoryId !== undefined) {
    const items = db
      .selectFrom('menu_items')
      .select('id')
      .where('restaurant_id', '=', restaurantId)
      .where('category_id', '=', scope.categoryId);
    q = q.where('g.item_id', 'in', items);
  }
  return q.orderBy('o.position').orderBy('o.id').execute();
}

export async function findOptionRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<OptionRow | undefined> {
  return db
    .selectFrom('modifier_options')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextOptionPosition(db: Kysely<Database>, restaurantId: string, groupId: string): Promise<number> {
  const row = await db
    .selectFrom('modifier_options')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('restaurant_id', '=', restaurantId)
    .where('group_id', '=', groupId)
    .executeTakeFirst();
  return nextPosition(row?.max);
}

export interface OptionFields {
  name: string;
  priceDeltaCents: number;
  available: boolean;
  position: number;
}

export async function insertOptionRow(
  db: Kysely<Database>,
  o: OptionFields & { id: string; restaurantId: string; groupId: string },
): Promise<void> {
  await db
    .insertInto('modifier_options')
    .values({
      id: o.id,
      restaurant_id: o.restaurantId,
      group_id: o.groupId,
      name: o.name,
      price_delta_cents: o.priceDeltaCents,
      available: flag(o.available),
      position: o.position,
    })
    .execute();
}

export async function updateOptionRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: Partial<OptionFields>,
): Promise<void> {
  if (Object.values(p).every((v) => v === undefined)) return;
  await db
    .updateTable('modifier_options')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.priceDeltaCents !== undefined && { price_delta_cents: p.priceDeltaCents }),
      ...(p.available !== undefined && { available: flag(p.available) }),
      ...(p.position !== undefined && { position: p.position }),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteOptionRow(db: Kysely<Database>, restaurantId: string, id: string): Promise<void> {
  await db.deleteFrom('modifier_options').where('restaurant_id', '=', restaurantId).where('id', '=', id).execute();
}
