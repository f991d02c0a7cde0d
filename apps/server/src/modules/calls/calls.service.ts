import type { Call, CallKind } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { nowIso } from '../../db/ids.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import type { AfterCommit, TransactionHookMap } from '../../domain-events.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuditActor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { GuestIdentity } from '../sessions/guest-tokens.repository.ts';
import * as repo from './calls.repository.ts';

/** A repeat within this long of the last request folds silently; a later one alerts the floor again. */
export const CALL_REALERT_MS = 2 * 60 * 1000;

const announce = (c: repo.CallRow) => ({ id: c.id, tableId: c.table_id, kind: c.kind as CallKind });

/**
 * A guest calls the waiter or asks for the bill. The session has at most one
 * unresolved call of each kind (a partial unique index): a repeat folds into
 * it, and alerts the floor again only when the last request is over two
 * minutes old (it then counts as unanswered, so an acknowledged call reopens).
 */
export async function createCall(
  ctx: AppContext,
  guest: GuestIdentity,
  actor: AuditActor,
  kind: CallKind,
): Promise<Call> {
  const { restaurantId, sessionId } = guest;
  const lock = ctx.dialect === 'postgres';
  const { call, alert, created } = await inTransaction(ctx.db, async (tx) => {
    // The token was checked before this transaction: a close may have committed since.
    if (!(await repo.isSessionOpen(tx, restaurantId, sessionId, lock))) {
      throw new AppError('SESSION_CLOSED', 'The table session is closed');
    }
    const at = nowIso();
    let existing = await repo.findUnresolvedCall(tx, restaurantId, sessionId, kind, lock);
    if (!existing) {
      const inserted = await repo.insertCall(tx, {
        restaurantId,
        sessionId,
        tableId: guest.tableId,
        guestId: guest.guestId,
        kind,
        at,
      });
      if (inserted) {
        await recordAudit(tx, {
          restaurantId,
          actor,
          action: 'call.created',
          entityType: 'call',
          entityId: inserted.id,
          data: { kind, tableId: inserted.table_id },
        });
        return { call: inserted, alert: true, created: true };
      }
      // Another device of the table created it a moment ago: fold into that one.
      existing = await repo.findUnresolvedCall(tx, restaurantId, sessionId, kind, lock);
      if (!existing) throw new Error('call insert clashed but no unresolved call exists');
    }
    const stale = Date.parse(at) - Date.parse(existing.last_requested_at) >= CALL_REALERT_MS;
    const call = await repo.foldCall(tx, restaurantId, existing.id, at, stale && existing.status !== 'OPEN');
    return { call, alert: stale, created: false };
  });
  if (alert) ctx.live.callCreated(restaurantId, announce(call));
  ctx.live.callUpdated(repo.toCall(call));
  if (created || alert)
    await ctx.events.emit('call.changed', { restaurantId, callId: call.id, tableId: call.table_id });
  return repo.toCall(call);
}

/** A session's open and acknowledged calls, oldest first: what its guests see. */
export async function listSessionCalls(ctx: AppContext, restaurantId: string, sessionId: string): Promise<Call[]> {
  return (await repo.listUnresolvedCalls(ctx.db, restaurantId, [sessionId])).map(repo.toCall);
}

/** The restaurant's open and acknowledged calls, oldest first. */
export async function listCalls(ctx: AppContext, restaurantId: string): Promise<Call[]> {
  return (await repo.listUnresolvedCalls(ctx.db, restaurantId)).map(repo.toCall);
}

/** OPEN → ACKNOWLEDGED ("on my way"); acknowledging again changes nothing; a resolved call is 409. */
export async function acknowledgeCall(
  ctx: AppContext,
  restaurantId: string,
  staffId: string,
  id: string,
): Promise<Call> {
  const { call, changed } = await inTransaction(ctx.db, async (tx) => {
    const call = await repo.findCall(tx, restaurantId, id, ctx.dialect === 'postgres');
    if (!call) throw notFound('Call');
    if (call.status === 'RESOLVED') throw new AppError('INVALID_TRANSITION', 'The call is already resolved');
    if (call.status === 'ACKNOWLEDGED') return { call, changed: false };
    return { call: await repo.acknowledgeCall(tx, restaurantId, id, staffId, nowIso()), changed: true };
  });
  if (changed) {
    ctx.live.callUpdated(repo.toCall(call));
    await ctx.events.emit('call.changed', { restaurantId, callId: call.id, tableId: call.table_id });
  }
  return repo.toCall(call);
}

/** Resolves the call; resolving it again answers the resolved call, so two waiters tapping at once both succeed. */
export async function resolveCall(ctx: AppContext, restaurantId: string, staffId: string, id: string): Promise<Call> {
  const { call, changed } = await inTransaction(ctx.db, async (tx) => {
    const call = await repo.findCall(tx, restaurantId, id, ctx.dialect === 'postgres');
    if (!call) throw notFound('Call');
    if (call.status === 'RESOLVED') return { call, changed: false };
    const [resolved] = await repo.resolveCalls(tx, restaurantId, { id }, staffId, nowIso());
    return { call: resolved ?? call, changed: resolved !== undefined };
  });
  if (changed) {
    ctx.live.callResolved(restaurantId, announce(call));
    ctx.live.callUpdated(repo.toCall(call));
    await ctx.events.emit('call.changed', { restaurantId, callId: call.id, tableId: call.table_id });
  }
  return repo.toCall(call);
}

/**
 * A closing session's calls are resolved in its transaction (wired to the
 * `session.closing` hook); the floor hears of each once it has committed.
 */
export async function resolveSessionCalls(
  ctx: AppContext,
  tx: Tx,
  closing: TransactionHookMap['session.closing'],
  afterCommit: AfterCommit,
): Promise<void> {
  const { restaurantId, sessionId, staffId } = closing;
  const resolved = await repo.resolveCalls(tx, restaurantId, { sessionId }, staffId, nowIso());
  afterCommit(() => {
    for (const c of resolved) ctx.live.callResolved(restaurantId, announce(c));
  });
}
