import type { Cart, Order } from '@plato/contracts';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { expectFieldError, expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  burgerLine,
  newKey,
  orderState,
  placeNewOrder,
  placeOrder,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const cartOf = async (g: SeatedGuest) => (await g.call('GET', '/api/v1/guest/cart')).json<Cart>();
const ordersOf = async (g: SeatedGuest) => {
  const res = await g.call('GET', '/api/v1/guest/orders');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ orders: Order[] }>().orders;
};

describe('placing the cart', () => {
  it('snapshots the lines into a numbered order, empties the cart, audits, and tells the table and the waiters', async () => {
    const { sessionId, tableId, guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    await addLine(a, { ...burgerLine(r.menu, [r.menu.cheese, r.menu.bacon], 2), note: 'no onions' });
    const cart = await addLine(b, { menuItemId: r.menu.fries.id, quantity: 1 });
    const placed = vi.spyOn(t.ctx.live, 'orderPlaced');
    const cartUpdated = vi.spyOn(t.ctx.live, 'cartUpdated');

    const res = await placeOrder(b, newKey(), { cartVersion: cart.version });
    expect(res.statusCode, res.body).toBe(201);
    const { order } = res.json<{ order: Order }>();
    expect(order).toMatchObject({
      number: expect.any(Number),
      sessionId,
      tableId,
      status: 'NEW',
      source: 'GUEST',
      guestId: b.id,
      totalCents: 2 * (1450 + 100 + 200) + 400,
      rejectReason: null,
      version: 0,
    });
    expect(order.lines).toEqual([
      {
        id: expect.any(String),
        menuItemId: r.menu.burger.id,
        name: 'Burger',
        quantity: 2,
        // Options come in menu order, whatever order they were picked in.
        options: [
          { id: r.menu.rare.id, name: 'Rare', priceDeltaCents: 0 },
          { id: r.menu.bacon.id, name: 'Bacon', priceDeltaCents: 200 },
          { id: r.menu.cheese.id, name: 'Cheese', priceDeltaCents: 100 },
        ],
        note: 'no onions',
        unitPriceCents: 1750,
        lineTotalCents: 3500,
        status: 'NEW',
        guestId: a.id,
        stationId: r.menu.stationId,
        course: 1,
        held: false,
        cancelReason: null,
      },
      expect.objectContaining({ name: 'Fries', quantity: 1, unitPriceCents: 400, guestId: b.id, status: 'NEW' }),
    ]);

    const emptied = await cartOf(a);
    expect(emptied).toEqual({ version: cart.version + 1, lines: [], totalCents: 0 });
    expect(placed).toHaveBeenCalledWith(r.restaurant.id, order);
    expect(cartUpdated).toHaveBeenCalledWith(sessionId, 'TABLE', emptied);

    expect(await ordersOf(a)).toEqual([order]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'order.placed')
      .where('entity_id', '=', order.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'GUEST', actor_id: b.id, restaurant_id: r.restaurant.id });
  });

  it('answers 409 CART_EMPTY for an empty cart and changes nothing', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    const before = await orderState(t, r.restaurant.id);
    expectProblem(await placeOrder(guests[0]!), 409, 'CART_EMPTY');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
  });

  it('numbers orders per restaurant: 1, 2, 3 here while another restaurant counts on its own', async () => {
    const a = await buildOrderingRestaurant(t);
    const b = await buildOrderingRestaurant(t);
    const guestA = (await seatTable(t, a, 'FAMILY', 1)).guests[0]!;
    const guestB = (await seatTable(t, b, 'FAMILY', 1)).guests[0]!;
    const numbers: [number, number][] = [];
    for (let i = 0; i < 3; i++) {
      await addLine(guestA, { menuItemId: a.menu.fries.id, quantity: 1 });
      const na = (await placeNewOrder(guestA)).number;
      await addLine(guestB, { menuItemId: b.menu.fries.id, quantity: 1 });
      const nb = i < 2 ? (await placeNewOrder(guestB)).number : 0;
      numbers.push([na, nb]);
    }
    expect(numbers).toEqual([
      [1, 1],
      [2, 2],
      [3, 0],
    ]);
    expect((await ordersOf(guestA)).map((o) => o.number)).toEqual([3, 2, 1]);
  });

  it('loses no acknowledged order: a fresh connection to the database finds it', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    await addLine(guests[0]!, { menuItemId: r.menu.lemonade.id, quantity: 2 });
    const order = await placeNewOrder(guests[0]!);
    let schema: string | undefined;
    if (t.dialect === 'postgres') {
      schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.ctx.db)).rows[0]!.s;
    }
    const fresh = openDatabase(t.ctx.config.databaseUrl, schema ? { schema } : {});
    try {
      const row = await fresh.kysely
        .selectFrom('orders')
        .select(['number', 'total_cents'])
        .where('id', '=', order.id)
        .executeTakeFirst();
      expect(row).toEqual({ number: order.number, total_cents: 700 });
      const lines = await fresh.kysely
        .selectFrom('order_lines')
        .select('name')
        .where('order_id', '=', order.id)
        .execute();
      expect(lines).toEqual([{ name: 'Lemonade' }]);
    } finally {
      await fresh.close();
    }
  });
});

describe('Idempotency-Key', () => {
  it('answers the first order with 200 for the same key, even though the cart is empty by then', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    await addLine(a, { menuItemId: r.menu.fries.id, quantity: 2 });
    const key = newKey();
    const first = await placeNewOrder(a, key);
    const before = await orderState(t, r.restaurant.id);
    for (const g of [a, b]) {
      const again = await placeOrder(g, key);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<{ order: Order }>().order).toEqual(first);
    }
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
  });

  it('answers the first order with 200 when a table-mate added a line before the retry, and leaves that line in the cart', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    const key = newKey();
    // A's answer is lost; meanwhile B adds a line; A retries with the same key and the same (empty) body.
    const first = await placeNewOrder(a, key);
    const cart = await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 1 });
    const before = await orderState(t, r.restaurant.id);
    const again = await placeOrder(a, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ order: Order }>().order).toEqual(first);
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    expect(await cartOf(a)).toEqual(cart);
    expect((await placeOrder(b, newKey())).statusCode).toBe(201);
  });

  it('answers the first order for a retry with the cart version it sent, whatever the cart holds now', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    const seen = await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    const key = newKey();
    const first = await placeOrder(a, key, { cartVersion: seen.version });
    expect(first.statusCode, first.body).toBe(201);
    await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 1 });
    const again = await placeOrder(a, key, { cartVersion: seen.version });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    // Another body under the key is another request: 409, and the message does not send the client to a new key.
    const other = await placeOrder(a, key, { cartVersion: seen.version + 2 });
    expectProblem(other, 409, 'IDEMPOTENCY_CONFLICT');
    expect(other.json<{ detail: string }>().detail).not.toMatch(/new key/i);
    expect((await cartOf(a)).lines.map((l) => l.name)).toEqual(['Lemonade']);
  });

  it('remembers the cart version sent with the key: the same lines under another version are another request', async () => {
    const guest = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    const seen = await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const key = newKey();
    expect((await placeOrder(guest, key, { cartVersion: seen.version })).statusCode).toBe(201);
    const again = await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    expect((await placeOrder(guest, key, { cartVersion: seen.version })).statusCode).toBe(200);
    expectProblem(await placeOrder(guest, key, { cartVersion: again.version }), 409, 'IDEMPOTENCY_CONFLICT');
    expect((await cartOf(guest)).lines).toHaveLength(1);
  });

  it("answers 409 for a key another session of the restaurant used, but not for another restaurant's", async () => {
    const first = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    const second = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    await addLine(first, { menuItemId: r.menu.fries.id, quantity: 1 });
    const key = newKey();
    await placeNewOrder(first, key);
    expectProblem(await placeOrder(second, key), 409, 'IDEMPOTENCY_CONFLICT');
    await addLine(second, { menuItemId: r.menu.fries.id, quantity: 1 });
    expectProblem(await placeOrder(second, key), 409, 'IDEMPOTENCY_CONFLICT');
    expect((await cartOf(second)).lines).toHaveLength(1);

    const elsewhere = await buildOrderingRestaurant(t);
    const guest = (await seatTable(t, elsewhere, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, { menuItemId: elsewhere.menu.fries.id, quantity: 1 });
    expect((await placeOrder(guest, key)).statusCode).toBe(201);
  });

  it('makes exactly one order of 100 concurrent requests with one key: one 201, 99 × 200, the same order', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY');
    await addLine(guests[0]!, burgerLine(r.menu, [r.menu.egg]));
    await addLine(guests[1]!, { menuItemId: r.menu.fries.id, quantity: 3 });
    const placed = vi.spyOn(t.ctx.live, 'orderPlaced');
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => placeOrder(guests[i % 2]!, key)));
    const statuses = results.map((res) => res.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(99);
    const ids = new Set(results.map((res) => res.json<{ order: Order }>().order.id));
    expect(ids.size).toBe(1);
    const rows = await t.ctx.db.selectFrom('orders').select('id').where('session_id', '=', sessionId).execute();
    expect(rows).toEqual([{ id: [...ids][0] }]);
    expect(placed).toHaveBeenCalledTimes(1);
    expect(results[0]!.json<{ order: Order }>().order.lines).toHaveLength(2);
  });

  it('gives the cart to one of two concurrent orders with different keys; the other answers 409 CART_EMPTY', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY');
    await addLine(guests[0]!, { menuItemId: r.menu.fries.id, quantity: 1 });
    await addLine(guests[1]!, { menuItemId: r.menu.lemonade.id, quantity: 2 });
    const [x, y] = await Promise.all([placeOrder(guests[0]!, newKey()), placeOrder(guests[1]!, newKey())]);
    const winner = x.statusCode === 201 ? x : y;
    const loser = winner === x ? y : x;
    expect(winner.statusCode, winner.body).toBe(201);
    expect(winner.json<{ order: Order }>().order.lines.map((l) => l.name)).toEqual(['Fries', 'Lemonade']);
    expectProblem(loser, 409, 'CART_EMPTY');
    expect(await t.ctx.db.selectFrom('orders').select('id').where('session_id', '=', sessionId).execute()).toHaveLength(
      1,
    );
  });

  it('requires a key of at most 100 characters and a valid body, changing nothing otherwise', async () => {
    const guest = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const before = await orderState(t, r.restaurant.id);
    const post = (headers: Record<string, string>, payload?: unknown) =>
      guest.call('POST', '/api/v1/guest/orders', payload, headers);
    expectFieldError(await post({}), 'headers.idempotency-key');
    expectFieldError(await post({ 'idempotency-key': '' }), 'headers.idempotency-key');
    expectFieldError(await post({ 'idempotency-key': '   ' }), 'headers.idempotency-key');
    expectFieldError(await post({ 'idempotency-key': 'k'.repeat(101) }), 'headers.idempotency-key');
    expectFieldError(await post({ 'idempotency-key': newKey() }, { cartVersion: -1 }), 'body.cartVersion');
    expectFieldError(await post({ 'idempotency-key': newKey() }, { cartVersion: 'one' }), 'body.cartVersion');
    expectFieldError(await post({ 'idempotency-key': newKey() }, { lines: [] }), 'body.lines');
    expectProblem(
      await post({ 'idempotency-key': newKey(), 'content-type': 'application/json' }, '{nope'),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await guest.call('POST', '/api/v1/guest/orders?x=1', undefined, { 'idempotency-key': newKey() }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await guest.call('GET', '/api/v1/guest/orders?x=1'), 400, 'VALIDATION_FAILED');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    expect((await post({ 'idempotency-key': 'k'.repeat(100) })).statusCode).toBe(201);
  });
});
