import type { Kysely, Selectable } from 'kysely';
import { nowIso } from '../../db/ids.ts';
import type { Database, DiningTablesTable } from '../../db/schema.ts';

/** A dining table as stored; the service presents it (the QR URL depends on configuration). */
export type TableRow = Selectable<DiningTablesTable>;

export interface NewTable {
  id: string;
  restaurantId: string;
  name: string;
  seats: number;
  area: string;
  qrToken: string;
}

export interface TablePatch {
  name?: string | undefined;
  seats?: number | undefined;
  area?: string | undefined;
}

/** What a guest's scan needs: the table and the restaurant it belongs to. */
export interface TableByToken {
  tableId: string;
  tableName: string;
  restaurantId: string;
  restaurantName: string;
  currency: string;
  locale: string;
  pinLength: number;
}

const tablesOf = (db: Kysely<Database>, restaurantId: string) =>
  db.selectFrom('dining_tables').selectAll().where('restaurant_id', '=', restaurantId);

/** Every table of the restaurant, in no particular order (callers sort naturally by name). */
export async function listTables(db: Kysely<Database>, restaurantId: string): Promise<TableRow[]> {
  return tablesOf(db, restaurantId).execute();
}

export async function findTable(db: Kysely<Database>, restaurantId: string, id: string): Promise<TableRow | undefined> {
  return tablesOf(db, restaurantId).where('id', '=', id).executeTakeFirst();
}

/** The restaurant's tables among `ids`; ids of other restaurants or of no table are simply absent. */
export async function findTables(
  db: Kysely<Database>,
  restaurantId: string,
  ids: readonly string[],
): Promise<TableRow[]> {
  if (ids.length === 0) return [];
  return tablesOf(db, restaurantId).where('id', 'in', ids).execute();
}

/** Throws the database's unique violation for a name the restaurant already uses. */
export async function insertTable(db: Kysely<Database>, t: NewTable): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('dining_tables')
    .values({
      id: t.id,
      restaurant_id: t.restaurantId,
      name: t.name,
      seats: t.seats,
      area: t.area,
      qr_token: t.qrToken,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** Returns whether a row of the restaurant was updated. */
export async function updateTable(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: TablePatch,
): Promise<boolean> {
  const result = await db
    .updateTable('dining_tables')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.seats !== undefined && { seats: p.seats }),
      ...(p.area !== undefined && { area: p.area }),
      updated_at: nowIso(),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function updateTableToken(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  qrToken: string,
): Promise<boolean> {
  const result = await db
    .updateTable('dining_tables')
    .set({ qr_token: qrToken, updated_at: nowIso() })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Throws the database's foreign-key violation while anything (e.g. a session) still refers to the table. */
export async function deleteTable(db: Kysely<Database>, restaurantId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('dining_tables')
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * The one lookup not scoped by a restaurant id: a guest arrives with nothing
 * but the token, which is unique across every restaurant and is what tells
 * us the restaurant.
 */
export async function findTableByToken(db: Kysely<Database>, qrToken: string): Promise<TableByToken | undefined> {
  return db
    .selectFrom('dining_tables as t')
    .innerJoin('restaurants as r', 'r.id', 't.restaurant_id')
    .select([
      't.id as tableId',
      't.name as tableName',
      'r.id as restaurantId',
      'r.name as restaurantName',
      'r.currency as currency',
      'r.locale as locale',
      'r.pin_length as pinLength',
    ])
    .where('t.qr_token', '=', qrToken)
    .executeTakeFirst();
}

/** The QR token of the restaurant's first-created table (ids are time-ordered), for the start-up banner. */
export async function firstTableToken(db: Kysely<Database>, restaurantId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dining_tables')
    .select('qr_token')
    .where('restaurant_id', '=', restaurantId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  return row?.qr_token;
}
