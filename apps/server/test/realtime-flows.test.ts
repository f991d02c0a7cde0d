import type { Cart, Order, SessionMode } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/db/ids.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { connectLive, expectRefused, mark, type LiveClient } from './support/socket-client.ts';
import {
  buildMenuItem,
  buildTable,
  joinViaApi,
  listenOnFreePort,
  openSessionViaApi,
} from './support/socket-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * Live events end to end: everything is set up and changed through the HTTP
 * API (waiter opens, guests join with the PIN, carts, orders, calls), and
 * the real socket.io-client listens.
 */
let t: TestApp;
let url: string;
let r: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let other: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let itemId: string;
const open: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  url = await listenOnFreePort(t.app);
  r = await buildRestaurantWithStaff(t.app, t.ctx);
  other = await buildRestaurantWithStaff(t.app, t.ctx);
  itemId = await buildMenuItem(t.app, r.cookies.ADMIN);
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await t?.close();
});

async function connect(cookie: string): Promise<LiveClient> {
  const client = await connectLive(url, { cookie });
  open.push(client);
  return client;
}

/** A new table, a session opened by the waiter, and one joined guest per name. */
async function seatTable(mode: SessionMode, names = ['Ann', 'Bob']) {
  const table = await buildTable(t.app, r.cookies.ADMIN);
  const { session, pin } = await openSessionViaApi(t.app, r.cookies.WAITER, table.id, mode);
  const guests = [];
  for (const name of names) guests.push(await joinViaApi(t.app, table.qrToken, pin, name));
  return { table, session, guests };
}

async function addLine(guestCookie: string): Promise<Cart> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/guest/cart/lines',
    headers: { cookie: guestCookie },
    payload: { menuItemId: itemId, quantity: 1 },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Cart>();
}

describe('carts, live', () => {
  it('FAMILY: an add by one guest reaches the other with the new version', async () => {
    const { guests } = await seatTable('FAMILY');
    const [ann, bob] = guests as [(typeof guests)[0], (typeof guests)[0]];
    const annSocket = await connect(ann.cookie);
    const bobSocket = await connect(bob.cookie);
    const start = await bobSocket.waitFor('cart.updated');
    await annSocket.waitFor('cart.updated');

    const afterAnn = await addLine(ann.cookie);
    expect(afterAnn.version).toBeGreaterThan(start.version);
    expect(await bobSocket.waitFor('cart.updated', (c) => c.version === afterAnn.version)).toEqual(afterAnn);
    expect(await annSocket.waitFor('cart.updated', (c) => c.version === afterAnn.version)).toEqual(afterAnn);

    const afterBob = await addLine(bob.cookie);
    expect(afterBob.version).toBeGreaterThan(afterAnn.version);
    const seenByAnn = await annSocket.waitFor('cart.updated', (c) => c.version === afterBob.version);
    expect(seenByAnn.lines.map((l) => l.guestId).sort()).toEqual([ann.guest.id, bob.guest.id].sort());
  });

  it('INDIVIDUAL: carts stay apart — the other guest hears nothing of an add', async () => {
    const { guests } = await seatTable('INDIVIDUAL');
    const [ann, bob] = guests as [(typeof guests)[0], (typeof guests)[0]];
    const annSocket = await connect(ann.cookie);
    const bobSocket = await connect(bob.cookie);
    await annSocket.waitFor('cart.updated');
    await bobSocket.waitFor('cart.updated');

    annSocket.clear();
    bobSocket.clear();
    const annCart = await addLine(ann.cookie);
    // The cart's event went out before the answer: a marker sent now arrives after it.
    const m = mark(t.app.io, annSocket, bobSocket);
    expect((await annSocket.heardBefore(m, 'cart.updated')).map((e) => e.payload)).toEqual([annCart]);
    expect(await bobSocket.heardBefore(m, 'cart.updated')).toEqual([]);
    const bobCart = await t.app.inject({ method: 'GET', url: '/api/v1/guest/cart', headers: { cookie: bob.cookie } });
    expect(bobCart.json<Cart>().lines).toEqual([]);
  });

  it('a reconnecting guest starts from the cart as it is now', async () => {
    const { guests } = await seatTable('FAMILY');
    const [ann, bob] = guests as [(typeof guests)[0], (typeof guests)[0]];
    await addLine(ann.cookie);
    const latest = await addLine(ann.cookie);
    const bobSocket = await connect(bob.cookie);
    expect(await bobSocket.waitFor('cart.updated')).toEqual(latest);
  });
});

describe('the floor, live', () => {
  it('waiters and cashiers see the table go ORDERING on a cart add and WAITING_FOR_FOOD once ordered', async () => {
    const { table, guests } = await seatTable('FAMILY', ['Ann']);
    const ann = guests[0]!;
    const waiter = await connect(r.cookies.WAITER);
    const cashier = await connect(r.cookies.CASHIER);
    await addLine(ann.cookie);
    await waiter.waitFor('table.updated', (x) => x.id === table.id && x.status === 'ORDERING');
    await cashier.waitFor('table.updated', (x) => x.id === table.id && x.status === 'ORDERING');
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guest/orders',
      headers: { cookie: ann.cookie, 'idempotency-key': newId() },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    await waiter.waitFor('table.updated', (x) => x.id === table.id && x.status === 'WAITING_FOR_FOOD');
  });
});

describe('orders and calls, live', () => {
  it('waiters get order.placed and call.created; the table sees its order; the kitchen and other restaurants hear no call', async () => {
    const { table, guests } = await seatTable('FAMILY');
    const [ann, bob] = guests as [(typeof guests)[0], (typeof guests)[0]];
    const waiter = await connect(r.cookies.WAITER);
    const chef = await connect(r.cookies.CHEF);
    const elsewhere = await connect(other.cookies.WAITER);
    const bobSocket = await connect(bob.cookie);
    await bobSocket.waitFor('cart.updated');

    await addLine(ann.cookie);
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guest/orders',
      headers: { cookie: ann.cookie, 'idempotency-key': newId() },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const { order } = placed.json<{ order: Order }>();
    expect((await waiter.waitFor('order.placed', (p) => p.order.id === order.id)).order).toEqual(order);
    expect((await bobSocket.waitFor('order.placed', (p) => p.order.id === order.id)).order).toEqual(order);
    expect((await bobSocket.waitFor('cart.updated', (c) => c.lines.length === 0)).version).toBeGreaterThan(0);

    const call = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guest/calls',
      headers: { cookie: bob.cookie },
      payload: { kind: 'WAITER' },
    });
    expect(call.statusCode, call.body).toBe(201);
    expect(await waiter.waitFor('call.created')).toMatchObject({ tableId: table.id, kind: 'WAITER' });
    // The floor's table.updated goes out a moment after the answers: once the waiter has it, so would a stray copy.
    await waiter.waitFor('table.updated', (x) => x.id === table.id && x.calls.length === 1);

    const m = mark(t.app.io, chef, bobSocket, elsewhere);
    expect(await chef.heardBefore(m, 'call.created')).toEqual([]);
    expect(await bobSocket.heardBefore(m, 'call.created')).toEqual([]);
    expect(await elsewhere.heardBefore(m)).toEqual([]);
  });

  it('closing the session through the API disconnects its guests and refuses their cookies', async () => {
    const { session, guests } = await seatTable('FAMILY', ['Ann']);
    const [ann] = guests as [(typeof guests)[0]];
    const phone = await connect(ann.cookie);
    const waiter = await connect(r.cookies.WAITER);
    await phone.waitFor('cart.updated');

    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/close`,
      headers: { cookie: r.cookies.CASHIER },
      payload: {},
    });
    expect(closed.statusCode, closed.body).toBe(200);
    // With the receipt link the guest can open until 24 h after the close.
    const { receiptUrl } = closed.json<{ receiptUrl: string }>();
    expect(receiptUrl).toMatch(/\/api\/v1\/public\/receipts\/[\w-]{43}$/);
    expect(await phone.waitFor('session.closed')).toEqual({ sessionId: session.id, receiptUrl });
    expect(await phone.waitForDisconnect()).toBe('io server disconnect');
    await waiter.waitFor('session.closed', (p) => p.sessionId === session.id);
    expect((await expectRefused(url, { cookie: ann.cookie })).code).toBe('UNAUTHENTICATED');
  });
});
