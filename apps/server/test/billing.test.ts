import type { Bill, Payment } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type OrderingRestaurant,
  buildOrderingRestaurant,
  client,
  newKey,
} from './support/order-factories.ts';
import { billOf as staffBill, payAtTill, tableWithOrder as seatedOrder } from './support/billing-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let cashier: Client;
let manager: Client;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  // 10 % tax added on top, 12.5 % service, cash rounded to 5.
  await t.ctx.db
    .updateTable('restaurants')
    .set({ tax_rate_bps: 1000, tax_inclusive: 0, service_charge_bps: 1250, cash_rounding_cents: 5 })
    .where('id', '=', r.restaurant.id)
    .execute();
  cashier = client(t.app, r.cookies.CASHIER);
  manager = client(t.app, r.cookies.MANAGER);
});
afterAll(() => t?.close());

const tableWithOrder = () => seatedOrder(t, r);
const billOf = (sessionId: string) => staffBill(cashier, sessionId);
const pay = (sessionId: string, body: unknown, key?: string) => payAtTill(cashier, sessionId, body, key);
const sessionStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('table_sessions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('the bill', () => {
  it('adds tax and service to the lines, to the cent', async () => {
    const { sessionId } = await tableWithOrder();
    const bill = await billOf(sessionId);
    // 1900; tax 190; service 237.5 → 238; total 2328.
    expect(bill).toMatchObject({
      subtotalCents: 1900,
      discountCents: 0,
      taxCents: 190,
      serviceCents: 238,
      totalCents: 2328,
      paidCents: 0,
      balanceCents: 2328,
      currency: expect.any(String),
    });
    expect(bill.lines.map((l) => [l.name, l.grossCents, l.dueCents])).toEqual([
      ['Burger', 1550, 1550 + 155 + 194],
      ['Lemonade', 350, 350 + 35 + 44],
    ]);
  });

  it('takes a manager’s discount with a reason (not a cashier’s), audited', async () => {
    const { sessionId } = await tableWithOrder();
    const body = { kind: 'PERCENT', value: 10, reason: 'birthday' };
    expect((await cashier('POST', `/api/v1/sessions/${sessionId}/discounts`, body)).statusCode).toBe(403);
    const res = await manager('POST', `/api/v1/sessions/${sessionId}/discounts`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ bill: Bill }>().bill).toMatchObject({
      discountCents: 190,
      taxCents: 171,
      totalCents: 1710 + 171 + 214,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'bill.discount.added')
      .where('entity_id', '=', sessionId)
      .execute();
    expect(audit.map((a) => JSON.parse(a.data).reason)).toEqual(['birthday']);
    const bad = await manager('POST', `/api/v1/sessions/${sessionId}/discounts`, { kind: 'PERCENT', value: 10 });
    expect(bad.statusCode).toBe(400);
  });
});

describe('payments', () => {
  it('records cash with change, refuses to overpay, repeats for the same key, then closes', async () => {
    const { sessionId } = await tableWithOrder();
    const key = newKey();
    const first = await pay(sessionId, { method: 'CARD', amountCents: 1000, tipCents: 100 }, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await pay(sessionId, { method: 'CARD', amountCents: 1000, tipCents: 100 }, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ payment: Payment }>().payment.id).toBe(first.json<{ payment: Payment }>().payment.id);
    expect((await pay(sessionId, { method: 'CARD', amountCents: 999 }, key)).statusCode).toBe(409);

    const over = await pay(sessionId, { method: 'CASH', amountCents: 1329 });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json()).toMatchObject({ code: 'OVERPAYMENT', balanceCents: 1328 });

    let close = await cashier('POST', `/api/v1/sessions/${sessionId}/close`, {});
    expect(close.statusCode, close.body).toBe(409);
    expect(close.json()).toMatchObject({ code: 'BALANCE_DUE' });

    // 1328 in cash rounds to 1330; 2000 tendered → 670 change.
    const cash = await pay(sessionId, { method: 'CASH', amountCents: 1328, tenderedCents: 2000 });
    expect(cash.statusCode, cash.body).toBe(201);
    expect(cash.json<{ payment: Payment; bill: Bill }>()).toMatchObject({
      payment: { roundingCents: 2, changeCents: 670, tenderedCents: 2000 },
      bill: { balanceCents: 0, paidCents: 2328, tipCents: 100, roundingCents: 2 },
    });
    // The bill a payment answers (computed from what it read plus the payment it wrote) is the bill as read after.
    expect(cash.json<{ bill: Bill }>().bill).toEqual(await billOf(sessionId));
    close = await cashier('POST', `/api/v1/sessions/${sessionId}/close`, {});
    expect(close.statusCode, close.body).toBe(200);
  });

  it('never overpays when payments race for the last cents: one wins, the others 409', async () => {
    const { sessionId } = await tableWithOrder();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => pay(sessionId, { method: 'CARD', amountCents: 2328 })),
    );
    expect(results.map((x) => x.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await billOf(sessionId)).balanceCents).toBe(0);
  });

  it('lets a manager close with a balance when they give a reason', async () => {
    const { sessionId } = await tableWithOrder();
    expect((await manager('POST', `/api/v1/sessions/${sessionId}/close`, {})).statusCode).toBe(409);
    const res = await manager('POST', `/api/v1/sessions/${sessionId}/close`, { reason: 'walked out' });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('splits', () => {
  it('splits the balance three ways to the cent', async () => {
    const { sessionId } = await tableWithOrder();
    const res = await cashier('POST', `/api/v1/sessions/${sessionId}/splits`, { method: 'EQUAL', parts: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ parts: { amountCents: number }[] }>().parts.map((p) => p.amountCents)).toEqual([776, 776, 776]);
    const custom = await cashier('POST', `/api/v1/sessions/${sessionId}/splits`, {
      method: 'CUSTOM',
      amountsCents: [1, 2],
    });
    expect(custom.statusCode).toBe(400);
  });

  it('keeps a split through its payments and marks it stale when a discount changes the total; a new split is current', async () => {
    const { sessionId, guests } = await tableWithOrder();
    const byGuest = await cashier('POST', `/api/v1/sessions/${sessionId}/splits`, { method: 'BY_GUEST' });
    expect(byGuest.statusCode, byGuest.body).toBe(200);
    const share = async () =>
      (await guests[1]!.call('GET', '/api/v1/guest/bill')).json<{ myShareCents: number | null }>();
    const theirs = byGuest
      .json<{ parts: { guestId?: string; amountCents: number }[] }>()
      .parts.find((p) => p.guestId === guests[1]!.id)!;
    expect(theirs.amountCents).toBeGreaterThan(0);
    expect((await share()).myShareCents).toBe(theirs.amountCents);
    expect((await pay(sessionId, { method: 'CASH', amountCents: 1000, tipCents: 0, splitPart: 1 })).statusCode).toBe(
      201,
    );
    // A payment settles part of the total; it does not change it.
    expect((await billOf(sessionId)).split).toMatchObject({ method: 'BY_GUEST', totalCents: 2328, stale: false });

    const discount = { kind: 'AMOUNT', value: 100, reason: 'slow kitchen' };
    expect((await manager('POST', `/api/v1/sessions/${sessionId}/discounts`, discount)).statusCode).toBe(200);
    const after = await billOf(sessionId);
    expect(after.totalCents).toBeLessThan(2328);
    expect(after.split).toMatchObject({ totalCents: 2328, stale: true });
    // The stale parts name no share any more: the phone's share falls back as if unsplit (FAMILY: none).
    expect((await share()).myShareCents).toBeNull();

    const again = await cashier('POST', `/api/v1/sessions/${sessionId}/splits`, { method: 'EQUAL', parts: 2 });
    expect(again.statusCode, again.body).toBe(200);
    const split = (await billOf(sessionId)).split!;
    expect(split).toMatchObject({ method: 'EQUAL', totalCents: after.totalCents, stale: false });
    expect(split.parts.reduce((sum, p) => sum + p.amountCents, 0)).toBe(after.balanceCents);
  });
});

describe('refunds', () => {
  it('refunds part of a payment and its tip once per key, reopening the balance, never more than was paid', async () => {
    const { sessionId } = await tableWithOrder();
    const paid = await pay(sessionId, { method: 'CARD', amountCents: 2328, tipCents: 200 });
    const paymentId = paid.json<{ payment: Payment }>().payment.id;
    const refund = (body: unknown, key = newKey()) =>
      manager('POST', `/api/v1/payments/${paymentId}/refunds`, body, { 'idempotency-key': key });
    expect(
      (
        await cashier(
          'POST',
          `/api/v1/payments/${paymentId}/refunds`,
          { amountCents: 1, reason: 'x' },
          { 'idempotency-key': newKey() },
        )
      ).statusCode,
    ).toBe(403);
    const key = newKey();
    const first = await refund({ amountCents: 350, tipCents: 200, reason: 'cold lemonade' }, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ bill: Bill }>().bill).toMatchObject({ refundedCents: 350, tipCents: 0, balanceCents: 350 });
    const again = await refund({ amountCents: 350, tipCents: 200, reason: 'cold lemonade' }, key);
    expect(again.statusCode).toBe(200);
    const over = await refund({ amountCents: 2000, reason: 'too much' });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json()).toMatchObject({ code: 'OVERPAYMENT', amountLeftCents: 1978 });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'payment.refunded')
      .where('entity_id', '=', paymentId)
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('settings', () => {
  it('keeps cash rounding, tip presets and auto-close, and closes a settled table by itself when asked', async () => {
    const admin = client(t.app, r.cookies.ADMIN);
    const bad = await admin('PATCH', '/api/v1/admin/settings', { cashRoundingCents: 7 });
    expect(bad.statusCode).toBe(400);
    const res = await admin('PATCH', '/api/v1/admin/settings', { tipPresetsPercent: [5, 10], autoClose: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      settings: { tipPresetsPercent: [5, 10], autoClose: true, cashRoundingCents: 5 },
    });
    try {
      const { sessionId } = await tableWithOrder();
      // The till reads them with the bill: the presets it offers, and the cash that settles 2328 at a step of 5.
      expect(await billOf(sessionId)).toMatchObject({
        tipPresetsPercent: [5, 10],
        balanceCents: 2328,
        cashDueCents: 2330,
      });
      expect((await pay(sessionId, { method: 'CARD', amountCents: 2000 })).statusCode).toBe(201);
      expect(await sessionStatus(sessionId)).toBe('OPEN');
      expect(await billOf(sessionId)).toMatchObject({ balanceCents: 328, cashDueCents: 330 });
      expect((await pay(sessionId, { method: 'CARD', amountCents: 328 })).statusCode).toBe(201);
      expect(await sessionStatus(sessionId)).toBe('CLOSED');
    } finally {
      await admin('PATCH', '/api/v1/admin/settings', { autoClose: false });
    }
  });
});

describe('tax by category', () => {
  it('taxes a category at its own rate and leaves service off where it says so', async () => {
    const admin = client(t.app, r.cookies.ADMIN);
    const res = await admin('PATCH', `/api/v1/admin/categories/${r.menu.drinks.id}`, {
      taxRateBps: 2000,
      serviceApplies: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ category: { taxRateBps: 2000, serviceApplies: false } });
    try {
      const { sessionId } = await tableWithOrder();
      const bill = await billOf(sessionId);
      // Burger 1550 at 10 % (155) with service; lemonade 350 at 20 % (70) without.
      expect(bill.taxes).toEqual([
        { rateBps: 1000, baseCents: 1550, taxCents: 155 },
        { rateBps: 2000, baseCents: 350, taxCents: 70 },
      ]);
      expect(bill).toMatchObject({ taxCents: 225, serviceCents: 194, totalCents: 1900 + 225 + 194 });
    } finally {
      await admin('PATCH', `/api/v1/admin/categories/${r.menu.drinks.id}`, { taxRateBps: null, serviceApplies: true });
    }
  });
});
