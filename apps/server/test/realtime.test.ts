import type { AdminTable, SessionMode } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/db/ids.ts';
import { rooms } from '../src/realtime/live.ts';
import { buildRestaurantWithStaff, buildStaff, login } from './support/factories.ts';
import { connectLive, connectMany, expectRefused, mark, type LiveClient } from './support/socket-client.ts';
import {
  buildStation,
  buildMenuItem,
  buildTable,
  closeSessionInDb,
  fakeCall,
  fakeCart,
  fakeFloorTable,
  fakeGuestCall,
  fakeOrder,
  listenOnFreePort,
  seedGuest,
  seedSession,
} from './support/socket-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let url: string;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let b: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let tableA1: AdminTable;
let tableA2: AdminTable;
let tableB1: AdminTable;
const open: LiveClient[] = [];
const seeded: string[] = [];

/** An open session written straight to the database, closed after the test. */
async function seed(restaurantId: string, tableId: string, mode?: SessionMode) {
  const session = await seedSession(t.ctx, restaurantId, tableId, mode);
  seeded.push(session.id);
  return session;
}

/** The names of the events `client` heard before the marker `id` (see `mark`). */
async function heardBefore(client: LiveClient, id: string): Promise<string[]> {
  return (await client.heardBefore(id)).map((e) => e.event);
}

async function connect(cookie: string, extra: Parameters<typeof connectLive>[1] = {}): Promise<LiveClient> {
  const client = await connectLive(url, { cookie, ...extra });
  open.push(client);
  return client;
}

/** A guest socket, past the cart it is sent on connect, so tests see only what they publish. */
async function connectGuest(cookie: string): Promise<LiveClient> {
  const client = await connect(cookie);
  await client.waitFor('cart.updated');
  client.clear();
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
  url = await listenOnFreePort(t.app);
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  b = await buildRestaurantWithStaff(t.app, t.ctx);
  tableA1 = await buildTable(t.app, a.cookies.ADMIN);
  tableA2 = await buildTable(t.app, a.cookies.ADMIN);
  tableB1 = await buildTable(t.app, b.cookies.ADMIN);
});
afterEach(async () => {
  open.splice(0).forEach((c) => c.close());
  // Closed here, not at each test's end: a failed test must not leave its table occupied for the next.
  for (const id of seeded.splice(0)) await closeSessionInDb(t.ctx, id);
});
afterAll(async () => {
  await t?.close();
});

describe('socket handshake', () => {
  it('refuses a socket without a cookie', async () => {
    expect(await expectRefused(url)).toEqual({ message: 'UNAUTHENTICATED', code: 'UNAUTHENTICATED' });
  });

  it('refuses forged staff and guest cookies', async () => {
    for (const cookie of ['plato_staff=forged', 'plato_guest=forged', 'plato_staff=x; plato_guest=y', 'other=1']) {
      expect((await expectRefused(url, { cookie })).code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a signed-out staff cookie', async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const cookie = await login(t.app, a.restaurant.slug, staff.email);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await expectRefused(url, { cookie })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a cross-origin browser and accepts its own origin, the public URL and no origin', async () => {
    const host = new URL(url).host;
    expect(await expectRefused(url, { cookie: a.cookies.WAITER, origin: 'https://evil.example' })).toEqual({
      message: 'FORBIDDEN',
      code: 'FORBIDDEN',
    });
    expect((await expectRefused(url, { cookie: a.cookies.WAITER, origin: 'null' })).code).toBe('FORBIDDEN');
    expect((await expectRefused(url, { cookie: a.cookies.WAITER, origin: `http://${host}.evil.example` })).code).toBe(
      'FORBIDDEN',
    );
    await connect(a.cookies.WAITER, { origin: `http://${host}` });
    await connect(a.cookies.WAITER, { origin: 'http://plato.test' }); // PLATO_PUBLIC_URL of the test app
    await connect(a.cookies.WAITER);
  });

  it('authenticates over the polling transport too', async () => {
    const waiter = await connect(a.cookies.WAITER, { transports: ['polling'] });
    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    await waiter.waitFor('call.created');
    expect((await expectRefused(url, { transports: ['polling'] })).code).toBe('UNAUTHENTICATED');
  });

  it('with both cookies, a valid staff cookie wins and an invalid one falls back to the guest', async () => {
    const session = await seed(a.restaurant.id, tableA1.id);
    const guest = await seedGuest(t.ctx, session);
    const both = await connect(`${a.cookies.WAITER}; ${guest.cookie}`);
    const guestOnly = await connectGuest(`plato_staff=stale; ${guest.cookie}`);
    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    t.ctx.live.cartUpdated(session.id, 'TABLE', fakeCart(7));
    const m = mark(t.app.io, both, guestOnly);
    expect(await heardBefore(both, m)).toEqual(['call.created']);
    expect(await heardBefore(guestOnly, m)).toEqual(['cart.updated']);
    expect(guestOnly.received('cart.updated')).toEqual([fakeCart(7)]);
  });
});

describe('guest rooms', () => {
  it("a guest socket receives its session's events and never another session's", async () => {
    const sA = await seed(a.restaurant.id, tableA1.id);
    const sB = await seed(a.restaurant.id, tableA2.id);
    const gA = await connectGuest((await seedGuest(t.ctx, sA)).cookie);
    const gB = await connectGuest((await seedGuest(t.ctx, sB)).cookie);

    t.ctx.live.cartUpdated(sB.id, 'TABLE', fakeCart(3));
    t.ctx.live.orderPlaced(a.restaurant.id, fakeOrder(sB.id, tableA2.id));
    t.ctx.live.orderUpdated(a.restaurant.id, fakeOrder(sB.id, tableA2.id));
    t.ctx.live.callUpdated(fakeGuestCall(sB.id, tableA2.id));
    t.ctx.live.sessionClosed(a.restaurant.id, 'some-other-session');
    const m = mark(t.app.io, gA, gB);
    expect(await heardBefore(gB, m)).toEqual(['cart.updated', 'order.placed', 'order.updated', 'call.updated']);
    expect(await heardBefore(gA, m)).toEqual([]);

    t.ctx.live.cartUpdated(sA.id, 'TABLE', fakeCart(1));
    expect(await gA.waitFor('cart.updated')).toEqual(fakeCart(1));
  });

  it('a guest never hears staff-only events of its own restaurant', async () => {
    const s = await seed(a.restaurant.id, tableA1.id);
    const g = await connectGuest((await seedGuest(t.ctx, s)).cookie);
    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    t.ctx.live.callResolved(a.restaurant.id, fakeCall(tableA1.id));
    t.ctx.live.tableUpdated(a.restaurant.id, fakeFloorTable(tableA1.id));
    expect(await heardBefore(g, mark(t.app.io, g))).toEqual([]);
  });

  it("a menu change reaches every guest phone of the restaurant, whatever its table, and no other restaurant's", async () => {
    const itemId = await buildMenuItem(t.app, a.cookies.ADMIN);
    const s1 = await seed(a.restaurant.id, tableA1.id);
    const s2 = await seed(a.restaurant.id, tableA2.id);
    const sB = await seed(b.restaurant.id, tableB1.id);
    const g1 = await connectGuest((await seedGuest(t.ctx, s1)).cookie);
    const g2 = await connectGuest((await seedGuest(t.ctx, s2)).cookie);
    const gB = await connectGuest((await seedGuest(t.ctx, sB)).cookie);
    const waiter = await connect(a.cookies.WAITER);

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/items/${itemId}/availability`,
      headers: { cookie: a.cookies.MANAGER },
      payload: { available: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    const m = mark(t.app.io, g1, g2, gB, waiter);
    expect(await heardBefore(g1, m)).toEqual(['menu.updated']);
    expect(await heardBefore(g2, m)).toEqual(['menu.updated']);
    expect(await heardBefore(gB, m)).toEqual([]);
    expect(await heardBefore(waiter, m)).toEqual([]);

    // A refused change changed nothing, and says nothing: still the one event.
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/items/${itemId}/availability`,
      headers: { cookie: a.cookies.WAITER },
      payload: { available: true },
    });
    expect(refused.statusCode).toBe(403);
    expect(await heardBefore(g1, mark(t.app.io, g1))).toEqual(['menu.updated']);
  });

  it("an individual cart reaches only its owner's devices", async () => {
    const s = await seed(a.restaurant.id, tableA1.id, 'INDIVIDUAL');
    const ann = await seedGuest(t.ctx, s, 'Ann');
    const bob = await seedGuest(t.ctx, s, 'Bob');
    const annPhone = await connectGuest(ann.cookie);
    const annTablet = await connectGuest(ann.cookie);
    const bobPhone = await connectGuest(bob.cookie);
    t.ctx.live.cartUpdated(s.id, { guestId: ann.guestId }, fakeCart(2));
    const m = mark(t.app.io, annPhone, annTablet, bobPhone);
    for (const device of [annPhone, annTablet]) {
      expect(await heardBefore(device, m)).toEqual(['cart.updated']);
      expect(device.received('cart.updated')).toEqual([fakeCart(2)]);
    }
    expect(await heardBefore(bobPhone, m)).toEqual([]);
  });
});

describe('staff rooms', () => {
  it("a staff socket never receives another restaurant's events", async () => {
    const staff = await connectMany(url, [a.cookies.WAITER, a.cookies.MANAGER, b.cookies.WAITER]);
    open.push(...staff);
    const [waiterA, managerA, waiterB] = staff as [LiveClient, LiveClient, LiveClient];
    const sB = await seed(b.restaurant.id, tableB1.id);

    t.ctx.live.callCreated(b.restaurant.id, fakeCall(tableB1.id));
    t.ctx.live.orderPlaced(b.restaurant.id, fakeOrder(sB.id, tableB1.id));
    t.ctx.live.tableUpdated(b.restaurant.id, fakeFloorTable(tableB1.id));
    t.ctx.live.sessionClosed(b.restaurant.id, sB.id);
    const m = mark(t.app.io, waiterA, managerA, waiterB);
    expect(await heardBefore(waiterB, m)).toEqual(['call.created', 'order.placed', 'table.updated', 'session.closed']);
    expect(await heardBefore(waiterA, m)).toEqual([]);
    expect(await heardBefore(managerA, m)).toEqual([]);
  });

  it('waiters get calls and orders; chefs get neither calls nor the floor; cashiers get the floor only', async () => {
    const waiter = await connect(a.cookies.WAITER);
    const chef = await connect(a.cookies.CHEF);
    const cashier = await connect(a.cookies.CASHIER);
    const admin = await connect(a.cookies.ADMIN);
    const s = await seed(a.restaurant.id, tableA1.id);

    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    t.ctx.live.orderPlaced(a.restaurant.id, fakeOrder(s.id, tableA1.id));
    t.ctx.live.tableUpdated(a.restaurant.id, fakeFloorTable(tableA1.id));
    const m = mark(t.app.io, waiter, chef, cashier, admin);
    for (const floor of [waiter, admin]) {
      expect(await heardBefore(floor, m)).toEqual(['call.created', 'order.placed', 'table.updated']);
      expect(floor.received('call.created')).toEqual([
        expect.objectContaining({ tableId: tableA1.id, kind: 'WAITER' }),
      ]);
      expect(floor.received('order.placed')[0]!.order.sessionId).toBe(s.id);
    }
    expect(await heardBefore(cashier, m)).toEqual(['table.updated']);
    expect(await heardBefore(chef, m)).toEqual([]);

    t.ctx.live.sessionClosed(a.restaurant.id, s.id);
    for (const staff of [waiter, chef, cashier, admin])
      await staff.waitFor('session.closed', (p) => p.sessionId === s.id);
  });

  it('a chef joins their station, or the kitchen room (every station) when tied to none', async () => {
    const grill = await buildStation(t.app, a.cookies.ADMIN);
    const bar = await buildStation(t.app, b.cookies.ADMIN);
    const pastry = await buildStation(t.app, a.cookies.ADMIN);
    const grillChef = await buildStaff(t.ctx, a.restaurant.id, 'CHEF', { stationId: grill });
    const grillSocket = await connect(await login(t.app, a.restaurant.slug, grillChef.email));
    const anyChefSocket = await connect(a.cookies.CHEF);

    const roomsOf = async (client: LiveClient) => {
      const [socket] = await t.app.io.in(client.socket.id!).fetchSockets();
      return [...socket!.rooms].filter((r) => r !== client.socket.id).sort();
    };
    const grillRooms = await roomsOf(grillSocket);
    // Its own rooms (by account and by sign-in) exist so that it can be cut off.
    expect(grillRooms.filter((r) => r.startsWith('staff-sign-in:'))).toHaveLength(1);
    expect(grillRooms.filter((r) => !r.startsWith('staff-sign-in:'))).toEqual(
      [
        rooms.staff(a.restaurant.id),
        rooms.role(a.restaurant.id, 'CHEF'),
        rooms.station(a.restaurant.id, grill),
        rooms.staffMember(grillChef.id),
        // Present on the kitchen's screens: tickets are read only when some screen may hear them.
        rooms.kitchenScreens(a.restaurant.id),
      ].sort(),
    );
    // A chef tied to no station hears every station through one kitchen room (stations created later too), not a
    // room per station.
    const anyRooms = await roomsOf(anyChefSocket);
    expect(anyRooms).toContain(rooms.kitchen(a.restaurant.id));
    expect(anyRooms.filter((r) => r.startsWith('station:'))).toEqual([]);
    expect(anyRooms.join(' ')).not.toContain(grill);
    expect(anyRooms.join(' ')).not.toContain(pastry);
    expect(anyRooms.join(' ')).not.toContain(bar);
    expect(anyRooms.join(' ')).not.toContain(b.restaurant.id);
    // The grill chef is not in the kitchen room: it hears its own station only.
    expect(grillRooms).not.toContain(rooms.kitchen(a.restaurant.id));
  });
});

describe('reconnect state', () => {
  it('a guest socket gets its current cart on connect: the shared one in FAMILY mode, its own in INDIVIDUAL', async () => {
    const family = await seed(a.restaurant.id, tableA1.id, 'FAMILY');
    const solo = await seed(a.restaurant.id, tableA2.id, 'INDIVIDUAL');
    const ann = await seedGuest(t.ctx, solo);
    const bob = await seedGuest(t.ctx, solo);
    await seedCart(family.id, 'TABLE', 5);
    await seedCart(solo.id, ann.guestId, 3);

    const atFamily = await connect((await seedGuest(t.ctx, family)).cookie);
    expect(await atFamily.waitFor('cart.updated')).toEqual({ version: 5, lines: [], totalCents: 0 });
    const annSocket = await connect(ann.cookie);
    expect(await annSocket.waitFor('cart.updated')).toEqual({ version: 3, lines: [], totalCents: 0 });
    const bobSocket = await connect(bob.cookie);
    expect(await bobSocket.waitFor('cart.updated')).toEqual({ version: 0, lines: [], totalCents: 0 });
    const waiter = await connect(a.cookies.WAITER);
    expect(await heardBefore(waiter, mark(t.app.io, waiter))).toEqual([]);
  });
});

async function seedCart(sessionId: string, owner: string, version: number): Promise<void> {
  await t.ctx.db
    .insertInto('carts')
    .values({ id: newId(), restaurant_id: a.restaurant.id, session_id: sessionId, owner, version })
    .execute();
}

describe('session close', () => {
  it('disconnects the guest sockets, tells staff, and refuses the same cookie afterwards', async () => {
    const s = await seed(a.restaurant.id, tableA1.id);
    const other = await seed(a.restaurant.id, tableA2.id);
    const guest = await seedGuest(t.ctx, s);
    const phone = await connectGuest(guest.cookie);
    const tablet = await connectGuest(guest.cookie);
    const bystander = await connectGuest((await seedGuest(t.ctx, other)).cookie);
    const waiter = await connect(a.cookies.WAITER);

    await closeSessionInDb(t.ctx, s.id);
    t.ctx.live.sessionClosed(a.restaurant.id, s.id);
    for (const device of [phone, tablet]) {
      expect(await device.waitFor('session.closed')).toEqual({ sessionId: s.id });
      expect(await device.waitForDisconnect()).toBe('io server disconnect');
    }
    await waiter.waitFor('session.closed', (p) => p.sessionId === s.id);
    expect(await heardBefore(bystander, mark(t.app.io, bystander))).toEqual([]);
    expect(bystander.socket.connected).toBe(true);
    expect((await expectRefused(url, { cookie: guest.cookie })).code).toBe('UNAUTHENTICATED');
  });

  it('an expired guest token is refused', async () => {
    const s = await seed(a.restaurant.id, tableA1.id);
    const guest = await seedGuest(t.ctx, s);
    await t.ctx.db
      .updateTable('guest_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('guest_id', '=', guest.guestId)
      .execute();
    expect((await expectRefused(url, { cookie: guest.cookie })).code).toBe('UNAUTHENTICATED');
  });
});

describe('token expiry', () => {
  /** Long enough to connect and hear one event first; short enough for the suite. */
  const LIFETIME_MS = 1_200;

  it('a guest socket is ended when its token expires, and hears nothing of its session after', async () => {
    const s = await seed(a.restaurant.id, tableA1.id);
    const guest = await seedGuest(t.ctx, s);
    const expiresAt = Date.now() + LIFETIME_MS;
    await t.ctx.db
      .updateTable('guest_tokens')
      .set({ expires_at: new Date(expiresAt).toISOString() })
      .where('guest_id', '=', guest.guestId)
      .execute();
    const phone = await connectGuest(guest.cookie);
    const tablemate = await connectGuest((await seedGuest(t.ctx, s)).cookie);
    t.ctx.live.cartUpdated(s.id, 'TABLE', fakeCart(1));
    await phone.waitFor('cart.updated');

    expect(await phone.waitForDisconnect(LIFETIME_MS + 2_000)).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt - 50);
    t.ctx.live.cartUpdated(s.id, 'TABLE', fakeCart(2));
    await tablemate.waitFor('cart.updated', (c) => c.version === 2);
    expect(phone.received('cart.updated').map((c) => c.version)).toEqual([1]);
    const left = await t.app.io.in(rooms.guest(guest.guestId)).fetchSockets();
    expect(left).toEqual([]);
    expect(tablemate.socket.connected).toBe(true);
  });

  it('a staff socket is ended when its sign-in expires; other sign-ins keep theirs', async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const tabletCookie = await login(t.app, a.restaurant.slug, staff.email);
    const phoneCookie = await login(t.app, a.restaurant.slug, staff.email);
    const [first] = await t.ctx.db
      .selectFrom('staff_sessions')
      .select('id')
      .where('staff_id', '=', staff.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    await t.ctx.db
      .updateTable('staff_sessions')
      .set({ expires_at: new Date(Date.now() + LIFETIME_MS).toISOString() })
      .where('staff_id', '=', staff.id)
      .execute();
    // Both expire soon; then the phone's sign-in is given its usual lifetime back.
    const tablet = await connect(tabletCookie);
    await t.ctx.db
      .updateTable('staff_sessions')
      .set({ expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .where('staff_id', '=', staff.id)
      .where('id', '!=', first!.id)
      .execute();
    const phone = await connect(phoneCookie);

    expect(await tablet.waitForDisconnect(LIFETIME_MS + 2_000)).toBe('io server disconnect');
    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    await phone.waitFor('call.created');
    expect(tablet.received('call.created')).toEqual([]);
    expect(phone.socket.connected).toBe(true);
  });
});

describe('staff access changes', () => {
  const patchStaff = (id: string, body: unknown) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/staff/${id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: body as object,
    });

  it("logout ends that sign-in's sockets and no other", async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const tabletCookie = await login(t.app, a.restaurant.slug, staff.email);
    const phoneCookie = await login(t.app, a.restaurant.slug, staff.email);
    const tablet = await connect(tabletCookie);
    const phone = await connect(phoneCookie);

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: tabletCookie } });
    expect(out.statusCode).toBe(204);
    expect(await tablet.waitForDisconnect()).toBe('io server disconnect');
    expect(phone.socket.connected).toBe(true);
    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    await phone.waitFor('call.created');
  });

  it('deactivating an account ends all its sockets at once, and they cannot come back', async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const cookies = [
      await login(t.app, a.restaurant.slug, staff.email),
      await login(t.app, a.restaurant.slug, staff.email),
    ];
    const devices = await Promise.all(cookies.map((c) => connect(c)));
    const colleague = await connect(a.cookies.WAITER);

    expect((await patchStaff(staff.id, { active: false })).statusCode).toBe(200);
    for (const device of devices) expect(await device.waitForDisconnect()).toBe('io server disconnect');
    expect(colleague.socket.connected).toBe(true);
    for (const cookie of cookies) expect((await expectRefused(url, { cookie })).code).toBe('UNAUTHENTICATED');
  });

  it('a new role ends the sockets tuned to the old one; the same sign-in reconnects to the new rooms', async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const cookie = await login(t.app, a.restaurant.slug, staff.email);
    const before = await connect(cookie);

    expect((await patchStaff(staff.id, { role: 'CHEF' })).statusCode).toBe(200);
    expect(await before.waitForDisconnect()).toBe('io server disconnect');
    const after = await connect(cookie);
    t.ctx.live.callCreated(a.restaurant.id, fakeCall(tableA1.id));
    // Calls are for the floor: a chef no longer hears them.
    expect(await heardBefore(after, mark(t.app.io, after))).toEqual([]);
  });

  it('a change that leaves rooms as they were (a new name) keeps the sockets', async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const socket = await connect(await login(t.app, a.restaurant.slug, staff.email));
    expect((await patchStaff(staff.id, { name: 'Renamed Waiter' })).statusCode).toBe(200);
    // A socket cut off by the change would never hear the marker.
    expect(await heardBefore(socket, mark(t.app.io, socket))).toEqual([]);
    expect(socket.socket.connected).toBe(true);
  });
});
