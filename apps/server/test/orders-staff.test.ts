import type { Order } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectFieldError, expectProblem } from './support/menu-helpers.ts';
import {
  type Client,
  type OrderingRestaurant,
  buildOrderingRestaurant,
  burgerLine,
  client,
  newKey,
  orderState,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let other: OrderingRestaurant;
let waiter: Client;

beforeAll(async () => {
  t = await createTestApp();
  // Approval on: a waiter's own order still needs nobody's approval.
  r = await buildOrderingRestaurant(t, { orderApproval: true });
  other = await buildOrderingRestaurant(t);
  waiter = client(t.app, r.cookies.WAITER);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const staffOrder = (call: Client, sessionId: string, body: unknown, key: string = newKey()) =>
  call('POST', `/api/v1/sessions/${sessionId}/orders`, body, { 'idempotency-key': key });

describe('a waiter ordering for the table', () => {
  it('places a STAFF order straight to the kitchen, with the same snapshots as a guest order', async () => {
    const { sessionId, tableId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const placed = vi.spyOn(t.ctx.live, 'orderPlaced');
    const res = await staffOrder(waiter, sessionId, {
      lines: [
        { ...burgerLine(r.menu, [r.menu.egg], 2), note: 'for the child' },
        { menuItemId: r.menu.lemonade.id, quantity: 1 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { order } = res.json<{ order: Order }>();
    expect(order).toMatchObject({
      sessionId,
      tableId,
      source: 'STAFF',
      guestId: null,
      status: 'NEW',
      totalCents: 2 * 1530 + 350,
    });
    expect(order.lines.map((l) => [l.name, l.quantity, l.unitPriceCents, l.note, l.guestId])).toEqual([
      ['Burger', 2, 1530, 'for the child', null],
      ['Lemonade', 1, 350, '', null],
    ]);
    expect(placed).toHaveBeenCalledWith(r.restaurant.id, order);
    const row = await t.ctx.db
      .selectFrom('orders')
      .select(['staff_id', 'approval'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ staff_id: r.ids.WAITER, approval: 'NOT_REQUIRED' });
    expect((await guests[0]!.call('GET', '/api/v1/guest/orders')).json<{ orders: Order[] }>().orders).toEqual([order]);

    const list = await client(t.app, r.cookies.CASHIER)('GET', `/api/v1/sessions/${sessionId}/orders`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ orders: Order[] }>().orders).toEqual([order]);
    expectProblem(
      await client(t.app, other.cookies.MANAGER)('GET', `/api/v1/sessions/${sessionId}/orders`),
      404,
      'NOT_FOUND',
    );
  });

  it('answers the first order for the same key and body (200), 409 for the same key with another body', async () => {
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const body = { lines: [{ menuItemId: r.menu.fries.id, quantity: 2, optionIds: [] }] };
    const key = newKey();
    const first = await staffOrder(waiter, sessionId, body, key);
    expect(first.statusCode).toBe(201);
    const manager = client(t.app, r.cookies.MANAGER);
    // Defaults do not make a different request: optionIds left out is the same as [].
    const again = await staffOrder(manager, sessionId, { lines: [{ menuItemId: r.menu.fries.id, quantity: 2 }] }, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    const { sessionId: otherSession } = await seatTable(t, r, 'FAMILY', 0);
    const before = await orderState(t, r.restaurant.id);
    expectProblem(
      await staffOrder(waiter, sessionId, { lines: [{ menuItemId: r.menu.fries.id, quantity: 3 }] }, key),
      409,
      'IDEMPOTENCY_CONFLICT',
    );
    expectProblem(await staffOrder(waiter, otherSession, body, key), 409, 'IDEMPOTENCY_CONFLICT');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
  });

  it('makes one order of 20 concurrent requests with one key', async () => {
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const key = newKey();
    const body = { lines: [{ menuItemId: r.menu.fries.id, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 20 }, () => staffOrder(waiter, sessionId, body, key)));
    expect(results.map((res) => res.statusCode).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(results.map((res) => res.json<{ order: Order }>().order.id)).size).toBe(1);
    expect(await t.ctx.db.selectFrom('orders').select('id').where('session_id', '=', sessionId).execute()).toHaveLength(
      1,
    );
  });

  it("answers 404 for an unknown session or another restaurant's, 409 SESSION_CLOSED for a closed one", async () => {
    const body = { lines: [{ menuItemId: r.menu.fries.id, quantity: 1 }] };
    expectProblem(await staffOrder(waiter, 'no-such-session', body), 404, 'NOT_FOUND');
    const foreign = await seatTable(t, other, 'FAMILY', 0);
    expectProblem(await staffOrder(waiter, foreign.sessionId, body), 404, 'NOT_FOUND');

    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const key = newKey();
    expect((await staffOrder(waiter, sessionId, body, key)).statusCode).toBe(201);
    await t.ctx.db.updateTable('order_lines').set({ status: 'SERVED' }).where('session_id', '=', sessionId).execute();
    const close = await client(t.app, r.cookies.MANAGER)('POST', `/api/v1/sessions/${sessionId}/close`, {
      reason: 'Paid in cash',
    });
    expect(close.statusCode, close.body).toBe(200);
    const before = await orderState(t, r.restaurant.id);
    expectProblem(await staffOrder(waiter, sessionId, body), 409, 'SESSION_CLOSED');
    // A retry of an order placed before the close still answers that order.
    expect((await staffOrder(waiter, sessionId, body, key)).statusCode).toBe(200);
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
  });

  it("checks every line against the menu: 404 unknown item, 400 naming the line and group, 409 86'd", async () => {
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const before = await orderState(t, r.restaurant.id);
    const fries = { menuItemId: r.menu.fries.id, quantity: 1 };
    expectProblem(
      await staffOrder(waiter, sessionId, { lines: [fries, { menuItemId: other.menu.fries.id, quantity: 1 }] }),
      404,
      'NOT_FOUND',
    );
    const bad = expectFieldError(
      await staffOrder(waiter, sessionId, {
        lines: [fries, { menuItemId: r.menu.burger.id, quantity: 1, optionIds: [r.menu.bacon.id] }],
      }),
      'body.lines.1.optionIds',
    );
    expect(bad.detail).toContain('Cooking');
    for (const [body, field] of [
      [{ lines: [] }, 'body.lines'],
      [{}, 'body.lines'],
      [{ lines: [{ ...fries, quantity: 0 }] }, 'body.lines.0.quantity'],
      [{ lines: [{ ...fries, note: 'x'.repeat(201) }] }, 'body.lines.0.note'],
      [{ lines: [{ ...fries, price: 0 }] }, 'body.lines.0.price'],
      [{ lines: Array.from({ length: 101 }, () => fries) }, 'body.lines'],
      [{ lines: [fries], table: 'x' }, 'body.table'],
    ] as const) {
      expectFieldError(await staffOrder(waiter, sessionId, body), field);
    }
    expectFieldError(
      await waiter('POST', `/api/v1/sessions/${sessionId}/orders`, { lines: [fries] }),
      'headers.idempotency-key',
    );
    expectFieldError(
      await staffOrder(waiter, sessionId, { lines: [fries] }, 'k'.repeat(101)),
      'headers.idempotency-key',
    );

    await r.admin('POST', `/api/v1/admin/modifier-options/${r.menu.wellDone.id}/availability`, { available: false });
    await r.admin('POST', `/api/v1/admin/items/${r.menu.lemonade.id}/availability`, { available: false });
    const gone = expectProblem(
      await staffOrder(waiter, sessionId, {
        lines: [
          fries,
          { menuItemId: r.menu.burger.id, quantity: 1, optionIds: [r.menu.wellDone.id] },
          { menuItemId: r.menu.lemonade.id, quantity: 1 },
        ],
      }),
      409,
      'ITEM_UNAVAILABLE',
    );
    expect(gone.detail).toContain('Well done');
    expect(gone.detail).toContain('Lemonade');
    expect((gone as unknown as { items: unknown[] }).items).toHaveLength(2);
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    await r.admin('POST', `/api/v1/admin/modifier-options/${r.menu.wellDone.id}/availability`, { available: true });
    await r.admin('POST', `/api/v1/admin/items/${r.menu.lemonade.id}/availability`, { available: true });
  });

  it('is for waiters, managers and admins only', async () => {
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const body = { lines: [{ menuItemId: r.menu.fries.id, quantity: 1 }] };
    for (const role of ['CHEF', 'CASHIER'] as const) {
      expectProblem(await staffOrder(client(t.app, r.cookies[role]), sessionId, body), 403, 'FORBIDDEN');
    }
    expectProblem(await client(t.app, r.cookies.CHEF)('GET', `/api/v1/sessions/${sessionId}/orders`), 403, 'FORBIDDEN');
    expect((await staffOrder(client(t.app, r.cookies.ADMIN), sessionId, body)).statusCode).toBe(201);
  });
});
