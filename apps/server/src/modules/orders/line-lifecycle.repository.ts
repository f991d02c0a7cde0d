import type { LineStatus } from '@plato/contracts';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A line as a move needs it: its state, its order's approval and where it is served. */
export interface MovableLine {
  id: string;
  orderId: string;
  orderNumber: number;
  approval: string;
  sessionId: string;
  stationId: string;
  status: LineStatus;
  held: boolean;
  course: number;
  name: string;
}

const movable = (db: Kysely<Database>, restaurantId: string) =>
  db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select([
      'l.id',
      'l.order_id as orderId',
      'o.number as orderNumber',
      'o.approval',
      'l.session_id as sessionId',
      'l.station_id as stationId',
      'l.status',
      'l.held',
      'l.course',
      'l.name',
    ])
    .where('l.restaurant_id', '=', restaurantId);

const toMovable = (r: {
  id: string;
  orderId: string;
  orderNumber: number;
  approval: string;
  sessionId: string;
  stationId: string;
  status: string;
  held: boolean | number;
  course: number;
  name: string;
}): MovableLine => ({ ...r, status: r.status as LineStatus, held: Boolean(r.held) });

export async function findMovableLine(
  db: Kysely<Database>,
  restaurantId: string,
  lineId: string,
): Promise<MovableLine | undefined> {
  const row = await movable(db, restaurantId).where('l.id', '=', lineId).executeTakeFirst();
  return row && toMovable(row);
}

/** The lines of one ticket: one order's lines at one station, in order. */
export async function findTicketLines(
  db: Kysely<Database>,
  restaurantId: string,
  ticket: { orderId: string; stationId: string },
): Promise<MovableLine[]> {
  const rows = await movable(db, restaurantId)
    .where('l.order_id', '=', ticket.orderId)
    .where('l.station_id', '=', ticket.stationId)
    .orderBy('l.position')
    .execute();
  return rows.map(toMovable);
}

/** An order's lines of one course. */
export async function findCourseLines(
  db: Kysely<Database>,
  restaurantId: string,
  orderId: string,
  course: number,
): Promise<MovableLine[]> {
  const rows = await movable(db, restaurantId)
    .where('l.order_id', '=', orderId)
    .where('l.course', '=', course)
    .orderBy('l.position')
    .execute();
  return rows.map(toMovable);
}

/**
 * The most recently bumped ticket still at the pass: the ticket of the
 * READY line (of `stationIds`, or any station) that became ready last.
 */
export async function findLastBumped(
  db: Kysely<Database>,
  restaurantId: string,
  stationIds: readonly string[] | undefined,
): Promise<{ orderId: string; stationId: string } | undefined> {
  let q = db
    .selectFrom('order_lines')
    .select(['order_id as orderId', 'station_id as stationId'])
    .where('restaurant_id', '=', restaurantId)
    .where('status', '=', 'READY');
  if (stationIds) q = q.where('station_id', 'in', stationIds.length ? stationIds : ['']);
  return q.orderBy('ready_at', 'desc').orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export interface LineMove {
  from: LineStatus;
  to: LineStatus;
  at: string;
  seq: number;
  staffId: string;
  reason: string | null;
}

/**
 * Moves lines from one status to the next, stamping who, when and the
 * line-change sequence, and the prep-time stamp of the new status (a recall
 * clears `ready_at`; the first start is kept). Only lines still in `from`
 * move (compare and set): answers the ids that did, so of two cooks moving
 * one line at once exactly one wins.
 */
export async function moveLines(
  db: Kysely<Database>,
  restaurantId: string,
  lineIds: readonly string[],
  m: LineMove,
): Promise<string[]> {
  if (lineIds.length === 0) return [];
  const rows = await db
    .updateTable('order_lines')
    .set((eb) => ({
      status: m.to,
      status_changed_at: m.at,
      status_by: m.staffId,
      seq: m.seq,
      ...(m.to === 'IN_PROGRESS' && {
        started_at: eb.fn.coalesce('started_at', eb.val(m.at)),
        ready_at: null,
      }),
      ...(m.to === 'READY' && { ready_at: m.at, started_at: eb.fn.coalesce('started_at', eb.val(m.at)) }),
      ...(m.to === 'SERVED' && { served_at: m.at }),
      ...(m.to === 'CANCELLED' && { cancel_reason: m.reason }),
    }))
    .where('restaurant_id', '=', restaurantId)
    .where('id', 'in', lineIds)
    .where('status', '=', m.from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Holds (not yet started) or fires lines of a course; answers the ids that changed. */
export async function setHeld(
  db: Kysely<Database>,
  restaurantId: string,
  lineIds: readonly string[],
  change: { held: boolean; at: string; seq: number; staffId: string; firedAt: string | null },
): Promise<string[]> {
  if (lineIds.length === 0) return [];
  const rows = await db
    .updateTable('order_lines')
    .set({ held: change.held ? 1 : 0, fired_at: change.firedAt, seq: change.seq, status_by: change.staffId })
    .where('restaurant_id', '=', restaurantId)
    .where('id', 'in', lineIds)
    .where('status', '=', 'NEW')
    .where('held', '=', change.held ? sql<boolean>`false` : sql<boolean>`true`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Bumps the order's version (every line move does); answers the new one. */
export async function bumpOrderVersion(db: Kysely<Database>, restaurantId: string, orderId: string): Promise<number> {
  const row = await db
    .updateTable('orders')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', orderId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * An order a waiter accepted reaches the kitchen now: its lines that are not
 * held are fired, and every line is stamped so screens catching up see it.
 */
export async function sendAcceptedLines(
  db: Kysely<Database>,
  restaurantId: string,
  orderId: string,
  at: { firedAt: string; seq: number },
): Promise<string[]> {
  const rows = await db
    .updateTable('order_lines')
    .set((eb) => ({
      seq: at.seq,
      fired_at: eb
        .case()
        .when('held', '=', sql<boolean>`false`)
        .then(at.firedAt)
        .else(null)
        .end(),
    }))
    .where('restaurant_id', '=', restaurantId)
    .where('order_id', '=', orderId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A session moved to another table: its lines still in the kitchen are
 * stamped, so a screen catching up sees the tickets' new table name.
 */
export async function restampSessionLines(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  seq: number,
): Promise<void> {
  await db
    .updateTable('order_lines')
    .set({ seq })
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('status', 'in', ['NEW', 'IN_PROGRESS', 'READY'])
    .execute();
}

/** The open session at a table, if any: its kitchen lines take a new sequence when the table is renamed. */
export async function findOpenSessionIdAt(
  db: Kysely<Database>,
  restaurantId: string,
  tableId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('table_sessions')
    .select('id')
    .where('restaurant_id', '=', restaurantId)
    .where('table_id', '=', tableId)
    .where('status', '=', 'OPEN')
    .executeTakeFirst();
  return row?.id;
}
