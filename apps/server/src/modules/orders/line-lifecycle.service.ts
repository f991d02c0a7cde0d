import { LINE_MOVES_BY_ROLE, LINE_TRANSITIONS, type LineStatus } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { nowIso } from '../../db/ids.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuthenticatedStaff } from '../../http/access.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import {
  type MovableLine,
  bumpOrderVersion,
  findCourseLines,
  findLastBumped,
  findMovableLine,
  findOpenSessionIdAt,
  findTicketLines,
  moveLines,
  restampSessionLines,
  setHeld,
} from './line-lifecycle.repository.ts';
import { nextLineSeq } from './orders.repository.ts';
import { loadOrder } from './orders.service.ts';

/*
 * The order-line lifecycle (PRODUCT.md), enforced here and only here:
 * NEW → IN_PROGRESS → READY → SERVED, NEW / IN_PROGRESS / READY → CANCELLED
 * with a reason, READY → IN_PROGRESS (recall), as LINE_TRANSITIONS says;
 * who may ask for which status as LINE_MOVES_BY_ROLE says. Every move stamps
 * who and when, takes the restaurant's next line-change sequence, bumps the
 * order's version, is audited, and once committed is announced: `line.status`
 * and the order to the session and the floor, and `order.lines.changed` for
 * the kitchen to send its tickets.
 */

const invalid = (detail: string) => new AppError('INVALID_TRANSITION', detail);

/** Authorisation before state (API.md): a role that may never set `to` gets 403 whatever the line's state. */
function requireMayMove(staff: AuthenticatedStaff, to: LineStatus): void {
  if (!LINE_MOVES_BY_ROLE[staff.role].includes(to)) {
    throw new AppError('FORBIDDEN', `A ${staff.role.toLowerCase()} cannot move a line to ${to}`);
  }
}

/** A chef tied to a station works that station's lines only. */
function requireOwnStation(staff: AuthenticatedStaff, stationId: string): void {
  if (staff.role === 'CHEF' && staff.stationId !== null && staff.stationId !== stationId) {
    throw new AppError('FORBIDDEN', "This line is cooked at another station than this chef's");
  }
}

/** Whether a line may go from its status to `to`; the reason it may not, as a 409's detail. */
function refusal(line: MovableLine, to: LineStatus): string | undefined {
  if (line.approval === 'PENDING') return `Order ${line.orderNumber} is waiting for a waiter's approval`;
  if (!LINE_TRANSITIONS[line.status].includes(to)) return `A ${line.status} line cannot become ${to}`;
  if (line.held && to !== 'CANCELLED') return `"${line.name}" is held: fire course ${line.course} first`;
  return undefined;
}

export interface LinesChanged {
  restaurantId: string;
  orderId: string;
  sessionId: string;
  lineIds: string[];
  orderVersion: number;
}

/**
 * Writes one move of some lines of one order, in the caller's transaction:
 * the status, the sequence, the order's version, the audit entry; and queues
 * its announcements. Answers the ids that moved (a line moved by someone
 * else meanwhile is left out).
 */
async function writeMove(
  ctx: AppContext,
  tx: Tx,
  afterCommit: (fn: () => void) => void,
  staff: AuthenticatedStaff,
  actor: AuditActor,
  lines: readonly MovableLine[],
  move: { to: LineStatus; reason: string | null; action: string },
): Promise<LinesChanged | undefined> {
  const first = lines[0];
  if (!first) return undefined;
  const { restaurantId } = staff;
  const at = nowIso();
  // Locks in the order every writer takes them (the order's row, then the restaurant's counter, then lines),
  // so a move never deadlocks with an acceptance of the same order on PostgreSQL. A move that moves nothing
  // throws and rolls this back.
  const orderVersion = await bumpOrderVersion(tx, restaurantId, first.orderId);
  const seq = await nextLineSeq(tx, restaurantId);
  const moved: string[] = [];
  // Lines of one ticket may be in different states (one started, one not): each moves from its own.
  for (const from of new Set(lines.map((l) => l.status))) {
    const ids = lines.filter((l) => l.status === from).map((l) => l.id);
    moved.push(
      ...(await moveLines(tx, restaurantId, ids, {
        from,
        to: move.to,
        at,
        seq,
        staffId: staff.id,
        reason: move.reason,
      })),
    );
  }
  if (moved.length === 0) return undefined;
  await recordAudit(tx, {
    restaurantId,
    actor,
    action: move.action,
    entityType: moved.length === 1 ? 'order_line' : 'order',
    entityId: moved.length === 1 ? moved[0] : first.orderId,
    data: {
      orderId: first.orderId,
      number: first.orderNumber,
      lines: moved.length,
      to: move.to,
      ...(moved.length === 1 && { from: lines.find((l) => l.id === moved[0])?.status }),
      ...(move.reason !== null && { reason: move.reason }),
    },
  });
  const change: LinesChanged = {
    restaurantId,
    orderId: first.orderId,
    sessionId: first.sessionId,
    lineIds: moved,
    orderVersion,
  };
  afterCommit(() => {
    for (const lineId of moved) {
      ctx.live.lineStatus(restaurantId, first.sessionId, {
        orderId: first.orderId,
        lineId,
        status: move.to,
        orderVersion,
      });
    }
    void announce(ctx, change, move.to === 'CANCELLED' ? { voided: move.reason ?? '' } : {});
  });
  return change;
}

/** After commit: the order's new state to the table and the floor; the lines to the kitchen. */
async function announce(ctx: AppContext, change: LinesChanged, how: { voided?: string }): Promise<void> {
  const { restaurantId, orderId, lineIds } = change;
  void ctx.events.emit('order.lines.changed', {
    restaurantId,
    sessionId: change.sessionId,
    orderId,
    lineIds,
    change: how.voided !== undefined ? 'VOIDED' : 'MOVED',
    ...(how.voided !== undefined && { reason: how.voided }),
  });
  const order = await loadOrder(ctx.db, restaurantId, orderId);
  ctx.live.orderUpdated(restaurantId, order);
  void ctx.events.emit('table.changed', { restaurantId, tableIds: [order.tableId] });
}

/**
 * One line to a new status (POST /order-lines/:id/status). 403 for a role
 * that may not ask for it, 400 for a void without a reason, 404 for an
 * unknown line (or another restaurant's), 409 INVALID_TRANSITION for a move
 * the table has not, a held line, or a line moved meanwhile.
 */
export async function moveLine(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  lineId: string,
  request: { status: LineStatus; reason?: string | undefined },
  actor: AuditActor,
): Promise<LinesChanged> {
  requireMayMove(staff, request.status);
  const reason = request.reason ?? null;
  if (request.status === 'CANCELLED' && reason === null) {
    throw new AppError('VALIDATION_FAILED', 'A void needs a reason', {
      errors: [{ path: 'body.reason', message: 'Say why the line is voided' }],
    });
  }
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const line = await findMovableLine(tx, staff.restaurantId, lineId);
    if (!line) throw notFound('Order line');
    requireOwnStation(staff, line.stationId);
    const why = refusal(line, request.status);
    if (why) throw invalid(why);
    const action = request.status === 'CANCELLED' ? 'order.line.voided' : 'order.line.status';
    const change = await writeMove(ctx, tx, afterCommit, staff, actor, [line], { to: request.status, reason, action });
    if (!change) throw invalid('The line was moved by someone else meanwhile; reload it');
    return change;
  });
}

/**
 * Bumps a whole ticket (one order's lines at one station): every line it may
 * cook (not held) that is NEW or IN_PROGRESS becomes READY, in one move.
 * 409 when there is nothing left to bump.
 */
export async function bumpTicketLines(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  ticket: { orderId: string; stationId: string },
  actor: AuditActor,
): Promise<LinesChanged> {
  requireMayMove(staff, 'READY');
  requireOwnStation(staff, ticket.stationId);
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const lines = await findTicketLines(tx, staff.restaurantId, ticket);
    const first = lines[0];
    if (!first) throw notFound('Ticket');
    if (first.approval === 'PENDING') throw invalid(`Order ${first.orderNumber} is waiting for a waiter's approval`);
    const open = lines.filter((l) => !l.held && (l.status === 'NEW' || l.status === 'IN_PROGRESS'));
    if (open.length === 0) throw invalid('Nothing on this ticket is left to bump');
    const change = await writeMove(ctx, tx, afterCommit, staff, actor, open, {
      to: 'READY',
      reason: null,
      action: 'kitchen.ticket.bumped',
    });
    if (!change) throw invalid('The ticket was bumped by someone else meanwhile');
    return change;
  });
}

/**
 * Recalls the last bumped ticket (of the given station, the chef's own, or
 * any): its READY lines go back to IN_PROGRESS. 404 when nothing is at the
 * pass to recall.
 */
export async function recallLastBumped(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  station: string | undefined,
  actor: AuditActor,
): Promise<LinesChanged & { stationId: string }> {
  requireMayMove(staff, 'IN_PROGRESS');
  if (station !== undefined) requireOwnStation(staff, station);
  const stationIds =
    station !== undefined ? [station] : staff.role === 'CHEF' && staff.stationId ? [staff.stationId] : undefined;
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const last = await findLastBumped(tx, staff.restaurantId, stationIds);
    if (!last) throw notFound('A bumped ticket');
    const ready = (await findTicketLines(tx, staff.restaurantId, last)).filter((l) => l.status === 'READY');
    const change = await writeMove(ctx, tx, afterCommit, staff, actor, ready, {
      to: 'IN_PROGRESS',
      reason: null,
      action: 'kitchen.ticket.recalled',
    });
    if (!change) throw invalid('The ticket was recalled by someone else meanwhile');
    return { ...change, stationId: last.stationId };
  });
}

/**
 * Holds a course of an order (its lines not started yet wait, untimed) or
 * fires it (they go to the kitchen now). 404 for an unknown order or a
 * course it has no line of; 409 when nothing is left to hold or fire.
 */
export async function holdOrFireCourse(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  at: { orderId: string; course: number },
  hold: boolean,
  actor: AuditActor,
): Promise<LinesChanged> {
  const { restaurantId } = staff;
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const lines = await findCourseLines(tx, restaurantId, at.orderId, at.course);
    const first = lines[0];
    if (!first) throw notFound(`Course ${at.course} of this order`);
    const candidates = lines.filter((l) => l.status === 'NEW' && l.held !== hold).map((l) => l.id);
    if (candidates.length === 0) {
      throw invalid(hold ? `Course ${at.course} has nothing left to hold` : `Course ${at.course} is not held`);
    }
    const now = nowIso();
    // The order's row before the counter, as every writer takes them (see writeMove).
    const orderVersion = await bumpOrderVersion(tx, restaurantId, at.orderId);
    const seq = await nextLineSeq(tx, restaurantId);
    // A pending order's lines are fired when a waiter accepts it, not before.
    const firedAt = hold || first.approval === 'PENDING' ? null : now;
    const changed = await setHeld(tx, restaurantId, candidates, {
      held: hold,
      at: now,
      seq,
      staffId: staff.id,
      firedAt,
    });
    if (changed.length === 0) throw invalid('The course changed meanwhile; reload it');
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: hold ? 'order.course.held' : 'order.course.fired',
      entityType: 'order',
      entityId: at.orderId,
      data: { number: first.orderNumber, course: at.course, lines: changed.length },
    });
    const change: LinesChanged = {
      restaurantId,
      orderId: at.orderId,
      sessionId: first.sessionId,
      lineIds: changed,
      orderVersion,
    };
    afterCommit(() => void announce(ctx, change, {}));
    return change;
  });
}

/**
 * In the session move's transaction (wired to `session.moving`): the
 * session's lines still in the kitchen take a new sequence, so a screen
 * catching up with `since` sees their tickets' new table name.
 */
export async function restampMovedSession(tx: Tx, restaurantId: string, sessionId: string): Promise<void> {
  await restampSessionLines(tx, restaurantId, sessionId, await nextLineSeq(tx, restaurantId));
}

/**
 * In a table rename's transaction (wired to `table.renaming`): the lines of
 * the table's open session still in the kitchen take a new sequence, as for
 * a session move, so screens catching up see the new name.
 */
export async function restampRenamedTable(tx: Tx, restaurantId: string, tableId: string): Promise<void> {
  const sessionId = await findOpenSessionIdAt(tx, restaurantId, tableId);
  if (sessionId) await restampMovedSession(tx, restaurantId, sessionId);
}
