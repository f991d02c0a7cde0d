import type { Call, CallKind } from '@plato/contracts';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import { newId } from '../../db/ids.ts';
import { inList } from '../../db/in-list.ts';
import type { CallsTable, Database } from '../../db/schema.ts';
import { OPEN, RESOLVED } from '../../db/status-literals.ts';

export type CallRow = Selectable<CallsTable>;

export const toCall = (r: CallRow): Call => ({
  id: r.id,
  tableId: r.table_id,
  sessionId: r.session_id,
  kind: r.kind as CallKind,
  status: r.status as Call['status'],
  createdAt: r.created_at,
  lastRequestedAt: r.last_requested_at,
  repeats: r.repeats,
});

export async function findCall(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  lock = false,
): Promise<CallRow | undefined> {
  let q = db.selectFrom('calls').selectAll().where('restaurant_id', '=', restaurantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Whether the session is still OPEN, read inside the caller's transaction;
 * `lock` (PostgreSQL) takes a share lock on the session row, so a close
 * (which locks it for update) waits for the caller or is seen by it.
 */
export async function isSessionOpen(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  lock = false,
): Promise<boolean> {
  let q = db
    .selectFrom('table_sessions')
    .select('status')
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', sessionId);
  if (lock) q = q.forShare();
  return (await q.executeTakeFirst())?.status === 'OPEN';
}

/** The session's unresolved call of this kind (the database allows at most one). */
export async function findUnresolvedCall(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  kind: CallKind,
  lock = false,
): Promise<CallRow | undefined> {
  let q = db
    .selectFrom('calls')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('kind', '=', kind)
    .where('status', '<>', RESOLVED);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Undefined when another request created the session's call of this kind first (calls_one_open). */
export async function insertCall(
  db: Kysely<Database>,
  c: { restaurantId: string; sessionId: string; tableId: string; guestId: string; kind: CallKind; at: string },
): Promise<CallRow | undefined> {
  return db
    .insertInto('calls')
    .values({
      id: newId(),
      restaurant_id: c.restaurantId,
      session_id: c.sessionId,
      table_id: c.tableId,
      guest_id: c.guestId,
      kind: c.kind,
      status: 'OPEN',
      repeats: 0,
      created_at: c.at,
      last_requested_at: c.at,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Counts a repeated request into the open call; `reopen` sends an acknowledged call back to OPEN. */
export async function foldCall(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  at: string,
  reopen: boolean,
): Promise<CallRow> {
  return db
    .updateTable('calls')
    .set({
      repeats: sql<number>`repeats + 1`,
      last_requested_at: at,
      ...(reopen && { status: 'OPEN', acknowledged_at: null, acknowledged_by: null }),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Unresolved calls of the restaurant's open sessions, oldest first;
 * `sessionIds` narrows them to some sessions. The join leaves out a call that
 * slipped in while its session was closing.
 */
export async function listUnresolvedCalls(
  db: Kysely<Database>,
  restaurantId: string,
  sessionIds?: readonly string[],
): Promise<CallRow[]> {
  if (sessionIds && sessionIds.length === 0) return [];
  let q = db
    .selectFrom('calls as c')
    .innerJoin('table_sessions as s', 's.id', 'c.session_id')
    .selectAll('c')
    .where('c.restaurant_id', '=', restaurantId)
    .where('c.status', '<>', RESOLVED)
    .where('s.status', '=', OPEN);
  if (sessionIds) q = q.where('c.session_id', 'in', inList(sessionIds));
  return q.orderBy('c.created_at').orderBy('c.id').execute();
}

export async function acknowledgeCall(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  staffId: string,
  at: string,
): Promise<CallRow> {
  return db
    .updateTable('calls')
    .set({ status: 'ACKNOWLEDGED', acknowledged_at: at, acknowledged_by: staffId })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Resolves one call, or with `sessionId` every unresolved call of the session; returns the rows it resolved. */
export async function resolveCalls(
  db: Kysely<Database>,
  restaurantId: string,
  which: { id: string } | { sessionId: string },
  staffId: string | null,
  at: string,
): Promise<CallRow[]> {
  let q = db
    .updateTable('calls')
    .set({ status: 'RESOLVED', resolved_at: at, resolved_by: staffId })
    .where('restaurant_id', '=', restaurantId)
    .where('status', '<>', RESOLVED);
  q = 'id' in which ? q.where('id', '=', which.id) : q.where('session_id', '=', which.sessionId);
  return q.returningAll().execute();
}
