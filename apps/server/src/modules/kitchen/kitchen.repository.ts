import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Statuses of a line the kitchen still has to cook. */
export const COOKING = ['NEW', 'IN_PROGRESS'] as const;

/**
 * Which tickets to read. A ticket is one order's lines at one station: the
 * query picks candidate orders through an index (a line's status, its
 * sequence, its session, its order), reads their lines whole, and
 * `keepTicket` then keeps the tickets the selection is about.
 */
export type TicketSelection =
  | { open: true; stationId?: string | undefined }
  | { doneSince: string; stationId?: string | undefined }
  | { changedAfter: number; upTo: number; stationId?: string | undefined }
  | { orderId: string }
  | { ticketLineId: string }
  | { sessionId: string }
  | { openOrders: true };

/**
 * The lines of the selected tickets, with what a kitchen screen shows
 * around them: the order's number and when it reached the kitchen, the
 * table the session is at now, the station and its thresholds, the item's
 * allergens as the menu has them today, who moved the line last. Never a
 * price: the select list names no money column.
 */
export async function selectTicketLines(db: Kysely<Database>, restaurantId: string, which: TicketSelection) {
  const candidates = (
    build: (
      x: SelectQueryBuilder<Database, 'order_lines', object>,
    ) => SelectQueryBuilder<Database, 'order_lines', object>,
  ) => build(db.selectFrom('order_lines').where('restaurant_id', '=', restaurantId)).select('order_id');
  let q = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('table_sessions as s', 's.id', 'l.session_id')
    .innerJoin('dining_tables as t', 't.id', 's.table_id')
    .innerJoin('stations as st', 'st.id', 'l.station_id')
    .leftJoin('menu_items as mi', 'mi.id', 'l.menu_item_id')
    .leftJoin('staff as who', 'who.id', 'l.status_by')
    .select([
      'l.id',
      'l.order_id as orderId',
      'l.station_id as stationId',
      'l.session_id as sessionId',
      'l.position',
      'l.name',
      'l.quantity',
      'l.options',
      'l.note',
      'l.course',
      'l.held',
      'l.status',
      'l.cancel_reason as cancelReason',
      'l.status_by as movedById',
      'who.name as movedByName',
      'l.status_changed_at as movedAt',
      'l.fired_at as firedAt',
      'l.ready_at as readyAt',
      'l.seq',
      'o.number as orderNumber',
      'o.created_at as orderedAt',
      'o.decided_at as decidedAt',
      'o.approval',
      't.id as tableId',
      't.name as tableName',
      'st.name as stationName',
      'st.warn_minutes as warnMinutes',
      'st.late_minutes as lateMinutes',
      'mi.allergens',
    ])
    // A pending order has no ticket until a waiter accepts it; a rejected one never has.
    .where('o.approval', 'in', ['NOT_REQUIRED', 'ACCEPTED']);

  // The restaurant is checked where the candidate orders are picked (an order's lines are all its restaurant's):
  // checked on the outer query too, SQLite would walk all the restaurant's orders instead of looking them up.
  if ('stationId' in which && which.stationId !== undefined) q = q.where('l.station_id', '=', which.stationId);
  if ('open' in which) {
    q = q.where(
      'o.id',
      'in',
      candidates((x) => x.where('status', 'in', COOKING)),
    );
  } else if ('doneSince' in which) {
    q = q.where(
      'o.id',
      'in',
      candidates((x) => x.where('status', 'in', ['READY', 'SERVED']).where('status_changed_at', '>=', which.doneSince)),
    );
  } else if ('changedAfter' in which) {
    q = q.where(
      'o.id',
      'in',
      candidates((x) => x.where('seq', '>', which.changedAfter).where('seq', '<=', which.upTo)),
    );
  } else if ('orderId' in which) {
    q = q.where('o.id', '=', which.orderId).where('o.restaurant_id', '=', restaurantId);
  } else if ('ticketLineId' in which) {
    q = q.where(
      'o.id',
      'in',
      candidates((x) => x.where('id', '=', which.ticketLineId)),
    );
  } else if ('sessionId' in which) {
    q = q.where('l.session_id', '=', which.sessionId).where('l.restaurant_id', '=', restaurantId);
  } else {
    // Expo: orders with anything not yet served, across stations.
    q = q.where(
      'o.id',
      'in',
      candidates((x) => x.where('status', 'in', [...COOKING, 'READY'])),
    );
  }
  return q.orderBy('o.number').orderBy('l.station_id').orderBy('l.position').execute();
}
export type TicketLineRow = Awaited<ReturnType<typeof selectTicketLines>>[number];

/** Whether a ticket (its lines' rows) is one the selection asked for; the query reads whole orders. */
export function keepTicket(which: TicketSelection, lines: readonly TicketLineRow[]): boolean {
  const cooking = (l: TicketLineRow) => l.status === 'NEW' || l.status === 'IN_PROGRESS';
  if ('open' in which) return lines.some(cooking);
  if ('doneSince' in which) {
    return (
      !lines.some(cooking) &&
      lines.some((l) => (l.status === 'READY' || l.status === 'SERVED') && l.movedAt >= which.doneSince)
    );
  }
  if ('changedAfter' in which) return lines.some((l) => l.seq > which.changedAfter && l.seq <= which.upTo);
  if ('ticketLineId' in which) return lines.some((l) => l.id === which.ticketLineId);
  if ('sessionId' in which) return lines.some((l) => cooking(l) || l.status === 'READY');
  return true;
}

/** READY lines to carry to the tables, oldest first. */
export async function selectReadyLines(db: Kysely<Database>, restaurantId: string) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .innerJoin('table_sessions as s', 's.id', 'l.session_id')
    .innerJoin('dining_tables as t', 't.id', 's.table_id')
    .select([
      'l.id',
      'l.order_id as orderId',
      'o.number as orderNumber',
      't.id as tableId',
      't.name as tableName',
      'l.name',
      'l.quantity',
      'l.options',
      'l.ready_at as readyAt',
      'l.status_changed_at as movedAt',
    ])
    .where('l.restaurant_id', '=', restaurantId)
    .where('l.status', '=', 'READY')
    .orderBy('t.name')
    .orderBy('l.ready_at')
    .execute();
}

/** Lines still to cook (fired, not held), for the all-day counts. */
export async function selectCookingLines(db: Kysely<Database>, restaurantId: string, stationId: string | undefined) {
  let q = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.name', 'l.options', 'l.quantity'])
    .where('l.restaurant_id', '=', restaurantId)
    .where('l.status', 'in', COOKING)
    .where('l.held', '=', sql<boolean>`false`)
    .where('o.approval', 'in', ['NOT_REQUIRED', 'ACCEPTED']);
  if (stationId !== undefined) q = q.where('l.station_id', '=', stationId);
  return q.execute();
}
