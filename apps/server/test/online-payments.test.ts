import type { Payment } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DevPayProvider } from '../src/modules/dev-pay/dev-pay.provider.ts';
import { signPayload, signatureHeader } from '../src/modules/payments-provider/signature.ts';
import {
  type Client,
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  client,
  newKey,
  placeNewOrder,
  seatTable,
} from './support/order-factories.ts';
import {
  billOf as staffBill,
  openHostedPage as openPage,
  payAtTill,
  tableWithOrder as seatedOrder,
  submitHosted as submitPage,
} from './support/billing-factories.ts';
import { secondInstance } from './support/second-instance.ts';
import { type TestApp, createTestApp, testDialect } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let cashier: Client;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  cashier = client(t.app, r.cookies.CASHIER);
});
afterAll(() => t?.close());

/** A table with one order: 1900 owed, no tax added (the restaurant's prices include it). */
const tableWithOrder = () => seatedOrder(t, r);
const billOf = (sessionId: string) => staffBill(cashier, sessionId);
const cashierPays = (sessionId: string, amountCents: number) =>
  payAtTill(cashier, sessionId, { method: 'CARD', amountCents });

interface Started {
  payment: Payment;
  redirectUrl: string;
}
const guestPays = (guest: SeatedGuest, body: unknown, key = newKey()) =>
  guest.call('POST', '/api/v1/guest/payments', body, { 'idempotency-key': key });
async function startPayment(guest: SeatedGuest, amountCents: number, tipCents = 0): Promise<Started> {
  const res = await guestPays(guest, { amountCents, tipCents });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Started>();
}

const openHostedPage = (redirectUrl: string) => openPage(t.app, redirectUrl);
const submitHosted = (intent: string, fields: Record<string, string>) => submitPage(t.app, intent, fields);

const paymentRow = (id: string) =>
  t.ctx.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditActions = async (paymentId: string) =>
  (
    await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', paymentId)
      .orderBy('at')
      .orderBy('id')
      .execute()
  ).map((a) => a.action);
const eventCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('payment_webhook_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A webhook as dev pay sends it, for the intent of `paymentId`, signed as told. */
async function webhook(
  paymentId: string,
  o: {
    app?: FastifyInstance;
    type?: string;
    eventId?: string;
    secrets?: string[];
    at?: number;
    amountCents?: number;
    ref?: string;
    tamper?: (body: string) => string;
    header?: string;
  } = {},
) {
  const row = await paymentRow(paymentId);
  const body = JSON.stringify({
    id: o.eventId ?? `evt_${newKey()}`,
    type: o.type ?? 'payment_intent.succeeded',
    created: Math.floor(Date.now() / 1000),
    data: {
      intent: o.ref ?? row.provider_ref,
      amountCents: o.amountCents ?? row.amount_cents + row.tip_cents,
      currency: (await billOf(row.session_id)).currency,
      metadata: { paymentId },
    },
  });
  const at = o.at ?? Math.floor(Date.now() / 1000);
  const header = o.header ?? signatureHeader(o.secrets ?? t.ctx.config.devPay.webhookSecrets, at, body);
  return (o.app ?? t.app).inject({
    method: 'POST',
    url: '/api/v1/payments/webhooks/dev',
    headers: { 'content-type': 'application/json', 'plato-signature': header },
    payload: o.tamper ? o.tamper(body) : body,
  });
}

describe('a guest pays online through the hosted page', () => {
  it('holds the amount while PENDING, then the signed webhook settles it once', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const paymentEvents = vi.spyOn(t.ctx.live, 'paymentUpdated');
    const billEvents = vi.spyOn(t.ctx.live, 'billUpdated');
    const key = newKey();
    const res = await guestPays(guests[0]!, { amountCents: 1000, tipCents: 150 }, key);
    expect(res.statusCode, res.body).toBe(201);
    const started = res.json<Started>();
    expect(started.payment).toMatchObject({ status: 'PENDING', method: 'ONLINE', amountCents: 1000, tipCents: 150 });
    expect(started.redirectUrl).toMatch(/^http:\/\/plato\.test\/pay\/dev\?intent=/);
    // The same key again: the same payment and page, nothing new held.
    const again = await guestPays(guests[0]!, { amountCents: 1000, tipCents: 150 }, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<Started>()).toEqual(started);
    expect((await guestPays(guests[0]!, { amountCents: 999 }, key)).statusCode).toBe(409);

    // Held: 1000 of the 1900 are spoken for, so the cashier cannot take the whole balance.
    expect(await billOf(sessionId)).toMatchObject({ balanceCents: 1900, pendingCents: 1000, paidCents: 0 });
    const over = await cashierPays(sessionId, 1900);
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json()).toMatchObject({ code: 'OVERPAYMENT', availableCents: 900 });
    const otherGuest = await guestPays(guests[1]!, { amountCents: 901 });
    expect(otherGuest.statusCode, otherGuest.body).toBe(409);

    const { html, intent } = await openHostedPage(started.redirectUrl);
    expect(html).toContain('data-amount="1150"');
    expect(html).toMatch(/Confirm/);
    expect(html).toMatch(/Decline/);
    const confirmed = await submitHosted(intent, { action: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    const table = await t.ctx.db
      .selectFrom('table_sessions as s')
      .innerJoin('dining_tables as d', 'd.id', 's.table_id')
      .select('d.qr_token')
      .where('s.id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(confirmed.headers.location).toBe(`http://plato.test/t/${table.qr_token}?payment=${started.payment.id}`);

    const bill = await billOf(sessionId);
    expect(bill).toMatchObject({ balanceCents: 900, pendingCents: 0, paidCents: 1000, tipCents: 150 });
    expect(bill.payments.map((p) => [p.id, p.status])).toEqual([[started.payment.id, 'SUCCEEDED']]);
    expect(await auditActions(started.payment.id)).toEqual(['payment.online.started', 'payment.online.succeeded']);
    // Live: the table and the till see the payment PENDING, then SUCCEEDED, each time with the new bill.
    const mine = paymentEvents.mock.calls.filter(([, , p]) => p.id === started.payment.id);
    expect(mine.map(([, sid, p]) => [sid, p.status])).toEqual([
      [sessionId, 'PENDING'],
      [sessionId, 'SUCCEEDED'],
    ]);
    expect(billEvents.mock.calls.filter(([, b]) => b.sessionId === sessionId).map(([, b]) => b.paidCents)).toEqual([
      0, 1000,
    ]);
    paymentEvents.mockRestore();
    billEvents.mockRestore();

    // A second confirm (a double tap) sends a new event: applied to a payment no longer PENDING, it changes nothing.
    expect((await submitHosted(intent, { action: 'confirm' })).statusCode).toBe(303);
    expect((await billOf(sessionId)).version).toBe(bill.version);
    expect(await auditActions(started.payment.id)).toHaveLength(2);

    // The rest fits now, to the cent.
    expect((await cashierPays(sessionId, 901)).statusCode).toBe(409);
    expect((await cashierPays(sessionId, 900)).statusCode).toBe(201);
  });

  it('a declined payment FAILS and frees its amount; so does a card the provider declines', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const answers: Record<string, string>[] = [{ action: 'decline' }, { action: 'confirm', outcome: 'fail' }];
    for (const fields of answers) {
      const started = await startPayment(guests[1]!, 1900);
      expect((await billOf(sessionId)).pendingCents).toBe(1900);
      expect((await cashierPays(sessionId, 1)).statusCode).toBe(409);
      const { intent } = await openHostedPage(started.redirectUrl);
      expect((await submitHosted(intent, fields)).statusCode).toBe(303);
      expect((await paymentRow(started.payment.id)).status).toBe('FAILED');
      expect(await billOf(sessionId)).toMatchObject({ pendingCents: 0, paidCents: 0, balanceCents: 1900 });
      expect((await auditActions(started.payment.id)).at(-1)).toBe('payment.online.failed');
    }
    expect((await cashierPays(sessionId, 1900)).statusCode).toBe(201);
  });

  it('a delayed webhook leaves the payment PENDING until it arrives', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const started = await startPayment(guests[0]!, 500);
    const { intent } = await openHostedPage(started.redirectUrl);
    expect((await submitHosted(intent, { action: 'confirm', delayMs: '150' })).statusCode).toBe(303);
    expect((await paymentRow(started.payment.id)).status).toBe('PENDING');
    expect((await billOf(sessionId)).pendingCents).toBe(500);
    await t.app.devPay!.settled();
    expect((await paymentRow(started.payment.id)).status).toBe('SUCCEEDED');
    expect(await billOf(sessionId)).toMatchObject({ pendingCents: 0, paidCents: 500, balanceCents: 1400 });
  });

  it('an expired payment frees its amount (read as EXPIRED at once, marked so by the next payment)', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const started = await startPayment(guests[0]!, 1900);
    const { intent } = await openHostedPage(started.redirectUrl);
    // The webhook is lost: the payment would hold its amount forever but for its expiry.
    expect((await submitHosted(intent, { action: 'confirm', drop: '1' })).statusCode).toBe(303);
    expect((await paymentRow(started.payment.id)).status).toBe('PENDING');
    expect((await cashierPays(sessionId, 1900)).statusCode).toBe(409);
    await t.ctx.db
      .updateTable('payments')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', started.payment.id)
      .execute();
    const bill = await billOf(sessionId);
    expect(bill.pendingCents).toBe(0);
    expect(bill.payments.find((p) => p.id === started.payment.id)?.status).toBe('EXPIRED');
    const second = await startPayment(guests[1]!, 1900);
    expect((await paymentRow(started.payment.id)).status).toBe('EXPIRED');

    // The lost webhook turns up late while the second payment holds the whole balance: it does not fit, so the
    // first stays EXPIRED (audited as late, to refund) and the bill never counts it.
    const late = await webhook(started.payment.id);
    expect(late.statusCode, late.body).toBe(200);
    expect((await paymentRow(started.payment.id)).status).toBe('EXPIRED');
    expect(await billOf(sessionId)).toMatchObject({ pendingCents: 1900, paidCents: 0 });
    expect((await webhook(second.payment.id)).statusCode).toBe(200);
    expect(await billOf(sessionId)).toMatchObject({ pendingCents: 0, paidCents: 1900, balanceCents: 0 });
  });

  it('two guests racing for the last cents never overpay', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => guestPays(guests[i % 2]!, { amountCents: 1900 })),
    );
    expect(results.map((x) => x.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    // And a guest against the till for the last 100.
    const winner = results.find((x) => x.statusCode === 201)!.json<Started>();
    const { intent } = await openHostedPage(winner.redirectUrl);
    await submitHosted(intent, { action: 'decline' });
    expect((await cashierPays(sessionId, 1800)).statusCode).toBe(201);
    const race = await Promise.all([
      guestPays(guests[0]!, { amountCents: 100 }),
      guestPays(guests[1]!, { amountCents: 100 }),
      cashierPays(sessionId, 100),
    ]);
    expect(race.map((x) => x.statusCode).sort()).toEqual([201, 409, 409]);
    const bill = await billOf(sessionId);
    expect(bill.paidCents + bill.pendingCents).toBe(1900);
    expect(bill.balanceCents - bill.pendingCents).toBe(0);
  });
});

describe('auto-close', () => {
  const autoClose = (on: boolean) =>
    t.ctx.db
      .updateTable('restaurants')
      .set({ auto_close: on ? 1 : 0 })
      .where('id', '=', r.restaurant.id)
      .execute();
  afterAll(() => autoClose(false));

  it('closes the session when the restaurant auto-closes and an online payment settles the bill', async () => {
    await autoClose(true);
    const { sessionId, guests } = await tableWithOrder();
    const sessionStatus = async () =>
      (
        await t.ctx.db
          .selectFrom('table_sessions')
          .select(['status', 'closed_by'])
          .where('id', '=', sessionId)
          .executeTakeFirstOrThrow()
      ).status;
    // A part leaves it open.
    const part = await startPayment(guests[0]!, 900);
    expect((await webhook(part.payment.id)).statusCode).toBe(200);
    expect(await sessionStatus()).toBe('OPEN');
    const rest = await startPayment(guests[1]!, 1000);
    const { intent } = await openHostedPage(rest.redirectUrl);
    expect((await submitHosted(intent, { action: 'confirm' })).statusCode).toBe(303);
    expect(await sessionStatus()).toBe('CLOSED');
    const closed = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_type'])
      .where('action', '=', 'session.closed')
      .where('entity_id', '=', sessionId)
      .execute();
    expect(closed).toEqual([{ actor_type: 'SYSTEM' }]);
    // As any close: the guests' tokens are gone.
    expect((await guests[0]!.call('GET', '/api/v1/guest/session')).statusCode).toBe(401);
  });
});

describe('the webhook', () => {
  it('applies an event once: a replay (same event id) changes nothing', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const started = await startPayment(guests[0]!, 700);
    const first = await webhook(started.payment.id, { eventId: 'evt_replayed_1' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: true });
    const after = await billOf(sessionId);
    expect(after).toMatchObject({ paidCents: 700, pendingCents: 0 });
    const events = await eventCount();
    const stored = await t.ctx.db
      .selectFrom('payment_webhook_events')
      .select(['payment_id', 'kind'])
      .where('provider', '=', 'dev')
      .where('event_id', '=', 'evt_replayed_1')
      .execute();
    expect(stored).toEqual([{ payment_id: started.payment.id, kind: 'SUCCEEDED' }]);
    const replay = await webhook(started.payment.id, {
      eventId: 'evt_replayed_1',
      type: 'payment_intent.payment_failed',
    });
    expect(replay.statusCode, replay.body).toBe(200);
    expect((await paymentRow(started.payment.id)).status).toBe('SUCCEEDED');
    expect((await billOf(sessionId)).version).toBe(after.version);
    expect(await eventCount()).toBe(events);
    expect(await auditActions(started.payment.id)).toEqual(['payment.online.started', 'payment.online.succeeded']);
  });

  it('refuses a tampered, stale, wrongly signed, unsigned, mismatched or unknown one with nothing changed', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const started = await startPayment(guests[0]!, 700);
    const before = await billOf(sessionId);
    const events = await eventCount();
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      await webhook(started.payment.id, { tamper: (b) => b.replace('"amountCents":700', '"amountCents":70') }),
      await webhook(started.payment.id, {
        tamper: (b) => b.replace('payment_intent.succeeded', 'payment_intent.payment_failed'),
      }),
      await webhook(started.payment.id, { at: now - 360 }),
      await webhook(started.payment.id, { at: now + 360 }),
      await webhook(started.payment.id, { secrets: ['not-the-secret'] }),
      await webhook(started.payment.id, {
        header: `v1=${signPayload(t.ctx.config.devPay.webhookSecrets[0]!, now, '{}')}`,
      }),
      await webhook(started.payment.id, { header: '' }),
      await webhook(started.payment.id, { amountCents: 699 }),
      await webhook(started.payment.id, { ref: 'devpi_unknown' }),
    ];
    expect(refused.map((x) => x.statusCode)).toEqual(refused.map(() => 400));
    expect(refused[0]!.json().detail).toMatch(/Webhook refused/);
    expect(await billOf(sessionId)).toEqual(before);
    expect((await paymentRow(started.payment.id)).status).toBe('PENDING');
    expect(await eventCount()).toBe(events);
    expect(await auditActions(started.payment.id)).toEqual(['payment.online.started']);
    const nobody = await t.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/stripe', payload: '{}' });
    expect(nobody.statusCode).toBe(404);
    // Within the tolerance it is fine.
    expect((await webhook(started.payment.id, { at: now - 240 })).statusCode).toBe(200);
    expect((await billOf(sessionId)).paidCents).toBe(700);
  });

  it('accepts any of several signatures while a secret is rotated', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const started = await startPayment(guests[0]!, 300);
    const res = await webhook(started.payment.id, {
      secrets: ['the-old-secret-no-longer-held', t.ctx.config.devPay.webhookSecrets[0]!],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await billOf(sessionId)).paidCents).toBe(300);
  });
});

/** A second app with other settings, for one describe block. */
function appWith(env: Record<string, string>): () => TestApp {
  let other: TestApp | undefined;
  beforeAll(async () => {
    other = await createTestApp(env);
  });
  afterAll(() => other?.close());
  return () => other!;
}

describe('secret rotation on the receiving side', () => {
  const rotating = appWith({ PLATO_DEV_PAY_WEBHOOK_SECRET: 'new-dev-pay-secret, old-dev-pay-secret' });

  it('verifies with every configured secret, signs with the first', async () => {
    const t2 = rotating();
    expect(t2.ctx.config.devPay.webhookSecrets).toEqual(['new-dev-pay-secret', 'old-dev-pay-secret']);
    const body = JSON.stringify({ id: 'evt_1', type: 'charge.refunded', data: { intent: 'x', amountCents: 1 } });
    const send = (secret: string) =>
      t2.app.inject({
        method: 'POST',
        url: '/api/v1/payments/webhooks/dev',
        headers: {
          'content-type': 'application/json',
          'plato-signature': signatureHeader([secret], Math.floor(Date.now() / 1000), body),
        },
        payload: body,
      });
    // An event type Plato does not use is acknowledged once its signature checks out.
    expect((await send('old-dev-pay-secret')).statusCode).toBe(200);
    expect((await send('new-dev-pay-secret')).statusCode).toBe(200);
    expect((await send('another-secret')).statusCode).toBe(400);
  });

  it('derives the secret from PLATO_SECRET when unset, never the secret itself', () => {
    expect(t.ctx.config.devPay.webhookSecrets).toHaveLength(1);
    expect(t.ctx.config.devPay.webhookSecrets[0]).not.toBe(t.ctx.config.secret);
  });
});

describe('the hosted page', () => {
  it('refuses an altered or expired intent, charging nothing', async () => {
    const { guests } = await tableWithOrder();
    const started = await startPayment(guests[0]!, 400);
    const { intent } = await openHostedPage(started.redirectUrl);
    const [body, mac] = intent.split('.');
    const richer = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), amountCents: 1 }),
    ).toString('base64url');
    const altered = `${richer}.${mac}`;
    expect((await t.app.inject({ url: `/pay/dev?intent=${encodeURIComponent(altered)}` })).statusCode).toBe(404);
    expect((await submitHosted(altered, { action: 'confirm' })).statusCode).toBe(404);
    // An intent sealed like the server's (same secret) but past its time: the provider's page has expired.
    const sameSecret = new DevPayProvider({
      publicUrl: 'http://plato.test',
      secret: t.ctx.config.secret,
      webhookSecrets: t.ctx.config.devPay.webhookSecrets,
    });
    const stale = await sameSecret.createIntent({
      amountCents: 400,
      currency: 'EUR',
      metadata: {},
      returnUrl: 'http://plato.test/',
      expiresAt: new Date(Date.now() - 1),
      idempotencyKey: started.payment.id,
    });
    const staleIntent = new URL(stale.redirectUrl).searchParams.get('intent')!;
    expect(
      (await t.app.inject({ url: new URL(stale.redirectUrl).pathname + new URL(stale.redirectUrl).search })).statusCode,
    ).toBe(410);
    expect((await submitHosted(staleIntent, { action: 'confirm' })).statusCode).toBe(410);
    expect((await paymentRow(started.payment.id)).status).toBe('PENDING');
  });
});

describe('without a payment provider', () => {
  const withoutDevPay = appWith({ PLATO_DEV_PAY: 'off' });

  it('answers 503 to a guest paying online, and serves no dev pay page or webhook', async () => {
    const off = withoutDevPay();
    const ro = await buildOrderingRestaurant(off);
    const seated = await seatTable(off, ro, 'FAMILY', 1);
    await addLine(seated.guests[0]!, { menuItemId: ro.menu.lemonade.id, quantity: 1 });
    await placeNewOrder(seated.guests[0]!);
    const res = await guestPays(seated.guests[0]!, { amountCents: 100 });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
    // (Not a 404 necessarily: with the web app built, unknown pages get its index.html.)
    expect((await off.app.inject({ url: '/pay/dev?intent=x' })).body).not.toContain('Dev pay');
    const hook = await off.app.inject({ method: 'POST', url: '/api/v1/payments/webhooks/dev', payload: '{}' });
    expect(hook.statusCode).toBe(404);
    expect(await off.ctx.db.selectFrom('payments').select('id').execute()).toEqual([]);
  });
});

/*
 * Two instances on one PostgreSQL (each its own pool, context and app, as two
 * processes behind a load balancer): the session row's lock decides between
 * them. PostgreSQL only: an SQLite deployment is one process.
 */
describe.skipIf(testDialect() !== 'postgres')('two instances on one PostgreSQL', () => {
  let instance: Awaited<ReturnType<typeof secondInstance>> | undefined;
  let second: FastifyInstance;
  beforeAll(async () => {
    instance = await secondInstance(t);
    second = instance.app;
  });
  afterAll(() => instance?.close());

  it('guests and the till racing for the last cents on both never overpay; a webhook sent to both applies once', async () => {
    for (let round = 0; round < 5; round++) {
      const { sessionId, guests } = await tableWithOrder();
      const onSecond = client(second, guests[1]!.cookie);
      const race = await Promise.all([
        guestPays(guests[0]!, { amountCents: 1900 }),
        onSecond('POST', '/api/v1/guest/payments', { amountCents: 1900 }, { 'idempotency-key': newKey() }),
        client(second, r.cookies.CASHIER)(
          'POST',
          `/api/v1/sessions/${sessionId}/payments`,
          { method: 'CARD', amountCents: 1900 },
          { 'idempotency-key': newKey() },
        ),
      ]);
      expect(race.map((x) => x.statusCode).sort()).toEqual([201, 409, 409]);
      const bill = await billOf(sessionId);
      expect(bill.paidCents + bill.pendingCents).toBe(1900);
      const pending = bill.payments.find((p) => p.status === 'PENDING');
      if (!pending) continue;
      const events = await eventCount();
      const both = await Promise.all([
        webhook(pending.id, { eventId: `evt_both_${round}` }),
        webhook(pending.id, { eventId: `evt_both_${round}`, app: second }),
      ]);
      expect(both.map((x) => x.statusCode)).toEqual([200, 200]);
      expect(await billOf(sessionId)).toMatchObject({ paidCents: 1900, pendingCents: 0, balanceCents: 0 });
      expect(await eventCount()).toBe(events + 1);
      expect(await auditActions(pending.id)).toEqual(['payment.online.started', 'payment.online.succeeded']);
    }
  });
});
