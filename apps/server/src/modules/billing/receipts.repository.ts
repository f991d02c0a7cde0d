import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What a receipt says besides the bill: the restaurant, the table and when the session opened and closed. */
export async function findReceiptHeader(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return db
    .selectFrom('table_sessions as s')
    .innerJoin('restaurants as r', 'r.id', 's.restaurant_id')
    .innerJoin('dining_tables as t', 't.id', 's.table_id')
    .select([
      's.id',
      's.status',
      's.opened_at as openedAt',
      's.closed_at as closedAt',
      'r.name as restaurantName',
      'r.currency',
      'r.locale',
      'r.timezone',
      't.name as tableName',
    ])
    .where('s.restaurant_id', '=', restaurantId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}
export type ReceiptHeader = NonNullable<Awaited<ReturnType<typeof findReceiptHeader>>>;

/** The options and notes of the session's lines, as snapshotted when ordered (the bill carries names and money). */
export async function selectLineOptions(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return db
    .selectFrom('order_lines')
    .select(['id', 'options', 'note'])
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .execute();
}

export async function selectRefundRows(db: Kysely<Database>, restaurantId: string, sessionId: string) {
  return db
    .selectFrom('refunds')
    .select(['id', 'payment_id', 'amount_cents', 'tip_cents', 'reason', 'created_at'])
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertReceiptLink(
  db: Kysely<Database>,
  row: { token_hash: string; restaurant_id: string; session_id: string; created_at: string },
): Promise<void> {
  await db.insertInto('receipt_links').values(row).execute();
}

/** The session a receipt link opens, with when it closed (the link's life is counted from there). */
export async function findReceiptLink(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('receipt_links as k')
    .innerJoin('table_sessions as s', (j) =>
      j.onRef('s.id', '=', 'k.session_id').onRef('s.restaurant_id', '=', 'k.restaurant_id'),
    )
    .select(['k.restaurant_id as restaurantId', 'k.session_id as sessionId', 's.closed_at as closedAt'])
    .where('k.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
