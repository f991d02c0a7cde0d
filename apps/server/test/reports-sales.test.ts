import type { Bill, Payment, SalesReportResponse } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOf, payAtTill, tableWithOrder } from './support/billing-factories.ts';
import {
  type Client,
  type OrderingRestaurant,
  buildOrderingRestaurant,
  client,
  newKey,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let manager: Client;
let cashier: Client;
const started = new Date(Date.now() - 60_000).toISOString();
const sessions: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  // 10 % tax added on top, 12.5 % service, in Kolkata (UTC+05:30, no daylight saving).
  await t.ctx.db
    .updateTable('restaurants')
    .set({ tax_rate_bps: 1000, tax_inclusive: 0, service_charge_bps: 1250, timezone: 'Asia/Kolkata' })
    .where('id', '=', r.restaurant.id)
    .execute();
  manager = client(t.app, r.cookies.MANAGER);
  cashier = client(t.app, r.cookies.CASHIER);

  // A: burger + lemonade, 10 % off, paid in cash with a tip, part refunded, closed.
  const a = await tableWithOrder(t, r);
  sessions.push(a.sessionId);
  expect(
    (
      await manager('POST', `/api/v1/sessions/${a.sessionId}/discounts`, {
        kind: 'PERCENT',
        value: 10,
        reason: 'regulars',
      })
    ).statusCode,
  ).toBe(200);
  const due = (await billOf(cashier, a.sessionId)).balanceCents;
  const cash = await payAtTill(cashier, a.sessionId, {
    method: 'CASH',
    amountCents: due,
    tipCents: 300,
    tenderedCents: 5000,
  });
  expect(cash.statusCode, cash.body).toBe(201);
  const paymentId = cash.json<{ payment: Payment }>().payment.id;
  expect((await cashier('POST', `/api/v1/sessions/${a.sessionId}/close`, {})).statusCode).toBe(200);
  const refund = await manager(
    'POST',
    `/api/v1/payments/${paymentId}/refunds`,
    { amountCents: 200, tipCents: 100, reason: 'slow service' },
    { 'idempotency-key': newKey() },
  );
  expect(refund.statusCode, refund.body).toBe(201);

  // B: burger + lemonade, the lemonade voided, a card payment of part of it; still open.
  const b = await tableWithOrder(t, r);
  sessions.push(b.sessionId);
  const lemonade = (await billOf(cashier, b.sessionId)).lines.find((l) => l.name === 'Lemonade')!;
  const voided = await manager('POST', `/api/v1/order-lines/${lemonade.id}/status`, {
    status: 'CANCELLED',
    reason: 'spilled',
  });
  expect(voided.statusCode, voided.body).toBe(200);
  expect((await payAtTill(cashier, b.sessionId, { method: 'CARD', amountCents: 1000, tipCents: 50 })).statusCode).toBe(
    201,
  );
});
afterAll(() => t?.close());

const query = (q: Record<string, string | undefined>) =>
  `/api/v1/reports/sales?${new URLSearchParams(q as Record<string, string>).toString()}`;

async function report(q: Record<string, string>): Promise<SalesReportResponse> {
  const res = await manager('GET', query(q));
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SalesReportResponse>();
}

const now = () => new Date(Date.now() + 60_000).toISOString();
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('GET /api/v1/reports/sales', () => {
  it('totals the bills of the window to the cent: sales, tax, service, discounts, payments, tips, refunds, voids', async () => {
    const bills: Bill[] = await Promise.all(sessions.map((id) => billOf(cashier, id)));
    const rep = await report({ from: started, to: now() });
    expect(rep).toMatchObject({ currency: expect.any(String), timezone: 'Asia/Kolkata', groupBy: 'day', sessions: 2 });
    expect(rep.totals).toMatchObject({
      grossCents: sum(bills.map((b) => b.subtotalCents)),
      discountCents: sum(bills.map((b) => b.discountCents)),
      taxCents: sum(bills.map((b) => b.taxCents)),
      serviceCents: sum(bills.map((b) => b.serviceCents)),
      salesCents: sum(bills.map((b) => b.totalCents)),
      paidCents: sum(bills.map((b) => b.paidCents)),
      refundedCents: sum(bills.map((b) => b.refundedCents)),
      payments: 2,
      tipsCents: 350,
      refunds: 1,
      refundedTipsCents: 100,
      voidedLines: 1,
      voidedCents: 350,
      // Two burgers and one lemonade sold; the other lemonade was voided.
      quantity: 3,
    });
    expect(rep.totals.tipsCents - rep.totals.refundedTipsCents).toBe(sum(bills.map((b) => b.tipCents)));
    expect(rep.taxes).toEqual([{ rateBps: 1000, baseCents: rep.totals.netCents, taxCents: rep.totals.taxCents }]);
    // Everything happened today, in one row.
    expect(rep.rows).toHaveLength(1);
    expect(rep.rows[0]).toMatchObject({ ...rep.totals, key: rep.rows[0]!.label });
  });

  it('groups by item, category and payment method', async () => {
    const window = { from: started, to: now() };
    const items = await report({ ...window, groupBy: 'item' });
    expect(items.rows.map((x) => [x.label, x.quantity, x.voidedLines, x.paidCents])).toEqual([
      ['Burger', 2, 0, 0],
      ['Lemonade', 1, 1, 0],
    ]);
    const categories = await report({ ...window, groupBy: 'category' });
    expect(sum(categories.rows.map((x) => x.salesCents))).toBe(categories.totals.salesCents);
    const methods = await report({ ...window, groupBy: 'paymentMethod' });
    expect(methods.rows.map((x) => [x.key, x.payments, x.tipsCents, x.refunds, x.quantity])).toEqual([
      ['CARD', 1, 50, 0, 0],
      ['CASH', 1, 300, 1, 0],
    ]);
  });

  it('draws day lines in the restaurant’s time zone, and a day bound is that whole local day', async () => {
    const late = await tableWithOrder(t, r);
    // 19:00 UTC on 1 March is 00:30 on 2 March in Kolkata; 18:00 UTC is still 1 March there.
    const orders = await t.ctx.db.selectFrom('orders').select('id').where('session_id', '=', late.sessionId).execute();
    await t.ctx.db
      .updateTable('orders')
      .set({ created_at: '2026-03-01T19:00:00.000Z' })
      .where('id', '=', orders[0]!.id)
      .execute();
    const early = await tableWithOrder(t, r);
    await t.ctx.db
      .updateTable('orders')
      .set({ created_at: '2026-03-01T18:00:00.000Z' })
      .where('session_id', '=', early.sessionId)
      .execute();

    const byDay = await report({ from: '2026-03-01', to: '2026-03-02' });
    expect(byDay).toMatchObject({ from: '2026-02-28T18:30:00.000Z', to: '2026-03-02T18:30:00.000Z' });
    expect(byDay.rows.map((x) => [x.key, x.quantity])).toEqual([
      ['2026-03-01', 2],
      ['2026-03-02', 2],
    ]);
    const byHour = await report({ from: '2026-03-01', to: '2026-03-02', groupBy: 'hour' });
    expect(byHour.rows.map((x) => x.label)).toEqual(['2026-03-01 23:00', '2026-03-02 00:00']);
    // 2 March alone holds only the late order.
    expect((await report({ from: '2026-03-02', to: '2026-03-02' })).rows.map((x) => x.key)).toEqual(['2026-03-02']);
  });

  it('exports CSV in the currency’s major unit with a total row, as the JSON says', async () => {
    const window = { from: started, to: now(), groupBy: 'item' };
    const json = await report(window);
    const res = await manager('GET', query({ ...window, format: 'csv' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="sales-item-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const [header, ...records] = res.body.trim().split('\n');
    const cur = json.currency;
    expect(header!.split(',').slice(0, 8)).toEqual([
      'item',
      'label',
      'quantity',
      `gross_${cur}`,
      `discounts_${cur}`,
      `net_${cur}`,
      `tax_${cur}`,
      `service_${cur}`,
    ]);
    expect(records.map((x) => x.split(',')[1])).toEqual(['Burger', 'Lemonade', '']);
    const total = records.at(-1)!.split(',');
    expect(total[0]).toBe('TOTAL');
    const sales = header!.split(',').indexOf(`sales_${cur}`);
    expect(Math.round(Number(total[sales]) * 100)).toBe(json.totals.salesCents);
    expect(total[sales]).toMatch(/^\d+\.\d\d$/);
  });

  it('refuses a window that ends before it starts, one over 367 days, a bad grouping or an unknown field: 400, nothing read', async () => {
    for (const q of [
      { from: '2026-03-02', to: '2026-03-01' },
      { from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:00:00Z' },
      { from: '2025-01-01', to: '2026-03-01' },
      { from: '2026-03-01', to: '2026-03-02', groupBy: 'table' },
      { from: '2026-03-01', to: '2026-03-02', format: 'xlsx' },
      { from: '1 March', to: '2026-03-02' },
      { from: '2026-03-01', to: '2026-03-02', extra: '1' },
      { from: '2026-03-01' },
    ]) {
      const res = await manager('GET', query(q));
      expect(res.statusCode, JSON.stringify(q)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('is for managers and admins only', async () => {
    const q = query({ from: '2026-03-01', to: '2026-03-02' });
    for (const role of ['WAITER', 'CHEF', 'CASHIER'] as const)
      expect((await client(t.app, r.cookies[role])('GET', q)).statusCode).toBe(403);
    expect((await client(t.app, r.cookies.ADMIN)('GET', q)).statusCode).toBe(200);
    expect((await t.app.inject({ url: q })).statusCode).toBe(401);
  });
});
