import type { Allergen, DietaryTag, Translations } from '@plato/contracts';
import { type Kysely, sql } from 'kysely';
import { flag, nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import type { ItemRow } from './menu.presenters.ts';
import { nextPosition } from './menu.positions.ts';

/** Which part of a restaurant's menu a read covers: everything, one category, or one item. */
export interface MenuScope {
  itemId?: string | undefined;
  categoryId?: string | undefined;
}

export async function selectItemRows(db: Kysely<Database>, restaurantId: string, scope: MenuScope): Promise<ItemRow[]> {
  let q = db.selectFrom('menu_items').selectAll().where('restaurant_id', '=', restaurantId);
  if (scope.itemId !== undefined) q = q.where('id', '=', scope.itemId);
  if (scope.categoryId !== undefined) q = q.where('category_id', '=', scope.categoryId);
  return q.orderBy('position').orderBy('name').orderBy('id').execute();
}

export async function findItemRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<ItemRow | undefined> {
  return db
    .selectFrom('menu_items')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextItemPosition(
  db: Kysely<Database>,
  restaurantId: string,
  categoryId: string,
): Promise<number> {
  const row = await db
    .selectFrom('menu_items')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('restaurant_id', '=', restaurantId)
    .where('category_id', '=', categoryId)
    .executeTakeFirst();
  return nextPosition(row?.max);
}

export interface NewItem {
  id: string;
  restaurantId: string;
  categoryId: string;
  /** The item's station, or the default station's when it follows the default. */
  stationId: string;
  /** Follows the restaurant's default station (kept equal to it when the default changes). */
  stationDefault: boolean;
  name: string;
  description: string;
  priceCents: number;
  allergens: Allergen[];
  tags: DietaryTag[];
  available: boolean;
  position: number;
  translations: Translations;
}

export async function insertItemRow(db: Kysely<Database>, i: NewItem): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('menu_items')
    .values({
      id: i.id,
      restaurant_id: i.restaurantId,
      category_id: i.categoryId,
      station_id: i.stationId,
      station_default: flag(i.stationDefault),
      name: i.name,
      description: i.description,
      price_cents: i.priceCents,
      image_path: null,
      allergens: JSON.stringify(i.allergens),
      tags: JSON.stringify(i.tags),
      available: flag(i.available),
      position: i.position,
      translations: JSON.stringify(i.translations),
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export type ItemPatch = Partial<Omit<NewItem, 'id' | 'restaurantId'>> & { imagePath?: string | null };

/** Applies the given fields and bumps `updated_at`; an empty patch still marks the item as changed. */
export async function updateItemRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: ItemPatch,
): Promise<void> {
  await db
    .updateTable('menu_items')
    .set({
      ...(p.categoryId !== undefined && { category_id: p.categoryId }),
      ...(p.stationId !== undefined && { station_id: p.stationId }),
      ...(p.stationDefault !== undefined && { station_default: flag(p.stationDefault) }),
      ...(p.name !== undefined && { name: p.name }),
      ...(p.description !== undefined && { description: p.description }),
      ...(p.priceCents !== undefined && { price_cents: p.priceCents }),
      ...(p.allergens !== undefined && { allergens: JSON.stringify(p.allergens) }),
      ...(p.tags !== undefined && { tags: JSON.stringify(p.tags) }),
      ...(p.available !== undefined && { available: flag(p.available) }),
      ...(p.position !== undefined && { position: p.position }),
      ...(p.translations !== undefined && { translations: JSON.stringify(p.translations) }),
      ...(p.imagePath !== undefined && { image_path: p.imagePath }),
      updated_at: nowIso(),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
}

/** Hard delete; the item's modifier groups and their options go with it (ON DELETE CASCADE). */
export async function deleteItemRow(db: Kysely<Database>, restaurantId: string, id: string): Promise<void> {
  await db.deleteFrom('menu_items').where('restaurant_id', '=', restaurantId).where('id', '=', id).execute();
}

/** Items that follow the default station move onto the new one (their order lines then name it). */
export async function moveDefaultStationItems(
  db: Kysely<Database>,
  restaurantId: string,
  stationId: string,
): Promise<void> {
  await db
    .updateTable('menu_items')
    .set({ station_id: stationId, updated_at: nowIso() })
    .where('restaurant_id', '=', restaurantId)
    .where('station_default', '=', sql<boolean>`true`)
    .where('station_id', '<>', stationId)
    .execute();
}

export async function countDefaultStationItems(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const row = await db
    .selectFrom('menu_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('restaurant_id', '=', restaurantId)
    .where('station_default', '=', sql<boolean>`true`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
