import type { Translations } from '@plato/contracts';
import type { Kysely } from 'kysely';
import { flag, nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import type { CategoryRow } from './menu.presenters.ts';
import { nextPosition } from './menu.positions.ts';

export async function listCategoryRows(db: Kysely<Database>, restaurantId: string): Promise<CategoryRow[]> {
  return db
    .selectFrom('categories')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .orderBy('position')
    .orderBy('name')
    .execute();
}

export async function findCategoryRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<CategoryRow | undefined> {
  return db
    .selectFrom('categories')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextCategoryPosition(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const row = await db
    .selectFrom('categories')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('restaurant_id', '=', restaurantId)
    .executeTakeFirst();
  return nextPosition(row?.max);
}

export async function insertCategoryRow(
  db: Kysely<Database>,
  c: {
    id: string;
    restaurantId: string;
    name: string;
    position: number;
    translations: Translations;
    taxRateBps: number | null;
    serviceApplies: boolean;
  },
): Promise<void> {
  await db
    .insertInto('categories')
    .values({
      id: c.id,
      restaurant_id: c.restaurantId,
      name: c.name,
      position: c.position,
      translations: JSON.stringify(c.translations),
      tax_rate_bps: c.taxRateBps,
      service_applies: flag(c.serviceApplies),
      created_at: nowIso(),
    })
    .execute();
}

export interface CategoryPatch {
  name?: string | undefined;
  position?: number | undefined;
  translations?: Translations | undefined;
  taxRateBps?: number | null | undefined;
  serviceApplies?: boolean | undefined;
}

export async function updateCategoryRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: CategoryPatch,
): Promise<void> {
  if (Object.values(p).every((v) => v === undefined)) return;
  await db
    .updateTable('categories')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.position !== undefined && { position: p.position }),
      ...(p.translations !== undefined && { translations: JSON.stringify(p.translations) }),
      ...(p.taxRateBps !== undefined && { tax_rate_bps: p.taxRateBps }),
      ...(p.serviceApplies !== undefined && { service_applies: flag(p.serviceApplies) }),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteCategoryRow(db: Kysely<Database>, restaurantId: string, id: string): Promise<void> {
  await db.deleteFrom('categories').where('restaurant_id', '=', restaurantId).where('id', '=', id).execute();
}

export async function countItemsInCategory(db: Kysely<Database>, restaurantId: string, id: string): Promise<number> {
  const row = await db
    .selectFrom('menu_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('restaurant_id', '=', restaurantId)
    .where('category_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
