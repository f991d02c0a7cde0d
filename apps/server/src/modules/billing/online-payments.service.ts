import type { CreateGuestPaymentRequest, Payment } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, nowIso, sha256 } from '../../db/ids.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { type PaymentProvider, WebhookRefused } from '../payments-provider/provider.ts';
import { paymentStatus, toPayment } from './billing.presenters.ts';
import {
  type PaymentRow,
  bumpBillVersion,
  claimWebhookEvent,
  expireLapsedPayments,
  findBillSession,
  findPayment,
  findPaymentByKey,
  findPaymentByProviderRef,
  findSessionQrToken,
  insertPayment,
  setPaymentIntent,
  settlePendingPayment,
} from './billing.repository.ts';
import { closeSettledSession } from '../sessions/sessions.service.ts';
import { announceBill, computeFor, paymentConflict } from './billing.service.ts';

/** How long a PENDING online payment holds its amount: past this it is EXPIRED and the provider's page refuses it. */
export const ONLINE_PAYMENT_TTL_MS = 15 * 60 * 1000;

const unavailable = (detail: string) => new AppError('UNAVAILABLE', detail);
const refused = (why: string) => new AppError('VALIDATION_FAILED', `Webhook refused: ${why}`);

export interface StartedPayment {
  payment: Payment;
  redirectUrl: string;
  created: boolean;
}

/**
 * A guest starts paying online. In one transaction with the session's row
 * locked (as a cashier's payment): a repeated key answers the first payment;
 * payments whose time ran out are marked EXPIRED; the amount must fit in the
 * balance less what other PENDING payments hold (else 409 OVERPAYMENT); the
 * new PENDING payment then holds it. The provider's intent is made after the
 * commit, never while the session is locked (a real provider is an HTTP call
 * away); if that fails the payment fails with it and frees its amount.
 */
export async function startOnlinePayment(
  ctx: AppContext,
  provider: PaymentProvider | undefined,
  guest: { restaurantId: string; sessionId: string; guestId: string },
  request: { key: string; body: CreateGuestPaymentRequest },
  actor: AuditActor,
): Promise<StartedPayment> {
  if (!provider) throw unavailable('Online payments are not set up at this restaurant; pay at the till');
  const { restaurantId, sessionId } = guest;
  const hash = sha256(JSON.stringify({ method: 'ONLINE', guestId: guest.guestId, ...request.body }));
  let started: { row: PaymentRow; currency: string; created: boolean };
  try {
    started = await inTransaction(ctx.db, async (tx, afterCommit) => {
      const session = await findBillSession(tx, restaurantId, sessionId, ctx.dialect === 'postgres');
      if (!session) throw notFound('Session');
      const previous = await findPaymentByKey(tx, restaurantId, sessionId, request.key);
      if (previous) {
        if (previous.request_hash !== hash) throw paymentConflict();
        return { row: previous, currency: session.currency, created: false };
      }
      if (session.status !== 'OPEN') throw new AppError('SESSION_CLOSED', 'The session is closed');
      const now = new Date();
      const lapsed = await expireLapsedPayments(tx, restaurantId, sessionId, now.toISOString());
      const before = await computeFor(tx, session, restaurantId);
      const available = before.bill.balanceCents - before.bill.pendingCents;
      if (request.body.amountCents > available) {
        throw new AppError('OVERPAYMENT', `Only ${available} is left to pay`, {
          extras: { balanceCents: before.bill.balanceCents, availableCents: available },
        });
      }
      const row: PaymentRow = {
        id: newId(),
        restaurant_id: restaurantId,
        session_id: sessionId,
        method: 'ONLINE',
        status: 'PENDING',
        amount_cents: request.body.amountCents,
        tip_cents: request.body.tipCents,
        rounding_cents: 0,
        tendered_cents: null,
        change_cents: null,
        split_part: null,
        idempotency_key: request.key,
        request_hash: hash,
        staff_id: null,
        guest_id: guest.guestId,
        provider: provider.name,
        provider_ref: null,
        expires_at: new Date(now.getTime() + ONLINE_PAYMENT_TTL_MS).toISOString(),
        created_at: now.toISOString(),
        settled_at: null,
        redirect_url: null,
      };
      await insertPayment(tx, row);
      await bumpBillVersion(tx, restaurantId, sessionId);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'payment.online.started',
        entityType: 'payment',
        entityId: row.id,
        data: { sessionId, provider: provider.name, amountCents: row.amount_cents, tipCents: row.tip_cents },
      });
      const after = await computeFor(tx, { ...session, billVersion: session.billVersion + 1 }, restaurantId);
      afterCommit(() => {
        for (const p of [...lapsed, row]) ctx.live.paymentUpdated(restaurantId, sessionId, toPayment(p));
        announceBill(ctx, restaurantId, after.view);
      });
      return { row, currency: session.currency, created: true };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The same key raced in on another connection: the retry finds the first one's payment.
    return startOnlinePayment(ctx, provider, guest, request, actor);
  }
  const { row, created } = started;
  if (row.redirect_url !== null) return { payment: toPayment(row), redirectUrl: row.redirect_url, created };
  if (paymentStatus(row, nowIso()) !== 'PENDING') {
    throw unavailable('This payment could not be started; try again with a new Idempotency-Key');
  }
  return { payment: toPayment(row), redirectUrl: await makeIntent(ctx, provider, row, started.currency), created };
}

/** Asks the provider for the intent (idempotent on its side by the payment's id) and stores it. */
async function makeIntent(ctx: AppContext, provider: PaymentProvider, row: PaymentRow, currency: string) {
  const qrToken = await findSessionQrToken(ctx.db, row.restaurant_id, row.session_id);
  let intent;
  try {
    intent = await provider.createIntent({
      amountCents: row.amount_cents + row.tip_cents,
      currency,
      metadata: { paymentId: row.id, sessionId: row.session_id, restaurantId: row.restaurant_id },
      // Back to the guest's table page, which reads the payment's outcome from the bill.
      returnUrl: `${ctx.config.publicUrl}/t/${encodeURIComponent(qrToken ?? '')}?payment=${row.id}`,
      expiresAt: new Date(row.expires_at!),
      idempotencyKey: row.id,
    });
  } catch (err) {
    // Nothing was charged: the payment fails at once and frees what it held.
    await settle(
      ctx,
      row,
      'FAILED',
      { type: 'SYSTEM', label: `payment provider ${provider.name}` },
      {
        reason: `intent not created: ${err instanceof Error ? err.message : String(err)}`,
      },
    );
    throw unavailable('The payment provider did not answer; try again');
  }
  await setPaymentIntent(ctx.db, row.id, intent);
  const stored = await findPayment(ctx.db, row.restaurant_id, row.id);
  return stored?.redirect_url ?? intent.redirectUrl;
}

/** Settles a PENDING payment in its own transaction (no-op if it is not PENDING any more), audited and announced. */
async function settle(
  ctx: AppContext,
  row: PaymentRow,
  status: 'SUCCEEDED' | 'FAILED' | 'EXPIRED',
  actor: AuditActor,
  data: Record<string, unknown>,
): Promise<void> {
  await inTransaction(ctx.db, async (tx, afterCommit) => {
    const session = await findBillSession(tx, row.restaurant_id, row.session_id, ctx.dialect === 'postgres');
    const settled = await settlePendingPayment(tx, row.id, status, nowIso());
    if (!session || !settled) return;
    await applied(ctx, tx, session, settled, actor, data, afterCommit);
  });
}

/** After a payment's status moved: the bill's version, the audit entry, and (after commit) the live events. */
async function applied(
  ctx: AppContext,
  tx: Parameters<typeof bumpBillVersion>[0],
  session: NonNullable<Awaited<ReturnType<typeof findBillSession>>>,
  settled: PaymentRow,
  actor: AuditActor,
  data: Record<string, unknown>,
  afterCommit: (fn: () => void) => void,
): Promise<{ settles: boolean }> {
  const { restaurant_id: restaurantId, session_id: sessionId } = settled;
  await bumpBillVersion(tx, restaurantId, sessionId);
  await recordAudit(tx, {
    restaurantId,
    actor,
    action: `payment.online.${settled.status.toLowerCase()}`,
    entityType: 'payment',
    entityId: settled.id,
    data: { sessionId, amountCents: settled.amount_cents, tipCents: settled.tip_cents, ...data },
  });
  const after = await computeFor(tx, { ...session, billVersion: session.billVersion + 1 }, restaurantId);
  afterCommit(() => {
    if (settled.status === 'SUCCEEDED') ctx.metrics.paymentRecorded(settled.method);
    ctx.live.paymentUpdated(restaurantId, sessionId, toPayment(settled));
    announceBill(ctx, restaurantId, after.view);
  });
  return { settles: after.bill.balanceCents === 0 && after.bill.pendingCents === 0 };
}

/**
 * A provider's webhook: verified over the raw body (signature, age), then
 * applied at most once per event id, and to a PENDING payment only (the
 * status condition makes a second outcome a no-op). Anything that does not
 * check out is refused (400) with nothing written. A success that arrives
 * after the payment expired still counts if its amount still fits in the
 * balance; if someone else paid that meanwhile it stays EXPIRED and is
 * audited as late, for a refund through the provider. A success that
 * settles the bill closes the session when the restaurant auto-closes.
 */
export async function applyProviderWebhook(
  ctx: AppContext,
  provider: PaymentProvider,
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
): Promise<{ applied: boolean }> {
  let event;
  try {
    event = provider.verifyWebhook(rawBody, headers, new Date());
  } catch (err) {
    if (err instanceof WebhookRefused) throw refused(err.message);
    throw err;
  }
  if (event.outcome === 'IGNORED') return { applied: false };
  const outcome = event.outcome;
  const found = await findPaymentByProviderRef(ctx.db, provider.name, event.providerRef);
  if (!found) throw refused('no payment has this intent');
  const lock = ctx.dialect === 'postgres';
  const actor: AuditActor = { type: 'SYSTEM', label: `payment provider ${provider.name}` };
  const result = await inTransaction(ctx.db, async (tx, afterCommit) => {
    const session = await findBillSession(tx, found.restaurant_id, found.session_id, lock);
    const payment = await findPayment(tx, found.restaurant_id, found.id, lock);
    if (!session || !payment) throw refused('no payment has this intent');
    if (event.amountCents !== payment.amount_cents + payment.tip_cents || event.currency !== session.currency) {
      throw refused('the amount is not the payment’s');
    }
    const fresh = await claimWebhookEvent(tx, {
      provider: provider.name,
      event_id: event.id,
      payment_id: payment.id,
      kind: outcome,
      received_at: nowIso(),
    });
    if (!fresh || payment.status !== 'PENDING') return { applied: false, autoClose: false };
    const now = nowIso();
    let status: 'SUCCEEDED' | 'FAILED' | 'EXPIRED' = outcome;
    const late = payment.expires_at !== null && payment.expires_at <= now;
    if (status === 'SUCCEEDED' && late) {
      // Expired, the payment holds nothing: it counts only if the balance still has room for it.
      const { bill } = await computeFor(tx, session, found.restaurant_id);
      if (payment.amount_cents > bill.balanceCents - bill.pendingCents) status = 'EXPIRED';
    }
    const settled = await settlePendingPayment(tx, payment.id, status, now);
    if (!settled) return { applied: false, autoClose: false };
    const data = {
      provider: provider.name,
      eventId: event.id,
      ...(event.failureReason !== undefined && { failureReason: event.failureReason }),
      ...(late && { late: true, ...(status === 'EXPIRED' && { toRefund: outcome === 'SUCCEEDED' }) }),
    };
    const { settles } = await applied(ctx, tx, session, settled, actor, data, afterCommit);
    const autoClose = settles && status === 'SUCCEEDED' && session.status === 'OPEN' && Boolean(session.autoClose);
    return { applied: true, autoClose };
  });
  // After the payment's commit, in a close of its own (as a cashier's), so a refused close never undoes a payment.
  if (result.autoClose) await closeSettledSession(ctx, found.restaurant_id, found.session_id);
  return { applied: result.applied };
}
