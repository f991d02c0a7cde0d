import type { PublicTableResponse, SessionMode, TableSession } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuthenticatedStaff } from '../../http/access.ts';
import type { SessionCloseNotes } from '../../domain-events.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { findRestaurant } from '../restaurants/restaurants.repository.ts';
import { findTable, findTableByToken } from '../tables/tables.repository.ts';
import { deleteGuestTokensOfSession } from './guest-tokens.repository.ts';
import { generatePin, hashPin } from './pin.ts';
import * as repo from './sessions.repository.ts';

const occupied = () => new AppError('TABLE_OCCUPIED', 'The table already has an open session');

/** The restaurant's session, locked for the rest of the transaction; unknown → 404, closed → 409. */
async function openSessionFor(ctx: AppContext, tx: Tx, restaurantId: string, id: string): Promise<repo.SessionRow> {
  const session = await repo.findSession(tx, restaurantId, id, ctx.dialect === 'postgres');
  if (!session) throw notFound('Session');
  if (session.status !== 'OPEN') throw new AppError('SESSION_CLOSED', 'The session is already closed');
  return session;
}

/**
 * Opens a session on a free table and makes its PIN. Only the PIN's keyed
 * hash is stored; the PIN itself is answered once, to the waiter. The
 * database's partial unique index decides between two waiters opening the
 * same table at once.
 */
export async function openSession(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  actor: AuditActor,
  tableId: string,
  mode: SessionMode,
): Promise<{ session: TableSession; pin: string }> {
  const { restaurantId } = staff;
  const result = await inTransaction(ctx.db, async (tx) => {
    const table = await findTable(tx, restaurantId, tableId);
    if (!table) throw notFound('Table');
    const restaurant = await findRestaurant(tx, restaurantId);
    if (!restaurant) throw notFound('Restaurant');
    const id = newId();
    const pin = generatePin(restaurant.pinLength);
    let row: repo.SessionRow;
    try {
      row = await repo.insertSession(tx, {
        id,
        restaurantId,
        tableId,
        mode,
        pinHash: hashPin(ctx.config.secret, id, pin),
        openedBy: staff.id,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw occupied();
      throw err;
    }
    if (mode === 'FAMILY') await repo.insertSharedCart(tx, restaurantId, id);
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'session.opened',
      entityType: 'table_session',
      entityId: id,
      data: { tableId, tableName: table.name, mode },
    });
    return { session: repo.toTableSession(row), pin };
  });
  await ctx.events.emit('session.opened', { restaurantId, sessionId: result.session.id, tableId });
  return result;
}

/** A new PIN for the session; it forgets past failures, which lifts a block. */
export async function resetPin(
  ctx: AppContext,
  restaurantId: string,
  actor: AuditActor,
  sessionId: string,
): Promise<{ pin: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const session = await openSessionFor(ctx, tx, restaurantId, sessionId);
    const restaurant = await findRestaurant(tx, restaurantId);
    if (!restaurant) throw notFound('Restaurant');
    const pin = generatePin(restaurant.pinLength);
    await repo.replacePin(tx, restaurantId, sessionId, hashPin(ctx.config.secret, sessionId, pin));
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'session.pin_reset',
      entityType: 'table_session',
      entityId: sessionId,
      data: {
        tableId: session.table_id,
        wasBlocked: session.pin_blocked_until !== null && session.pin_blocked_until > nowIso(),
      },
    });
    return { pin };
  });
}

/** Moves the session to a free table of the restaurant; guests, carts, orders and calls go with it. */
export async function moveSession(
  ctx: AppContext,
  restaurantId: string,
  actor: AuditActor,
  sessionId: string,
  tableId: string,
): Promise<TableSession> {
  const { session, from } = await inTransaction(ctx.db, async (tx, afterCommit) => {
    const session = await openSessionFor(ctx, tx, restaurantId, sessionId);
    const target = await findTable(tx, restaurantId, tableId);
    if (!target) throw notFound('Table');
    // Already there: a retried move succeeds without doing anything twice.
    if (session.table_id === tableId) return { session, from: tableId };
    // An order placed meanwhile carries the table it read: make it read again (the carts fence themselves).
    const moving = { restaurantId, sessionId, from: session.table_id, to: tableId };
    await ctx.events.run('session.moving', tx, moving, afterCommit);
    try {
      await repo.moveSession(tx, restaurantId, sessionId, tableId);
    } catch (err) {
      if (isUniqueViolation(err)) throw occupied();
      throw err;
    }
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'session.moved',
      entityType: 'table_session',
      entityId: sessionId,
      data: { from: session.table_id, to: tableId, toName: target.name },
    });
    return { session: { ...session, table_id: tableId }, from: session.table_id };
  });
  if (from !== tableId) await ctx.events.emit('session.moved', { restaurantId, sessionId, from, to: tableId });
  return repo.toTableSession(session);
}

/**
 * Closes the session: revokes every guest token, resolves its calls and frees
 * the table. A session whose bill still has a balance closes only with a
 * manager's (or admin's) reason: billing checks it in the close's
 * transaction (`session.closing`).
 */
export async function closeSession(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  actor: AuditActor,
  sessionId: string,
  reason: string | undefined,
): Promise<{ session: TableSession; receiptUrl: string | null }> {
  const override = Boolean(reason) && (staff.role === 'MANAGER' || staff.role === 'ADMIN');
  return close(ctx, { restaurantId: staff.restaurantId, staffId: staff.id, override }, actor, sessionId, reason);
}

/**
 * The restaurant's auto-close (`auto_close`): the session closes itself once
 * its last payment settled it, exactly as a cashier's close (the same hooks,
 * so a balance or a payment still pending refuses it). False when it was
 * not closed (already closed, or no longer settled by the time it ran).
 */
export async function closeSettledSession(ctx: AppContext, restaurantId: string, sessionId: string): Promise<boolean> {
  const actor: AuditActor = { type: 'SYSTEM', label: 'auto-close on the last payment' };
  try {
    await close(ctx, { restaurantId, staffId: null, override: false }, actor, sessionId, undefined);
    return true;
  } catch (err) {
    if (err instanceof AppError && (err.code === 'SESSION_CLOSED' || err.code === 'BALANCE_DUE')) return false;
    throw err;
  }
}

async function close(
  ctx: AppContext,
  by: { restaurantId: string; staffId: string | null; override: boolean },
  actor: AuditActor,
  sessionId: string,
  reason: string | undefined,
): Promise<{ session: TableSession; receiptUrl: string | null }> {
  const { restaurantId, staffId, override } = by;
  // What the hooks announce after commit (their calls resolved), after the session's own close.
  const announce: Array<() => void> = [];
  const notes: SessionCloseNotes = { receiptUrl: null };
  const closed = await inTransaction(ctx.db, async (tx) => {
    await openSessionFor(ctx, tx, restaurantId, sessionId);
    // Before counting: a guest order still in flight either committed already (and is counted) or now fails and
    // reads the session closed (the carts fence themselves); its calls are resolved with it.
    // Billing refuses (409 BALANCE_DUE) a session with something still owed, unless a manager overrides.
    await ctx.events.run('session.closing', tx, { restaurantId, sessionId, staffId, override, notes }, (fn) =>
      announce.push(fn),
    );
    const unsettled = await repo.countUnsettledLines(tx, restaurantId, sessionId);
    const closed = await repo.closeSession(tx, restaurantId, sessionId, { by: staffId, reason: reason ?? null });
    if (!closed) throw new AppError('SESSION_CLOSED', 'The session is already closed');
    await deleteGuestTokensOfSession(tx, sessionId);
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'session.closed',
      entityType: 'table_session',
      entityId: sessionId,
      data: { tableId: closed.table_id, reason: reason ?? null, override, unsettledLines: unsettled },
    });
    return closed;
  });
  ctx.live.sessionClosed(restaurantId, sessionId, notes.receiptUrl);
  for (const fn of announce) fn();
  await ctx.events.emit('session.closed', { restaurantId, sessionId, tableId: closed.table_id });
  return { session: repo.toTableSession(closed), receiptUrl: notes.receiptUrl };
}

/** Whether guests can join at the table now (the public QR page asks). */
export async function hasOpenSession(
  ctx: Pick<AppContext, 'db'>,
  restaurantId: string,
  tableId: string,
): Promise<boolean> {
  return (await repo.findOpenSessionByTable(ctx.db, restaurantId, tableId)) !== undefined;
}

/** What a guest's phone shows after scanning; an unknown or rotated-away token is a 404. */
export async function getPublicTable(ctx: AppContext, qrToken: string): Promise<PublicTableResponse> {
  const found = await findTableByToken(ctx.db, qrToken);
  if (!found) throw notFound('Table');
  return {
    restaurant: { name: found.restaurantName, currency: found.currency, locale: found.locale },
    table: { name: found.tableName },
    pinLength: found.pinLength,
    sessionOpen: await hasOpenSession(ctx, found.restaurantId, found.tableId),
  };
}
