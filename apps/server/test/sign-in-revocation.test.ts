import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rooms } from '../src/realtime/live.ts';
import { buildRestaurantWithStaff, buildStaff, login } from './support/factories.ts';
import { connectLive, expectRefused, type LiveClient } from './support/socket-client.ts';
import { buildStation, listenOnFreePort } from './support/socket-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * docs/architecture.md: changing an account's password deletes its sign-ins
 * in the same transaction, and a new password or station ends all of the
 * account's sockets ("a still valid sign-in reconnects into the right
 * rooms"). Logout, deactivation and a new role have their own tests
 * (auth, realtime).
 */

let t: TestApp;
let url: string;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
const open: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  url = await listenOnFreePort(t.app);
  a = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});
afterAll(() => t?.close());

async function connect(cookie: string): Promise<LiveClient> {
  const client = await connectLive(url, { cookie });
  open.push(client);
  return client;
}

const me = (cookie: string) => t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
const patchStaff = (id: string, body: object, cookie = a.cookies.ADMIN) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff/${id}`, headers: { cookie }, payload: body });

describe('a new password ends every sign-in of the account', () => {
  it("an admin's reset: the member's cookies answer 401, their sockets end and cannot come back; others stay", async () => {
    const staff = await buildStaff(t.ctx, a.restaurant.id, 'WAITER');
    const cookies = [
      await login(t.app, a.restaurant.slug, staff.email),
      await login(t.app, a.restaurant.slug, staff.email),
    ];
    for (const cookie of cookies) expect((await me(cookie)).statusCode).toBe(200);
    const devices = await Promise.all(cookies.map((c) => connect(c)));
    const colleague = await connect(a.cookies.WAITER);

    expect((await patchStaff(staff.id, { password: 'a-brand-new-password' })).statusCode).toBe(200);

    for (const device of devices) expect(await device.waitForDisconnect()).toBe('io server disconnect');
    for (const cookie of cookies) {
      const res = await me(cookie);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
      expect((await expectRefused(url, { cookie })).code).toBe('UNAUTHENTICATED');
    }
    expect((await me(a.cookies.WAITER)).statusCode).toBe(200);
    expect((await me(a.cookies.ADMIN)).statusCode).toBe(200);
    expect(colleague.socket.connected).toBe(true);
    // The new password signs in again.
    const fresh = await login(t.app, a.restaurant.slug, staff.email, 'a-brand-new-password');
    expect((await me(fresh)).statusCode).toBe(200);
  });

  it("an admin changing their own password is signed out too (there is no separate 'my password' route)", async () => {
    const admin = await buildStaff(t.ctx, a.restaurant.id, 'ADMIN');
    const cookie = await login(t.app, a.restaurant.slug, admin.email);
    const other = await login(t.app, a.restaurant.slug, admin.email);
    const socket = await connect(other);

    expect((await patchStaff(admin.id, { password: 'my-own-new-password' }, cookie)).statusCode).toBe(200);

    expect(await socket.waitForDisconnect()).toBe('io server disconnect');
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(401);
  });
});

describe("a new station ends the chef's sockets tuned to the old one", () => {
  it('the socket ends; the still valid sign-in reconnects into the new station only', async () => {
    const grill = await buildStation(t.app, a.cookies.ADMIN);
    const pastry = await buildStation(t.app, a.cookies.ADMIN);
    const chef = await buildStaff(t.ctx, a.restaurant.id, 'CHEF', { stationId: grill });
    const cookie = await login(t.app, a.restaurant.slug, chef.email);
    const before = await connect(cookie);
    const colleague = await connect(a.cookies.CHEF);

    expect((await patchStaff(chef.id, { stationId: pastry })).statusCode).toBe(200);

    expect(await before.waitForDisconnect()).toBe('io server disconnect');
    expect(colleague.socket.connected).toBe(true);
    // Each request reads the account's station afresh, so the sign-in itself stays valid (docs/architecture.md).
    expect((await me(cookie)).statusCode).toBe(200);
    const after = await connect(cookie);
    const [socket] = await t.app.io.in(after.socket.id!).fetchSockets();
    expect([...socket!.rooms]).toContain(rooms.station(a.restaurant.id, pastry));
    expect([...socket!.rooms]).not.toContain(rooms.station(a.restaurant.id, grill));
  });
});
