import type { Bill as BillView, CreatePaymentRequest, CreateSplitRequest, Payment, Refund } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, nowIso, sha256 } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuthenticatedStaff } from '../../http/access.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { closeSettledSession } from '../sessions/sessions.service.ts';
import { roundToStep } from './allocation.ts';
import type { Bill } from './bill.compute.ts';
import { computeStoredBill } from './bill.inputs.ts';
import { toBillView, toPayment } from './billing.presenters.ts';
import {
  type BillSessionRow,
  type PaymentRow,
  bumpBillVersion,
  findBillSession,
  findPayment,
  findPaymentByKey,
  findSplit,
  insertDiscount,
  insertPayment,
  insertRefund,
  isLiveLineOf,
  orderVersions,
  removeDiscount,
  saveSplit,
  selectBillLines,
  selectDiscounts,
  selectPayments,
  selectRefunds,
  selectRefundsOfPayment,
  selectSessionGuests,
} from './billing.repository.ts';
import { SplitRefused, computeSplit } from './split.compute.ts';

/** The stored rows a bill is computed from. */
interface BillRows {
  lines: Awaited<ReturnType<typeof selectBillLines>>;
  discounts: Awaited<ReturnType<typeof selectDiscounts>>;
  payments: PaymentRow[];
  refunds: Awaited<ReturnType<typeof selectRefunds>>;
  split: Awaited<ReturnType<typeof findSplit>>;
  /** The orders' count and versions: with the session's bill version, the bill's version. */
  versions: number;
}

interface Computed {
  session: BillSessionRow;
  rows: BillRows;
  bill: Bill;
  view: BillView;
}

/** The bill of rows already read. */
function billOf(session: BillSessionRow, rows: BillRows): Computed {
  const bill = computeStoredBill(session, rows, session.status === 'OPEN', nowIso());
  const { discounts, payments, split } = rows;
  const view = toBillView({ session, bill, discounts, payments, split, version: session.billVersion + rows.versions });
  return { session, rows, bill, view };
}

/** Reads everything a bill is computed from, in the caller's transaction (or not), and computes it. */
export async function computeFor(
  db: Kysely<Database>,
  session: BillSessionRow,
  restaurantId: string,
): Promise<Computed> {
  const sessionId = session.id;
  const [lines, discounts, payments, refunds, split, versions] = await Promise.all([
    selectBillLines(db, restaurantId, sessionId),
    selectDiscounts(db, restaurantId, sessionId),
    selectPayments(db, restaurantId, sessionId),
    selectRefunds(db, restaurantId, sessionId),
    findSplit(db, restaurantId, sessionId),
    orderVersions(db, restaurantId, sessionId),
  ]);
  return billOf(session, { lines, discounts, payments, refunds, split, versions });
}

/** GET /sessions/:id/bill: the bill of any session of the restaurant (closed ones too). */
export async function loadBill(ctx: AppContext, restaurantId: string, sessionId: string): Promise<BillView> {
  const session = await findBillSession(ctx.db, restaurantId, sessionId);
  if (!session) throw notFound('Session');
  return (await computeFor(ctx.db, session, restaurantId)).view;
}

/** The guest's bill, with this phone's share: its part of the split, or in INDIVIDUAL mode its own lines. */
export async function loadGuestBill(
  ctx: AppContext,
  guest: { restaurantId: string; sessionId: string; guestId: string },
): Promise<BillView & { myShareCents: number | null }> {
  const session = await findBillSession(ctx.db, guest.restaurantId, guest.sessionId);
  if (!session) throw notFound('Session');
  const { bill, view } = await computeFor(ctx.db, session, guest.restaurantId);
  // A split made before the bill changed no longer adds up: the phone's share falls back as if there were none.
  const part = view.split?.stale ? undefined : view.split?.parts.find((p) => p.guestId === guest.guestId);
  let myShareCents: number | null = part ? part.amountCents : null;
  if (myShareCents === null && session.mode === 'INDIVIDUAL') {
    const mine = bill.lines.filter((l) => l.guestId === guest.guestId).reduce((a, l) => a + l.dueCents, 0);
    myShareCents = Math.min(mine, bill.balanceCents);
  }
  return { ...view, myShareCents };
}

/** The session, locked for a change of its bill: unknown → 404, closed → 409. */
async function openBillSession(ctx: AppContext, tx: Tx, restaurantId: string, sessionId: string) {
  const session = await findBillSession(tx, restaurantId, sessionId, ctx.dialect === 'postgres');
  if (!session) throw notFound('Session');
  if (session.status !== 'OPEN') throw new AppError('SESSION_CLOSED', 'The session is closed');
  return session;
}

/** After commit: the new bill to the table and the till. */
export function announceBill(ctx: AppContext, restaurantId: string, view: BillView): void {
  ctx.live.billUpdated(restaurantId, view);
}

/**
 * After commit (wired to `order.lines.changed`): a voided line leaves the
 * bill, so the table and the till get the new one.
 */
export async function publishBillAfterVoid(
  ctx: AppContext,
  e: { restaurantId: string; sessionId: string; change: string },
): Promise<void> {
  if (e.change !== 'VOIDED') return;
  announceBill(ctx, e.restaurantId, await loadBill(ctx, e.restaurantId, e.sessionId));
}

/** A change of the bill, in one transaction: it runs, the version moves, the new bill is read and announced. */
async function changeBill<T>(
  ctx: AppContext,
  restaurantId: string,
  sessionId: string,
  change: (tx: Tx, session: BillSessionRow) => Promise<T>,
): Promise<{ result: T; bill: BillView }> {
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const session = await openBillSession(ctx, tx, restaurantId, sessionId);
    const result = await change(tx, session);
    await bumpBillVersion(tx, restaurantId, sessionId);
    const after = await computeFor(tx, { ...session, billVersion: session.billVersion + 1 }, restaurantId);
    afterCommit(() => announceBill(ctx, restaurantId, after.view));
    return { result, bill: after.view };
  });
}

/** A manager's discount on the bill or one line, with a reason; audited. */
export async function addDiscount(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  sessionId: string,
  request: { kind: 'PERCENT' | 'AMOUNT'; value: number; lineId?: string | undefined; reason: string },
  actor: AuditActor,
): Promise<BillView> {
  const { restaurantId } = staff;
  const value = request.kind === 'PERCENT' ? Math.round(request.value * 100) : request.value;
  const { bill } = await changeBill(ctx, restaurantId, sessionId, async (tx) => {
    if (request.lineId !== undefined && !(await isLiveLineOf(tx, restaurantId, sessionId, request.lineId))) {
      throw notFound('Order line');
    }
    const id = newId();
    await insertDiscount(tx, {
      id,
      restaurant_id: restaurantId,
      session_id: sessionId,
      kind: request.kind,
      value,
      line_id: request.lineId ?? null,
      reason: request.reason,
      created_by: staff.id,
      created_at: nowIso(),
      removed_at: null,
      removed_by: null,
      remove_reason: null,
    });
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'bill.discount.added',
      entityType: 'table_session',
      entityId: sessionId,
      data: {
        discountId: id,
        kind: request.kind,
        value: request.value,
        lineId: request.lineId ?? null,
        reason: request.reason,
      },
    });
  });
  return bill;
}

/** A manager removes a discount, with a reason; audited (the discount is kept, marked removed). */
export async function dropDiscount(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  sessionId: string,
  discountId: string,
  reason: string,
  actor: AuditActor,
): Promise<BillView> {
  const { restaurantId } = staff;
  const { bill } = await changeBill(ctx, restaurantId, sessionId, async (tx) => {
    const removed = await removeDiscount(tx, restaurantId, sessionId, discountId, {
      staffId: staff.id,
      at: nowIso(),
      reason,
    });
    if (!removed) throw notFound('Discount');
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'bill.discount.removed',
      entityType: 'table_session',
      entityId: sessionId,
      data: { discountId, reason },
    });
  });
  return bill;
}

/** Proposes a split of the balance (stored with the session, replacing the last one). 400 when it cannot add up. */
export async function proposeSplit(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  sessionId: string,
  request: CreateSplitRequest,
): Promise<{ parts: NonNullable<BillView['split']>['parts']; bill: BillView }> {
  const { restaurantId } = staff;
  const { result, bill } = await changeBill(ctx, restaurantId, sessionId, async (tx, session) => {
    // Only a split needs the bill as it was; a discount's change reads it once, after.
    const before = await computeFor(tx, session, restaurantId);
    const guests = await selectSessionGuests(tx, restaurantId, sessionId);
    let parts;
    try {
      parts = computeSplit(before.bill, request, { mode: before.session.mode as 'FAMILY' | 'INDIVIDUAL', guests });
    } catch (err) {
      if (!(err instanceof SplitRefused)) throw err;
      throw new AppError('VALIDATION_FAILED', err.message, { errors: [{ path: err.path, message: err.message }] });
    }
    await saveSplit(tx, {
      session_id: sessionId,
      restaurant_id: restaurantId,
      method: request.method,
      parts: JSON.stringify(parts),
      total_cents: before.bill.totalCents,
      created_by: staff.id,
      created_at: nowIso(),
    });
    return parts;
  });
  return { parts: result, bill };
}

export const paymentConflict = () =>
  new AppError(
    'IDEMPOTENCY_CONFLICT',
    'This Idempotency-Key was already used for another payment of this session; resend the first request unchanged',
  );

export interface Recorded {
  payment: Payment;
  bill: BillView;
  created: boolean;
}

/**
 * A cashier records a CASH or CARD payment. In one transaction, with the
 * session's row locked: a repeated key answers the first payment (another
 * body → 409); the amount must fit in what is still owed less what online
 * payments hold (else 409 OVERPAYMENT, nothing written). Cash pays the
 * amount rounded to the restaurant's cash step when it settles the whole
 * balance, and gives change from what was tendered.
 */
export async function recordPayment(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  sessionId: string,
  request: { key: string; body: CreatePaymentRequest },
  actor: AuditActor,
): Promise<Recorded> {
  const { body } = request;
  const hash = sha256(JSON.stringify(body));
  const recorded = await writePayment(ctx, staff, sessionId, { ...request, hash }, actor);
  if (recorded.created && recorded.autoClose && recorded.bill.balanceCents === 0 && recorded.bill.pendingCents === 0) {
    // The restaurant closes settled tables by themselves, as an online payment's webhook does.
    await closeSettledSession(ctx, staff.restaurantId, sessionId);
  }
  return { payment: recorded.payment, bill: recorded.bill, created: recorded.created };
}

async function writePayment(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  sessionId: string,
  request: { key: string; body: CreatePaymentRequest; hash: string },
  actor: AuditActor,
): Promise<Recorded & { autoClose: boolean }> {
  const { restaurantId } = staff;
  const { body, hash } = request;
  try {
    return await inTransaction(ctx.db, async (tx, afterCommit) => {
      const found = await findBillSession(tx, restaurantId, sessionId, ctx.dialect === 'postgres');
      if (!found) throw notFound('Session');
      const previous = await findPaymentByKey(tx, restaurantId, sessionId, request.key);
      if (previous) {
        if (previous.request_hash !== hash) throw paymentConflict();
        const { view } = await computeFor(tx, found, restaurantId);
        return { payment: toPayment(previous), bill: view, created: false, autoClose: false };
      }
      if (found.status !== 'OPEN') throw new AppError('SESSION_CLOSED', 'The session is closed');
      const before = await computeFor(tx, found, restaurantId);
      const available = before.bill.balanceCents - before.bill.pendingCents;
      if (body.amountCents > available) {
        throw new AppError('OVERPAYMENT', `Only ${available} is left to pay`, {
          extras: { balanceCents: before.bill.balanceCents, availableCents: available },
        });
      }
      const row = paymentRow(staff, sessionId, request.key, hash, body, {
        settlesAll: body.amountCents === before.bill.balanceCents,
        cashStep: found.cashRoundingCents,
      });
      await insertPayment(tx, row);
      await bumpBillVersion(tx, restaurantId, sessionId);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'payment.recorded',
        entityType: 'payment',
        entityId: row.id,
        data: {
          sessionId,
          method: row.method,
          amountCents: row.amount_cents,
          tipCents: row.tip_cents,
          roundingCents: row.rounding_cents,
        },
      });
      // The bill after: the rows just read and the payment just written (payments are read in the order they
      // were made), not a second read of everything under the session's lock.
      const after = billOf(
        { ...found, billVersion: found.billVersion + 1 },
        { ...before.rows, payments: [...before.rows.payments, row] },
      );
      const payment = toPayment(row);
      afterCommit(() => {
        ctx.metrics.paymentRecorded(row.method);
        ctx.live.paymentUpdated(restaurantId, sessionId, payment);
        announceBill(ctx, restaurantId, after.view);
      });
      return { payment, bill: after.view, created: true, autoClose: Boolean(found.autoClose) };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The same key raced in on another connection: the first one's payment is the answer.
    const previous = await findPaymentByKey(ctx.db, restaurantId, sessionId, request.key);
    if (!previous) throw err;
    if (previous.request_hash !== hash) throw paymentConflict();
    const bill = await loadBill(ctx, restaurantId, sessionId);
    return { payment: toPayment(previous), bill, created: false, autoClose: false };
  }
}

function paymentRow(
  staff: AuthenticatedStaff,
  sessionId: string,
  key: string,
  hash: string,
  body: CreatePaymentRequest,
  at: { settlesAll: boolean; cashStep: number },
): PaymentRow {
  let roundingCents = 0;
  let tenderedCents: number | null = null;
  let changeCents: number | null = null;
  if (body.method === 'CASH') {
    // Cash rounding applies to the cash that settles the bill, as its own line (PRODUCT.md).
    const cashDue = at.settlesAll ? roundToStep(body.amountCents, at.cashStep) : body.amountCents;
    roundingCents = cashDue - body.amountCents;
    if (body.tenderedCents !== undefined) {
      const owed = cashDue + body.tipCents;
      if (body.tenderedCents < owed) {
        throw new AppError('VALIDATION_FAILED', `${body.tenderedCents} tendered does not cover ${owed}`, {
          errors: [{ path: 'body.tenderedCents', message: `At least ${owed} (the amount in cash, with the tip)` }],
        });
      }
      tenderedCents = body.tenderedCents;
      changeCents = body.tenderedCents - owed;
    }
  } else if (body.tenderedCents !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'Only cash is tendered', {
      errors: [{ path: 'body.tenderedCents', message: 'Only for CASH payments' }],
    });
  }
  return {
    id: newId(),
    restaurant_id: staff.restaurantId,
    session_id: sessionId,
    method: body.method,
    status: 'SUCCEEDED',
    amount_cents: body.amountCents,
    tip_cents: body.tipCents,
    rounding_cents: roundingCents,
    tendered_cents: tenderedCents,
    change_cents: changeCents,
    split_part: body.splitPart ?? null,
    idempotency_key: key,
    request_hash: hash,
    staff_id: staff.id,
    guest_id: null,
    provider: null,
    provider_ref: null,
    expires_at: null,
    created_at: nowIso(),
    settled_at: nowIso(),
    redirect_url: null,
  };
}

/**
 * In the close's transaction (wired to `session.closing`): a session with a
 * balance closes only on a manager's override (a MANAGER or ADMIN giving a
 * reason), audited with what was left owing.
 */
export async function requireSettledToClose(
  ctx: AppContext,
  tx: Tx,
  at: { restaurantId: string; sessionId: string; override: boolean },
): Promise<void> {
  const session = await findBillSession(tx, at.restaurantId, at.sessionId, ctx.dialect === 'postgres');
  if (!session) return;
  const { bill } = await computeFor(tx, session, at.restaurantId);
  if (bill.balanceCents === 0 && bill.pendingCents === 0) return;
  if (!at.override) {
    throw new AppError(
      'BALANCE_DUE',
      `${bill.balanceCents} is still owed on this bill; pay it, or a manager can close with a reason`,
      { extras: { balanceCents: bill.balanceCents } },
    );
  }
}

/**
 * A manager refunds a payment: part or all of what it settled, its tip, or
 * both, with a reason; idempotent per payment and key; audited. Never more
 * than is left of the payment (409 OVERPAYMENT). The refund is in the ledger
 * either way; it reopens the balance only while the session is open.
 */
export async function refundPayment(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  paymentId: string,
  request: { key: string; body: { amountCents: number; tipCents: number; reason: string } },
  actor: AuditActor,
): Promise<{ refund: Refund; bill: BillView; created: boolean }> {
  const { restaurantId } = staff;
  const { body } = request;
  if (body.amountCents + body.tipCents === 0) {
    throw new AppError('VALIDATION_FAILED', 'Refund something: an amount, a tip, or both', {
      errors: [{ path: 'body.amountCents', message: 'amountCents or tipCents must be above 0' }],
    });
  }
  const hash = sha256(JSON.stringify(body));
  const lock = ctx.dialect === 'postgres';
  try {
    return await inTransaction(ctx.db, async (tx, afterCommit) => {
      const payment = await findPayment(tx, restaurantId, paymentId, lock);
      if (!payment) throw notFound('Payment');
      const session = await findBillSession(tx, restaurantId, payment.session_id, lock);
      if (!session) throw notFound('Payment');
      const earlier = await selectRefundsOfPayment(tx, restaurantId, paymentId);
      const repeat = earlier.find((x) => x.idempotency_key === request.key);
      if (repeat) {
        if (repeat.request_hash !== hash) throw paymentConflict();
        return { refund: toRefund(repeat), bill: (await computeFor(tx, session, restaurantId)).view, created: false };
      }
      if (payment.status !== 'SUCCEEDED') {
        throw new AppError('INVALID_TRANSITION', `A ${payment.status} payment cannot be refunded`);
      }
      const amountLeft = payment.amount_cents - earlier.reduce((a, x) => a + x.amount_cents, 0);
      const tipLeft = payment.tip_cents - earlier.reduce((a, x) => a + x.tip_cents, 0);
      if (body.amountCents > amountLeft || body.tipCents > tipLeft) {
        throw new AppError('OVERPAYMENT', `At most ${amountLeft} and ${tipLeft} of tip are left to refund`, {
          extras: { amountLeftCents: amountLeft, tipLeftCents: tipLeft },
        });
      }
      const row = {
        id: newId(),
        restaurant_id: restaurantId,
        session_id: payment.session_id,
        payment_id: paymentId,
        amount_cents: body.amountCents,
        tip_cents: body.tipCents,
        reason: body.reason,
        idempotency_key: request.key,
        request_hash: hash,
        staff_id: staff.id,
        created_at: nowIso(),
      };
      await insertRefund(tx, row);
      await bumpBillVersion(tx, restaurantId, payment.session_id);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'payment.refunded',
        entityType: 'payment',
        entityId: paymentId,
        data: {
          sessionId: payment.session_id,
          amountCents: body.amountCents,
          tipCents: body.tipCents,
          reason: body.reason,
        },
      });
      const after = await computeFor(tx, { ...session, billVersion: session.billVersion + 1 }, restaurantId);
      afterCommit(() => announceBill(ctx, restaurantId, after.view));
      return { refund: toRefund(row), bill: after.view, created: true };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return refundPayment(ctx, staff, paymentId, request, actor);
  }
}

const toRefund = (r: {
  id: string;
  payment_id: string;
  session_id: string;
  amount_cents: number;
  tip_cents: number;
  reason: string;
  created_at: string;
}): Refund => ({
  id: r.id,
  paymentId: r.payment_id,
  sessionId: r.session_id,
  amountCents: r.amount_cents,
  tipCents: r.tip_cents,
  reason: r.reason,
  createdAt: r.created_at,
});
