import { type Cart, LIMITS, type Order } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFieldError } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  client,
  newKey,
  orderState,
  placeOrder,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/**
 * Money is bounded (packages/contracts LIMITS): a line, a cart, an order and
 * a session's orders (its bill) may not pass the bounds, and a write that
 * would is refused before anything is written — so every stored amount fits
 * the response schemas and reads never fail on it.
 */

let t: TestApp;
let r: OrderingRestaurant;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
});
afterAll(() => t?.close());

/** A new item at this price (each test prices its own, so repricing one changes no other test). */
async function pricey(priceCents: number): Promise<string> {
  const res = await r.admin('POST', '/api/v1/admin/items', {
    stationId: r.menu.stationId,
    categoryId: r.menu.mains.id,
    name: `Caviar ${priceCents} ${newKey()}`.slice(0, 60),
    priceCents,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ item: { id: string } }>().item.id;
}

const staff = () => client(t.app, r.cookies.MANAGER);
const staffOrder = (sessionId: string, lines: unknown[]) =>
  staff()('POST', `/api/v1/sessions/${sessionId}/orders`, { lines }, { 'idempotency-key': newKey() });

async function expectReadable(guest: SeatedGuest, sessionId: string) {
  for (const url of ['/api/v1/guest/cart', '/api/v1/guest/session', '/api/v1/guest/orders']) {
    const res = await guest.call('GET', url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  }
  const orders = await staff()('GET', `/api/v1/sessions/${sessionId}/orders`);
  expect(orders.statusCode, orders.body).toBe(200);
}

describe('money bounds', () => {
  it('uses one bound for a line, a cart, an order and a bill: the money schema of one amount', () => {
    expect(LIMITS.lineTotalCentsMax).toBe(LIMITS.moneyMaxCents);
    expect(LIMITS.cartTotalCentsMax).toBe(LIMITS.moneyMaxCents);
    expect(LIMITS.orderTotalCentsMax).toBe(LIMITS.moneyMaxCents);
    expect(LIMITS.billTotalCentsMax).toBe(LIMITS.moneyMaxCents);
  });

  it('refuses the 100th line of 99 × 101.02 (400 naming body.quantity), writes nothing, and reads still answer', async () => {
    const item = await pricey(10_102);
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    let cart: Cart | undefined;
    for (let i = 0; i < 99; i++) cart = await addLine(guest, { menuItemId: item, quantity: 99 });
    expect(cart?.totalCents).toBe(99 * 99 * 10_102);
    const before = await orderState(t, r.restaurant.id);

    const res = await guest.call('POST', '/api/v1/guest/cart/lines', { menuItemId: item, quantity: 99 });
    expectFieldError(res, 'body.quantity');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    await expectReadable(guest, sessionId);

    // A smaller line fits; raising it past the bound is refused the same way, lowering it never is.
    const small = await addLine(guest, { menuItemId: item, quantity: 1 });
    const lineId = small.lines.at(-1)!.id;
    const patched = await guest.call('PATCH', `/api/v1/guest/cart/lines/${lineId}`, { quantity: 99 });
    expectFieldError(patched, 'body.quantity');
    expect((await guest.call('GET', '/api/v1/guest/cart')).json<Cart>()).toEqual(small);
    const lowered = await guest.call('PATCH', `/api/v1/guest/cart/lines/${cart!.lines[0]!.id}`, { quantity: 98 });
    expect(lowered.statusCode, lowered.body).toBe(200);
    await expectReadable(guest, sessionId);
  });

  it('prices a cart repriced past the bound on read, and refuses to order it (400 naming the cart)', async () => {
    const item = await pricey(10_000);
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    for (let i = 0; i < 20; i++) await addLine(guest, { menuItemId: item, quantity: 99 });
    const res = await r.admin('PATCH', `/api/v1/admin/items/${item}`, { priceCents: 100_000_000 });
    expect(res.statusCode, res.body).toBe(200);
    const cart = await guest.call('GET', '/api/v1/guest/cart');
    expect(cart.statusCode, cart.body).toBe(200);
    expect(cart.json<Cart>().totalCents).toBe(20 * 99 * 100_000_000);
    const before = await orderState(t, r.restaurant.id);

    expectFieldError(await placeOrder(guest, newKey()), 'cart');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    await expectReadable(guest, sessionId);
  });

  it("refuses a waiter's order of 100 lines × 99 × 101.02 (400 naming body.lines), writing nothing", async () => {
    const item = await pricey(10_102);
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const before = await orderState(t, r.restaurant.id);
    const res = await staffOrder(
      sessionId,
      Array.from({ length: 100 }, () => ({ menuItemId: item, quantity: 99 })),
    );
    expectFieldError(res, 'body.lines');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    await expectReadable(guests[0]!, sessionId);
  });

  it("refuses an order that would take the session's orders past the bill bound, from a guest or a waiter", async () => {
    const item = await pricey(10_102);
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    const first = await staffOrder(
      sessionId,
      Array.from({ length: 99 }, () => ({ menuItemId: item, quantity: 99 })),
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ order: Order }>().order.totalCents).toBe(99 * 99 * 10_102);
    await addLine(guest, { menuItemId: item, quantity: 99 });
    const before = await orderState(t, r.restaurant.id);

    expectFieldError(await placeOrder(guest, newKey()), 'cart');
    expectFieldError(await staffOrder(sessionId, [{ menuItemId: item, quantity: 99 }]), 'body.lines');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    await expectReadable(guest, sessionId);
    // What still fits the bill is ordered.
    const fits = await staffOrder(sessionId, [{ menuItemId: r.menu.fries.id, quantity: 1 }]);
    expect(fits.statusCode, fits.body).toBe(201);
  });

  it("counts every cart's orders and the waiters' in the bill: INDIVIDUAL guests share one bound", async () => {
    const item = await pricey(1_000_000);
    const { sessionId, guests } = await seatTable(t, r, 'INDIVIDUAL', 2);
    const [ann, bob] = [guests[0]!, guests[1]!];
    expect((await staffOrder(sessionId, [{ menuItemId: item, quantity: 40 }])).statusCode).toBe(201);
    await addLine(ann, { menuItemId: item, quantity: 40 });
    expect((await placeOrder(ann, newKey())).statusCode).toBe(201);
    // Bob's own cart has ordered nothing, but the session has 80 of its 100 (millions) ordered already.
    const line = (await addLine(bob, { menuItemId: item, quantity: 30 })).lines[0]!;
    const before = await orderState(t, r.restaurant.id);
    expectFieldError(await placeOrder(bob, newKey()), 'cart');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    expectFieldError(await staffOrder(sessionId, [{ menuItemId: item, quantity: 21 }]), 'body.lines');
    // Up to the bound exactly is allowed.
    expect((await bob.call('PATCH', `/api/v1/guest/cart/lines/${line.id}`, { quantity: 20 })).statusCode).toBe(200);
    const last = await placeOrder(bob, newKey());
    expect(last.statusCode, last.body).toBe(201);
    expectFieldError(await staffOrder(sessionId, [{ menuItemId: r.menu.fries.id, quantity: 1 }]), 'body.lines');
    await expectReadable(bob, sessionId);
  });
});
