import type { Bill, KitchenTicket, Payment } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKitchen, moveLine, type KitchenSetup } from './support/kitchen-factories.ts';
import {
  addLine,
  buildOrderingRestaurant,
  burgerLine,
  client,
  newKey,
  placeNewOrder,
  seatTable,
  type Client,
  type OrderingRestaurant,
} from './support/order-factories.ts';
import { openHostedPage, submitHosted } from './support/billing-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/*
 * The whole table, as it happens on a Friday night, through the public API
 * only: guests join and order, the kitchen cooks and the waiter serves, one
 * guest pays an equal part online through the hosted page and its signed
 * webhook, the cashier takes the rest in cash with change, the table closes
 * and the receipt link works for a day, then not.
 */
let t: TestApp;
let r: OrderingRestaurant;
let k: KitchenSetup;
let cashier: Client;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  k = await buildKitchen(t, r);
  cashier = client(t.app, r.cookies.CASHIER);
});
afterAll(() => t?.close());

describe('a table from the scan to the receipt', () => {
  it('joins, orders, is served, pays an equal part online and the rest in cash, closes, and gets its receipt', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 2);
    const [ann, bob] = guests as [(typeof guests)[0], (typeof guests)[0]];
    await addLine(ann, burgerLine(r.menu, [r.menu.cheese]));
    await addLine(bob, { menuItemId: k.beer.id, quantity: 2 });
    const order = await placeNewOrder(bob);

    // The kitchen cooks each station's ticket; the waiter serves every line.
    const { tickets } = (await k.manager('GET', '/api/v1/kitchen/tickets')).json<{ tickets: KitchenTicket[] }>();
    const mine = tickets.filter((x) => x.orderId === order.id);
    expect(mine).toHaveLength(2);
    for (const ticket of mine) {
      const bumped = await k.chef('POST', `/api/v1/kitchen/tickets/${ticket.id}/bump`);
      expect(bumped.statusCode, bumped.body).toBe(200);
    }
    for (const line of order.lines) expect((await moveLine(k.waiter, line.id, 'SERVED')).statusCode).toBe(200);
    const served = await ann.call('GET', '/api/v1/guest/orders');
    expect(served.json<{ orders: { id: string; status: string }[] }>().orders[0]).toMatchObject({
      id: order.id,
      status: 'SERVED',
    });

    // An equal split in two; Ann pays her part online.
    const split = await cashier('POST', `/api/v1/sessions/${sessionId}/splits`, { method: 'EQUAL', parts: 2 });
    expect(split.statusCode, split.body).toBe(200);
    const parts = split.json<{ parts: { amountCents: number }[] }>().parts.map((p) => p.amountCents);
    const total = 1450 + 100 + 2 * 500;
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    const started = await ann.call(
      'POST',
      '/api/v1/guest/payments',
      { amountCents: parts[0], tipCents: 100 },
      {
        'idempotency-key': newKey(),
      },
    );
    expect(started.statusCode, started.body).toBe(201);
    const { redirectUrl } = started.json<{ payment: Payment; redirectUrl: string }>();
    const { intent } = await openHostedPage(t.app, redirectUrl);
    const confirmed = await submitHosted(t.app, intent, { action: 'confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    await t.app.devPay?.settled();
    const guestBill = (await ann.call('GET', '/api/v1/guest/bill')).json<Bill>();
    expect(guestBill).toMatchObject({ paidCents: parts[0], balanceCents: total - parts[0]!, tipCents: 100 });

    // The rest in cash: 50.00 handed over, change given.
    const cash = await cashier(
      'POST',
      `/api/v1/sessions/${sessionId}/payments`,
      { method: 'CASH', amountCents: parts[1], tenderedCents: 5000 },
      { 'idempotency-key': newKey() },
    );
    expect(cash.statusCode, cash.body).toBe(201);
    expect(cash.json<{ payment: Payment; bill: Bill }>()).toMatchObject({
      payment: { changeCents: 5000 - parts[1]! },
      bill: { balanceCents: 0 },
    });

    const closed = await cashier('POST', `/api/v1/sessions/${sessionId}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    const { receiptUrl } = closed.json<{ receiptUrl: string }>();
    const receiptPath = new URL(receiptUrl).pathname;
    const receipt = await t.app.inject({ url: receiptPath });
    expect(receipt.statusCode, receipt.body).toBe(200);
    for (const text of ['Burger', 'Cheese', 'Beer']) expect(receipt.body).toContain(text);
    // The guests' cookies are revoked with the close.
    expect((await ann.call('GET', '/api/v1/guest/bill')).statusCode).toBe(401);

    // A day later the link no longer opens.
    await t.ctx.db
      .updateTable('table_sessions')
      .set({ closed_at: new Date(Date.now() - 25 * 3600 * 1000).toISOString() })
      .where('id', '=', sessionId)
      .execute();
    expect((await t.app.inject({ url: receiptPath })).statusCode).toBe(404);
  });
});
