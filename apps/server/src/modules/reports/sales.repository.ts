import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { billLinesQuery } from '../billing/billing.repository.ts';

/*
 * Reads for the sales report: the sessions the window touches, then, a
 * chunk of sessions at a time, every row their bills are computed from
 * (the same rows the bill routes read, plus where each line and payment
 * falls in the report). Reads only; bounds are ISO-8601 UTC text as the app
 * writes timestamps, so they compare as text.
 */

export interface Window {
  from: string;
  to: string;
}

/** The restaurant's bill settings, currency and time zone, as they are now (the bills use them so). */
export async function findReportRestaurant(db: Kysely<Database>, restaurantId: string) {
  return db
    .selectFrom('restaurants')
    .select([
      'currency',
      'timezone',
      'tax_rate_bps as taxRateBps',
      'tax_inclusive as taxInclusive',
      'service_charge_bps as serviceChargeBps',
    ])
    .where('id', '=', restaurantId)
    .executeTakeFirstOrThrow();
}

/** Sessions with an order placed, a payment settled or a refund given in the window, oldest first. */
export async function selectSessionsTouched(db: Kysely<Database>, restaurantId: string, w: Window) {
  const rows = await db
    .selectFrom('orders')
    .select('session_id')
    .where('restaurant_id', '=', restaurantId)
    .where('created_at', '>=', w.from)
    .where('created_at', '<', w.to)
    .union(
      db
        .selectFrom('payments')
        .select('session_id')
        .where('restaurant_id', '=', restaurantId)
        .where('status', '=', 'SUCCEEDED')
        .where('settled_at', '>=', w.from)
        .where('settled_at', '<', w.to),
    )
    .union(
      db
        .selectFrom('refunds')
        .select('session_id')
        .where('restaurant_id', '=', restaurantId)
        .where('created_at', '>=', w.from)
        .where('created_at', '<', w.to),
    )
    .orderBy('session_id')
    .execute();
  return rows.map((r) => r.session_id);
}

export async function selectSessionStates(db: Kysely<Database>, restaurantId: string, ids: readonly string[]) {
  return db
    .selectFrom('table_sessions')
    .select(['id', 'status'])
    .where('restaurant_id', '=', restaurantId)
    .where('id', 'in', ids)
    .execute();
}

/** The sessions' bill lines (the bill's own query), with when their order was placed and the item and category as they are now. */
export async function selectLedgerLines(db: Kysely<Database>, restaurantId: string, ids: readonly string[]) {
  return billLinesQuery(db, restaurantId)
    .select([
      'l.session_id as sessionId',
      'o.created_at as orderedAt',
      'o.approval',
      'l.menu_item_id as menuItemId',
      'mi.name as itemName',
      'c.id as categoryId',
      'c.name as categoryName',
    ])
    .where('l.session_id', 'in', ids)
    .orderBy('l.session_id')
    .orderBy('o.number')
    .orderBy('l.position')
    .execute();
}
export type LedgerLineRow = Awaited<ReturnType<typeof selectLedgerLines>>[number];

export async function selectLedgerDiscounts(db: Kysely<Database>, restaurantId: string, ids: readonly string[]) {
  return (
    db
      .selectFrom('discounts')
      .select(['id', 'session_id', 'kind', 'value', 'line_id'])
      .where('restaurant_id', '=', restaurantId)
      .where('session_id', 'in', ids)
      .where('removed_at', 'is', null)
      // The order the bill applies them in (selectDiscounts).
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  );
}

export async function selectLedgerPayments(db: Kysely<Database>, restaurantId: string, ids: readonly string[]) {
  return db
    .selectFrom('payments')
    .select([
      'id',
      'session_id',
      'method',
      'status',
      'expires_at',
      'amount_cents',
      'tip_cents',
      'rounding_cents',
      'settled_at',
    ])
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', 'in', ids)
    .execute();
}

export async function selectLedgerRefunds(db: Kysely<Database>, restaurantId: string, ids: readonly string[]) {
  return db
    .selectFrom('refunds as rf')
    .innerJoin('payments as p', 'p.id', 'rf.payment_id')
    .select(['rf.session_id', 'rf.amount_cents', 'rf.tip_cents', 'rf.created_at', 'p.method'])
    .where('rf.restaurant_id', '=', restaurantId)
    .where('rf.session_id', 'in', ids)
    .execute();
}
