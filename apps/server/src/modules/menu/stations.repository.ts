import type { Kysely } from 'kysely';
import { nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import type { StationRow } from './menu.presenters.ts';
import { nextPosition } from './menu.positions.ts';

export async function listStationRows(db: Kysely<Database>, restaurantId: string): Promise<StationRow[]> {
  return db
    .selectFrom('stations')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .orderBy('position')
    .orderBy('name')
    .execute();
}

export async function findStationRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<StationRow | undefined> {
  return db
    .selectFrom('stations')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextStationPosition(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const row = await db
    .selectFrom('stations')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('restaurant_id', '=', restaurantId)
    .executeTakeFirst();
  return nextPosition(row?.max);
}

export interface StationThresholds {
  warnMinutes: number;
  lateMinutes: number;
}

export async function insertStationRow(
  db: Kysely<Database>,
  s: { id: string; restaurantId: string; name: string; position: number } & StationThresholds,
): Promise<void> {
  await db
    .insertInto('stations')
    .values({
      id: s.id,
      restaurant_id: s.restaurantId,
      name: s.name,
      position: s.position,
      warn_minutes: s.warnMinutes,
      late_minutes: s.lateMinutes,
      created_at: nowIso(),
    })
    .execute();
}

export async function updateStationRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: {
    name?: string | undefined;
    position?: number | undefined;
    warnMinutes?: number | undefined;
    lateMinutes?: number | undefined;
  },
): Promise<void> {
  const set = {
    ...(p.name !== undefined && { name: p.name }),
    ...(p.position !== undefined && { position: p.position }),
    ...(p.warnMinutes !== undefined && { warn_minutes: p.warnMinutes }),
    ...(p.lateMinutes !== undefined && { late_minutes: p.lateMinutes }),
  };
  if (Object.keys(set).length === 0) return;
  await db.updateTable('stations').set(set).where('restaurant_id', '=', restaurantId).where('id', '=', id).execute();
}

export async function deleteStationRow(db: Kysely<Database>, restaurantId: string, id: string): Promise<void> {
  await db.deleteFrom('stations').where('restaurant_id', '=', restaurantId).where('id', '=', id).execute();
}

/** What still points at a station: menu items and staff (a chef tied to it). */
export async function countStationUsage(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<{ items: number; staff: number }> {
  const items = await db
    .selectFrom('menu_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('restaurant_id', '=', restaurantId)
    .where('station_id', '=', id)
    .executeTakeFirstOrThrow();
  const staff = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('restaurant_id', '=', restaurantId)
    .where('station_id', '=', id)
    .executeTakeFirstOrThrow();
  return { items: Number(items.n), staff: Number(staff.n) };
}
