import type { Cart, Order } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectFieldError, expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  burgerLine,
  client,
  newKey,
  orderState,
  placeNewOrder,
  placeOrder,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let approving: OrderingRestaurant;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  approving = await buildOrderingRestaurant(t, { orderApproval: true });
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const cartOf = async (g: SeatedGuest) => (await g.call('GET', '/api/v1/guest/cart')).json<Cart>();
const ordersOf = async (g: SeatedGuest) =>
  (await g.call('GET', '/api/v1/guest/orders')).json<{ orders: Order[] }>().orders;
const availability = (x: OrderingRestaurant, path: string, available: boolean) =>
  x.admin('POST', `/api/v1/admin/${path}/availability`, { available });

describe("86'd between add and order", () => {
  it('answers 409 ITEM_UNAVAILABLE naming the item, orders nothing, keeps the cart and the counter', async () => {
    const guest = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, burgerLine(r.menu));
    const kept = await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 2 });

    expect((await availability(r, `items/${r.menu.fries.id}`, false)).statusCode).toBe(200);
    const before = await orderState(t, r.restaurant.id);
    const placed = vi.spyOn(t.ctx.live, 'orderPlaced');
    const res = expectProblem(await placeOrder(guest), 409, 'ITEM_UNAVAILABLE');
    expect(res.detail).toContain('Fries');
    expect((res as unknown as { items: unknown }).items).toEqual([{ menuItemId: r.menu.fries.id, name: 'Fries' }]);
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
    expect(await cartOf(guest)).toMatchObject({
      version: kept.version,
      lines: kept.lines.map((l) => ({ ...l, available: l.name !== 'Fries' })),
    });
    expect(placed).not.toHaveBeenCalled();

    await availability(r, `items/${r.menu.fries.id}`, true);
    expect((await placeNewOrder(guest)).lines).toHaveLength(2);
  });

  it('answers 409 for an 86d option too, and for a line whose choices the menu no longer allows', async () => {
    const x = await buildOrderingRestaurant(t);
    const guest = (await seatTable(t, x, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, burgerLine(x.menu, [x.menu.bacon]));
    await availability(x, `modifier-options/${x.menu.bacon.id}`, false);
    const before = await orderState(t, x.restaurant.id);
    const res = expectProblem(await placeOrder(guest), 409, 'ITEM_UNAVAILABLE');
    expect(res.detail).toContain('Bacon');
    expect((res as unknown as { items: unknown }).items).toEqual([
      { menuItemId: x.menu.burger.id, name: 'Burger', option: { id: x.menu.bacon.id, name: 'Bacon' } },
    ]);
    expect(await orderState(t, x.restaurant.id)).toEqual(before);

    await availability(x, `modifier-options/${x.menu.bacon.id}`, true);
    // A new required group appears after the line was added: the line no longer says what the kitchen needs.
    const sauce = await x.admin('POST', `/api/v1/admin/items/${x.menu.burger.id}/modifier-groups`, {
      name: 'Sauce',
      minSelections: 1,
      maxSelections: 1,
    });
    await x.admin('POST', `/api/v1/admin/modifier-groups/${sauce.json().modifierGroup.id}/options`, {
      name: 'Ketchup',
    });
    const changed = expectProblem(await placeOrder(guest), 409, 'ITEM_UNAVAILABLE');
    expect(changed.detail).toContain('Burger');
    expect(await orderState(t, x.restaurant.id)).toEqual(before);
  });
});

describe('prices', () => {
  it('are read again when ordering, and the order keeps its snapshot when the menu changes later', async () => {
    const x = await buildOrderingRestaurant(t);
    const guest = (await seatTable(t, x, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, burgerLine(x.menu, [x.menu.egg], 2));
    await x.admin('PATCH', `/api/v1/admin/items/${x.menu.burger.id}`, { priceCents: 1600, name: 'Big burger' });
    await x.admin('PATCH', `/api/v1/admin/modifier-options/${x.menu.egg.id}`, { priceDeltaCents: 120 });
    const order = await placeNewOrder(guest);
    expect(order.lines[0]).toMatchObject({ name: 'Big burger', unitPriceCents: 1720, lineTotalCents: 3440 });
    expect(order.lines[0]!.options).toContainEqual({ id: x.menu.egg.id, name: 'Egg', priceDeltaCents: 120 });
    expect(order.totalCents).toBe(3440);

    await x.admin('PATCH', `/api/v1/admin/items/${x.menu.burger.id}`, { priceCents: 9900, name: 'Burger' });
    await x.admin('PATCH', `/api/v1/admin/modifier-options/${x.menu.egg.id}`, {
      priceDeltaCents: 500,
      name: 'Duck egg',
    });
    expect(await ordersOf(guest)).toEqual([order]);
  });
});

describe('INDIVIDUAL mode', () => {
  it("takes only the ordering guest's lines; everyone at the table sees every order", async () => {
    const { guests } = await seatTable(t, r, 'INDIVIDUAL');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    const cartB = await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 2 });
    const order = await placeNewOrder(a);
    expect(order.lines.map((l) => [l.name, l.guestId])).toEqual([['Fries', a.id]]);
    expect((await cartOf(a)).lines).toEqual([]);
    expect(await cartOf(b)).toEqual(cartB);
    expect(await ordersOf(b)).toEqual([order]);
    const orderB = await placeNewOrder(b);
    expect(orderB.lines.map((l) => l.name)).toEqual(['Lemonade']);
    expect((await ordersOf(a)).map((o) => o.id)).toEqual([orderB.id, order.id]);
  });
});

describe('waiter approval', () => {
  it('keeps a guest order PENDING until a waiter accepts it', async () => {
    const guest = (await seatTable(t, approving, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, { menuItemId: approving.menu.fries.id, quantity: 1 });
    const order = await placeNewOrder(guest);
    expect(order.status).toBe('PENDING');
    const updated = vi.spyOn(t.ctx.live, 'orderUpdated');
    const waiter = client(t.app, approving.cookies.WAITER);
    const res = await waiter('POST', `/api/v1/orders/${order.id}/accept`);
    expect(res.statusCode, res.body).toBe(200);
    const accepted = res.json<{ order: Order }>().order;
    expect(accepted).toMatchObject({ id: order.id, status: 'NEW', rejectReason: null });
    expect(updated).toHaveBeenCalledWith(approving.restaurant.id, accepted);
    expect((await ordersOf(guest))[0]!.status).toBe('NEW');
    expectProblem(await waiter('POST', `/api/v1/orders/${order.id}/accept`, {}), 409, 'INVALID_TRANSITION');
    expectProblem(
      await waiter('POST', `/api/v1/orders/${order.id}/reject`, { reason: 'late' }),
      409,
      'INVALID_TRANSITION',
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'order.accepted')
      .where('entity_id', '=', order.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(approving.ids.WAITER);
  });

  it('rejecting cancels every line with the reason', async () => {
    const guest = (await seatTable(t, approving, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, { menuItemId: approving.menu.fries.id, quantity: 1 });
    await addLine(guest, { menuItemId: approving.menu.lemonade.id, quantity: 1 });
    const order = await placeNewOrder(guest);
    const manager = client(t.app, approving.cookies.MANAGER);
    const res = await manager('POST', `/api/v1/orders/${order.id}/reject`, { reason: 'Kitchen closing' });
    expect(res.statusCode, res.body).toBe(200);
    const rejected = res.json<{ order: Order }>().order;
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'Kitchen closing', totalCents: 0 });
    expect(rejected.lines.map((l) => l.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const rows = await t.ctx.db
      .selectFrom('order_lines')
      .select('cancel_reason')
      .where('order_id', '=', order.id)
      .execute();
    expect(rows.map((l) => l.cancel_reason)).toEqual(['Kitchen closing', 'Kitchen closing']);
    expectProblem(await manager('POST', `/api/v1/orders/${order.id}/accept`), 409, 'INVALID_TRANSITION');
    expect(
      await t.ctx.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'order.rejected')
        .where('entity_id', '=', order.id)
        .execute(),
    ).toHaveLength(1);
  });

  it('only PENDING orders can be decided, ids of other restaurants are 404, and bad bodies 400', async () => {
    const plain = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    await addLine(plain, { menuItemId: r.menu.fries.id, quantity: 1 });
    const direct = await placeNewOrder(plain);
    expect(direct.status).toBe('NEW');
    const waiterR = client(t.app, r.cookies.WAITER);
    expectProblem(await waiterR('POST', `/api/v1/orders/${direct.id}/accept`), 409, 'INVALID_TRANSITION');

    const guest = (await seatTable(t, approving, 'FAMILY', 1)).guests[0]!;
    await addLine(guest, { menuItemId: approving.menu.fries.id, quantity: 1 });
    const pending = await placeNewOrder(guest);
    const before = await orderState(t, approving.restaurant.id);
    for (const action of ['accept', 'reject']) {
      expectProblem(await waiterR('POST', `/api/v1/orders/${pending.id}/${action}`), 404, 'NOT_FOUND');
      expectProblem(await waiterR('POST', `/api/v1/orders/no-such-order/${action}`), 404, 'NOT_FOUND');
    }
    const waiter = client(t.app, approving.cookies.WAITER);
    expectFieldError(await waiter('POST', `/api/v1/orders/${pending.id}/reject`, { reason: '' }), 'body.reason');
    expectFieldError(
      await waiter('POST', `/api/v1/orders/${pending.id}/reject`, { reason: 'x'.repeat(201) }),
      'body.reason',
    );
    expectFieldError(await waiter('POST', `/api/v1/orders/${pending.id}/accept`, { why: 'x' }), 'body.why');
    expectProblem(await waiter('POST', `/api/v1/orders/${'x'.repeat(65)}/accept`), 400, 'VALIDATION_FAILED');
    expectProblem(
      await client(t.app, approving.cookies.CHEF)('POST', `/api/v1/orders/${pending.id}/accept`),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${pending.id}/accept`,
        headers: { cookie: guest.cookie },
      }),
      401,
      'UNAUTHENTICATED',
    );
    expect(await orderState(t, approving.restaurant.id)).toEqual(before);
    expect((await ordersOf(guest))[0]!.status).toBe('PENDING');
  });
});

describe('who may order', () => {
  it('rejects the guest token of a closed session with 401 everywhere', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const close = await client(t.app, r.cookies.MANAGER)('POST', `/api/v1/sessions/${sessionId}/close`, {
      reason: 'Left early',
    });
    expect(close.statusCode, close.body).toBe(200);
    const before = await orderState(t, r.restaurant.id);
    for (const [method, url, body] of [
      ['GET', '/api/v1/guest/menu'],
      ['GET', '/api/v1/guest/cart'],
      ['POST', '/api/v1/guest/cart/lines', { menuItemId: r.menu.fries.id, quantity: 1 }],
      ['GET', '/api/v1/guest/orders'],
    ] as const) {
      expectProblem(await guest.call(method, url, body), 401, 'UNAUTHENTICATED');
    }
    expectProblem(await placeOrder(guest), 401, 'UNAUTHENTICATED');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);
  });

  it('checks the guest token in the order itself: unknown, expired or of a session no longer open → 401, nothing ordered', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const before = await orderState(t, r.restaurant.id);
    const token = guest.cookie.replace(/^plato_guest=/, '');
    const order = (cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/guest/orders',
        headers: { cookie, 'idempotency-key': newKey() },
        payload: {},
      });

    expectProblem(await order(`plato_guest=${token.slice(0, -2)}xx`), 401, 'UNAUTHENTICATED');
    expectProblem(await order('plato_guest='), 401, 'UNAUTHENTICATED');
    const tokens = t.ctx.db.updateTable('guest_tokens').where('session_id', '=', sessionId);
    await tokens.set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expectProblem(await order(guest.cookie), 401, 'UNAUTHENTICATED');
    await tokens.set({ expires_at: new Date(Date.now() + 3_600_000).toISOString() }).execute();
    const sessions = t.ctx.db.updateTable('table_sessions').where('id', '=', sessionId);
    await sessions.set({ status: 'CLOSED' }).execute();
    expectProblem(await order(guest.cookie), 401, 'UNAUTHENTICATED');
    expect(await orderState(t, r.restaurant.id)).toEqual(before);

    // The same cookie orders once the session is open again: the refusals above were the token's state, not the cart's.
    await sessions.set({ status: 'OPEN' }).execute();
    expect((await order(guest.cookie)).statusCode).toBe(201);
  });

  it("shows a guest only their own session's orders", async () => {
    const first = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    const second = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    await addLine(first, { menuItemId: r.menu.fries.id, quantity: 1 });
    const order = await placeNewOrder(first);
    expect(await ordersOf(second)).toEqual([]);
    expect(await ordersOf(first)).toEqual([order]);
  });
});
