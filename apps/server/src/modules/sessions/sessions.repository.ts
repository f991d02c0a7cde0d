import type { SessionMode, TableSession } from '@plato/contracts';
import { type Kysely, type Selectable, sql } from 'kysely';
import { newId, nowIso } from '../../db/ids.ts';
import type { Database, TableSessionsTable } from '../../db/schema.ts';
import { PIN_LIMITS } from './pin.ts';
import { OPEN, RESOLVED } from '../../db/status-literals.ts';
import { precompiled } from '../../db/precompiled.ts';

export type SessionRow = Selectable<TableSessionsTable>;

export const toTableSession = (r: SessionRow): TableSession => ({
  id: r.id,
  mode: r.mode as SessionMode,
  tableId: r.table_id,
  status: r.status as TableSession['status'],
  openedAt: r.opened_at,
  closedAt: r.closed_at,
});

/** Line states that still need the kitchen or the floor: a session holding any is not settled. */
export const UNSETTLED_LINE_STATUSES = ['NEW', 'IN_PROGRESS', 'READY'] as const;

/**
 * The session, scoped by restaurant; `lock` takes a row lock on PostgreSQL so
 * that a close, move or PIN reset does not race another one (SQLite already
 * serialises transactions). FOR NO KEY UPDATE, not FOR UPDATE: none of them
 * changes the row's key, and it still waits for (and holds off) other
 * writers and the FOR SHARE that cart changes, staff orders and calls take,
 * but not the FOR KEY SHARE of a foreign-key check. A guest order inserts
 * its rows (checked against this row) after it has changed its cart, and a
 * close fences that cart after taking this lock: with FOR UPDATE each would
 * wait for the other, and PostgreSQL aborts one (40P01).
 */
export async function findSession(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  lock = false,
): Promise<SessionRow | undefined> {
  let q = db.selectFrom('table_sessions').selectAll().where('restaurant_id', '=', restaurantId).where('id', '=', id);
  if (lock) q = q.forNoKeyUpdate();
  return q.executeTakeFirst();
}

/** The table's OPEN session, if any (the database allows at most one). */
export async function findOpenSessionByTable(
  db: Kysely<Database>,
  restaurantId: string,
  tableId: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('table_sessions')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('table_id', '=', tableId)
    .where('status', '=', OPEN)
    .executeTakeFirst();
}

/** Throws the database's unique violation when the table already has an OPEN session. */
export async function insertSession(
  db: Kysely<Database>,
  s: { id: string; restaurantId: string; tableId: string; mode: SessionMode; pinHash: string; openedBy: string },
): Promise<SessionRow> {
  return db
    .insertInto('table_sessions')
    .values({
      id: s.id,
      restaurant_id: s.restaurantId,
      table_id: s.tableId,
      mode: s.mode,
      status: 'OPEN',
      pin_hash: s.pinHash,
      pin_failures: 0,
      pin_blocked_until: null,
      guest_seq: 0,
      opened_by: s.openedBy,
      opened_at: nowIso(),
      closed_at: null,
      closed_by: null,
      close_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The FAMILY cart every device at the table shares; the cart module also creates it on demand. */
export async function insertSharedCart(db: Kysely<Database>, restaurantId: string, sessionId: string): Promise<void> {
  await db
    .insertInto('carts')
    .values({ id: newId(), restaurant_id: restaurantId, session_id: sessionId, owner: 'TABLE', version: 0 })
    .onConflict((oc) => oc.columns(['session_id', 'owner']).doNothing())
    .execute();
}

/** A new PIN also forgets past failures and lifts any block. */
export async function replacePin(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  pinHash: string,
): Promise<void> {
  await db
    .updateTable('table_sessions')
    .set({ pin_hash: pinHash, pin_failures: 0, pin_blocked_until: null })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Moves the session, and its unresolved calls and its orders with it, so the
 * floor, the calls list and the kitchen all point at the table the guests now
 * sit at. Throws the database's unique violation when the target is occupied.
 */
export async function moveSession(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  tableId: string,
): Promise<void> {
  await db
    .updateTable('table_sessions')
    .set({ table_id: tableId })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
  await db
    .updateTable('calls')
    .set({ table_id: tableId })
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', id)
    .where('status', '<>', RESOLVED)
    .execute();
  await db
    .updateTable('orders')
    .set({ table_id: tableId })
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', id)
    .execute();
}

export async function countUnsettledLines(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
): Promise<number> {
  const row = await db
    .selectFrom('order_lines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('status', 'in', UNSETTLED_LINE_STATUSES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Returns false when the session was no longer OPEN (closed by someone else meanwhile). */
export async function closeSession(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  c: { by: string | null; reason: string | null },
): Promise<SessionRow | undefined> {
  return db
    .updateTable('table_sessions')
    .set({ status: 'CLOSED', closed_at: nowIso(), closed_by: c.by, close_reason: c.reason })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .where('status', '=', OPEN)
    .returningAll()
    .executeTakeFirst();
}

/** What a join needs, from the QR token alone: the table, its restaurant and its OPEN session if any. */
export interface JoinTarget {
  tableId: string;
  restaurantId: string;
  sessionId: string | null;
  mode: string | null;
  pinHash: string | null;
  pinBlockedUntil: string | null;
}

/** Like findTableByToken, not scoped by restaurant: the unguessable token is what names the restaurant. */
const joinTarget = precompiled((db, p: { qrToken: string }) =>
  db
    .selectFrom('dining_tables as t')
    .leftJoin('table_sessions as s', (j) => j.onRef('s.table_id', '=', 't.id').on('s.status', '=', OPEN))
    .select([
      't.id as tableId',
      't.restaurant_id as restaurantId',
      's.id as sessionId',
      's.mode as mode',
      's.pin_hash as pinHash',
      's.pin_blocked_until as pinBlockedUntil',
    ])
    .where('t.qr_token', '=', p.qrToken),
);

export async function findJoinTarget(db: Kysely<Database>, qrToken: string): Promise<JoinTarget | undefined> {
  const [row] = await joinTarget(db, { qrToken });
  return row;
}

/**
 * Takes one of the session's PIN attempts before the PIN is compared, in a
 * single conditional UPDATE … RETURNING: the attempt counts as a failure up
 * front, and the statement refuses (no row) once the session is blocked, so
 * however many guesses arrive at once — from any address, on any instance —
 * at most `failuresBeforeBlock` are ever compared per block. On PostgreSQL
 * the update holds the row lock until the join commits, so the next attempt
 * sees this one's outcome (a right PIN gives its slot back with
 * `releasePinAttempt`). The right-hand sides all see the row as it was: an
 * expired block restarts the count at 1, and the attempt that reaches the
 * limit sets the block. It returns the PIN hash as it is now, so a PIN reset
 * that committed meanwhile is honoured.
 */
const reserveAttempt = precompiled(
  (db, p: { restaurantId: string; sessionId: string; at: string; until: string; limit: number }) => {
    const expired = sql<boolean>`(pin_blocked_until is not null and pin_blocked_until <= ${p.at})`;
    const failures = sql<number>`case when ${expired} then 1 else pin_failures + 1 end`;
    return db
      .updateTable('table_sessions')
      .set({
        pin_failures: failures,
        pin_blocked_until: sql<
          string | null
        >`case when ${failures} = ${p.limit} then ${p.until} when ${expired} then null else pin_blocked_until end`,
      })
      .where('restaurant_id', '=', p.restaurantId)
      .where('id', '=', p.sessionId)
      .where('status', '=', OPEN)
      .where(sql<boolean>`((pin_blocked_until is null and pin_failures < ${p.limit}) or ${expired})`)
      .returning(['pin_failures', 'pin_hash']);
  },
);

export async function reservePinAttempt(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  now: Date,
): Promise<{ failures: number; pinHash: string } | undefined> {
  const [row] = await reserveAttempt(db, {
    restaurantId,
    sessionId,
    at: now.toISOString(),
    until: new Date(now.getTime() + PIN_LIMITS.blockMs).toISOString(),
    limit: PIN_LIMITS.failuresBeforeBlock,
  });
  return row && { failures: Number(row.pin_failures), pinHash: row.pin_hash };
}

/**
 * Gives back the slot a right PIN reserved, in the same transaction (which
 * still holds the row): the count drops by one, and a block this very
 * attempt set is lifted, since only the attempts before it were wrong.
 */
const releaseAttempt = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .updateTable('table_sessions')
    .set({ pin_failures: sql<number>`pin_failures - 1`, pin_blocked_until: null })
    .where('restaurant_id', '=', p.restaurantId)
    .where('id', '=', p.sessionId),
);

export async function releasePinAttempt(db: Kysely<Database>, restaurantId: string, sessionId: string): Promise<void> {
  await releaseAttempt(db, { restaurantId, sessionId });
}
