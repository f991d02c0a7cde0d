import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Statuses of a line the kitchen still has to cook. */
export const COOKING = ['NEW', 'IN_PROGRESS'] as const;

type Lines = Database & { l: Database['order_lines']; x: Database['order_lines'] };

/**
 * Which tickets to read. A ticket is one order's lines at one station, so
 * every filter picks (order, station) pairs through a sibling line `x`, and
 * the ticket then comes whole.
 */
export type TicketSelection =
  | { open: true; stationId?: string | undefined }
  | { doneSince: string; stationId?: string | undefined }
  | { changedAfter: number; upTo: number; stationId?: string | undefined }
  /** Lines of one order (what `order.lines.changed` names). */
  | { orderId: string; lineIds: readonly string[] }
  | { ticketLineId: string }
  | { sessionId: string }
  | { openOrders: true };

function sibling(eb: ExpressionBuilder<Lines, 'l'>) {
  return eb
    .selectFrom('order_lines as x')
    .select(sql.lit(1).as('one'))
    .whereRef('x.order_id', '=', 'l.order_id')
    .whereRef('x.station_id', '=', 'l.station_id');
}

/**
 * The lines of the selected tickets, with what a kitchen screen shows
 * around them: the order's number and when it reached the kitchen, the
 * table the session is at now, the station and its thresholds, the item's
 * allergens as the menu has them today, who moved the line last. Never a
 * price: the select list names no money column.
 */
export async function selectTicketLines(db: Kysely<Database>, restaurantId: string, which: TicketSelection) {
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
    // By one order: the tenant is checked on the order, so the order's own lines are all that is read.
    // Checked on the line instead, SQLite (no statistics) walks every line of the restaurant by its
    // restaurant_id index to find them: about 2 µs a line, per ticket published (bench/ticket-read.ts).
    .where('orderId' in which ? 'o.restaurant_id' : 'l.restaurant_id', '=', restaurantId)
    // A pending order has no ticket until a waiter accepts it; a rejected one never has.
    .where('o.approval', 'in', ['NOT_REQUIRED', 'ACCEPTED']);

  if ('stationId' in which && which.stationId !== undefined) q = q.where('l.station_id', '=', which.stationId);
  if ('open' in which) {
    q = q.where((eb) => eb.exists(sibling(eb).where('x.status', 'in', COOKING)));
  } else if ('doneSince' in which) {
    q = q
      .where((eb) => eb.not(eb.exists(sibling(eb).where('x.status', 'in', COOKING))))
      .where((eb) =>
        eb.exists(
          sibling(eb).where('x.status', 'in', ['READY', 'SERVED']).where('x.status_changed_at', '>=', which.doneSince),
        ),
      );
  } else if ('changedAfter' in which) {
    q = q.where((eb) =>
      eb.exists(sibling(eb).where('x.seq', '>', which.changedAfter).where('x.seq', '<=', which.upTo)),
    );
  } else if ('lineIds' in which) {
    q = q
      .where('l.order_id', '=', which.orderId)
      .where((eb) => eb.exists(sibling(eb).where('x.id', 'in', which.lineIds.length ? which.lineIds : [''])));
  } else if ('ticketLineId' in which) {
    q = q.where((eb) => eb.exists(sibling(eb).where('x.id', '=', which.ticketLineId)));
  } else if ('sessionId' in which) {
    q = q
      .where('l.session_id', '=', which.sessionId)
      .where((eb) => eb.exists(sibling(eb).where('x.status', 'in', [...COOKING, 'READY'])));
  } else {
    // Expo: orders with anything not yet served, across stations.
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('order_lines as y')
          .select(sql.lit(1).as('one'))
          .whereRef('y.order_id', '=', 'l.order_id')
          .where('y.status', 'in', [...COOKING, 'READY']),
      ),
    );
  }
  return q.orderBy('o.number').orderBy('l.station_id').orderBy('l.position').execute();
}
export type TicketLineRow = Awaited<ReturnType<typeof selectTicketLines>>[number];

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

/** The station a chef (or anyone) names, if it is this restaurant's. */
export async function stationExists(db: Kysely<Database>, restaurantId: string, stationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('stations')
    .select('id')
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', stationId)
    .executeTakeFirst();
  return row !== undefined;
}
