import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Insertable, Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/db/schema.ts';
import { createContext } from '../src/wiring.ts';
import { buildRestaurantWithStaff, buildStaff, login } from './support/factories.ts';
import { connectLive, expectRefused, mark, type LiveClient } from './support/socket-client.ts';
import {
  buildTable,
  closeSessionInDb,
  fakeCall,
  fakeCart,
  listenOnFreePort,
  seedGuest,
  seedSession,
} from './support/socket-factories.ts';
import { buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * Two instances on one database and one Redis: an event published on one
 * reaches sockets on the other. CI runs Redis at 127.0.0.1:6379, so an
 * unreachable Redis fails this file rather than skipping it.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// The channel prefix derives from the secret: a fresh one keeps parallel test files apart.
const SECRET = `test-secret-${randomBytes(16).toString('hex')}`;

let first: TestApp;
let second: FastifyInstance;
let firstUrl: string;
let secondUrl: string;
const open: LiveClient[] = [];

beforeAll(async () => {
  first = await createTestApp({ REDIS_URL, PLATO_SECRET: SECRET });
  second = await buildApp(createContext(first.ctx), { logger: false });
  firstUrl = await listenOnFreePort(first.app);
  secondUrl = await listenOnFreePort(second);
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

async function connect(url: string, cookie: string): Promise<LiveClient> {
  const client = await connectLive(url, { cookie });
  open.push(client);
  return client;
}

/** A guest socket, past the cart it is sent on connect. */
async function connectPast(url: string, cookie: string): Promise<LiveClient> {
  const client = await connect(url, cookie);
  await client.waitFor('cart.updated');
  return client;
}

/** The restaurant, table and session rows as they are in `from`, with their ids, into `to`. */
async function copyRows(
  from: Kysely<Database>,
  to: Kysely<Database>,
  restaurantId: string,
  tableId: string,
  sessionId: string,
): Promise<void> {
  const { menu_version: _, ...restaurant } = await from
    .selectFrom('restaurants')
    .selectAll()
    .where('id', '=', restaurantId)
    .executeTakeFirstOrThrow();
  // Flags read back as the dialect stores them, which is what they are written as.
  await to
    .insertInto('restaurants')
    .values(restaurant as Insertable<Database['restaurants']>)
    .execute();
  const table = await from.selectFrom('dining_tables').selectAll().where('id', '=', tableId).executeTakeFirstOrThrow();
  await to.insertInto('dining_tables').values(table).execute();
  const session = await from
    .selectFrom('table_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  await to.insertInto('table_sessions').values(session).execute();
}

describe('several instances through Redis', () => {
  it('an event published on instance A reaches sockets on instance B, and only the right ones', async () => {
    const r = await buildRestaurantWithStaff(first.app, first.ctx);
    const table = await buildTable(first.app, r.cookies.ADMIN);
    const otherTable = await buildTable(first.app, r.cookies.ADMIN);
    const session = await seedSession(first.ctx, r.restaurant.id, table.id);
    const otherSession = await seedSession(first.ctx, r.restaurant.id, otherTable.id);
    const guestOnB = await connect(secondUrl, (await seedGuest(first.ctx, session)).cookie);
    const guestOnA = await connect(firstUrl, (await seedGuest(first.ctx, session)).cookie);
    const strangerOnB = await connect(secondUrl, (await seedGuest(first.ctx, otherSession)).cookie);
    // Past the cart every guest socket is sent on connect.
    await strangerOnB.waitFor('cart.updated');
    strangerOnB.clear();
    const waiterOnB = await connect(secondUrl, r.cookies.WAITER);

    first.ctx.live.cartUpdated(session.id, 'TABLE', fakeCart(11));
    first.ctx.live.callCreated(r.restaurant.id, fakeCall(table.id));
    expect(await guestOnB.waitFor('cart.updated', (c) => c.version === 11)).toEqual(fakeCart(11));
    expect(await guestOnA.waitFor('cart.updated', (c) => c.version === 11)).toEqual(fakeCart(11));
    expect(await waiterOnB.waitFor('call.created')).toMatchObject({ tableId: table.id });
    // Sent from A like the events, so it reaches B through Redis after them.
    expect(await strangerOnB.heardBefore(mark(first.app.io, strangerOnB))).toEqual([]);

    await closeSessionInDb(first.ctx, otherSession.id);
    await closeSessionInDb(first.ctx, session.id);
  });

  it('a ticket of an order placed on A reaches a chef on B, though no kitchen screen is on A', async () => {
    const r = await buildOrderingRestaurant(first);
    const chefOnB = await connect(secondUrl, r.cookies.CHEF);
    const { sessionId } = await seatTable(first, r, 'FAMILY', 0);
    const res = await first.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${sessionId}/orders`,
      headers: { cookie: r.cookies.WAITER, 'idempotency-key': `redis-${sessionId}` },
      payload: { lines: [{ menuItemId: r.menu.fries.id, quantity: 2 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const orderId = res.json<{ order: { id: string } }>().order.id;
    expect(await chefOnB.waitFor('ticket.created', (x) => x.orderId === orderId)).toMatchObject({
      orderId,
      lines: [{ name: 'Fries', quantity: 2 }],
    });
  });

  it('closing a session on instance A disconnects its guests on instance B', async () => {
    const r = await buildRestaurantWithStaff(first.app, first.ctx);
    const table = await buildTable(first.app, r.cookies.ADMIN);
    const session = await seedSession(first.ctx, r.restaurant.id, table.id);
    const guest = await seedGuest(first.ctx, session);
    // Past the cart it is sent on connect: B reads the session again after the join, and a close landing before that
    // read ends the socket without the event (as it should), which is not what this test is about.
    const onB = await connectPast(secondUrl, guest.cookie);

    await closeSessionInDb(first.ctx, session.id);
    first.ctx.live.sessionClosed(r.restaurant.id, session.id);
    expect(await onB.waitFor('session.closed')).toEqual({ sessionId: session.id });
    expect(await onB.waitForDisconnect()).toBe('io server disconnect');
    expect((await expectRefused(secondUrl, { cookie: guest.cookie })).code).toBe('UNAUTHENTICATED');
  });

  it('two deployments on one Redis (different secrets) never hear each other, even in rooms of the same name', async () => {
    // Deployment Y: its own database and secret, two instances, the same Redis.
    const y1 = await createTestApp({ REDIS_URL, PLATO_SECRET: `${SECRET}-other` });
    const y2 = await buildApp(createContext(y1.ctx), { logger: false });
    try {
      const y2Url = await listenOnFreePort(y2);
      await listenOnFreePort(y1.app);
      // One restaurant, table and session, with the same ids in both databases: the rooms' names are the same.
      const r = await buildRestaurantWithStaff(first.app, first.ctx);
      const table = await buildTable(first.app, r.cookies.ADMIN);
      const session = await seedSession(first.ctx, r.restaurant.id, table.id);
      await copyRows(first.ctx.db, y1.ctx.db, r.restaurant.id, table.id, session.id);
      const yWaiter = await buildStaff(y1.ctx, r.restaurant.id, 'WAITER');

      // Each deployment listens on its second instance, so what reaches a socket came through Redis.
      const xGuest = await connectPast(secondUrl, (await seedGuest(first.ctx, session)).cookie);
      const xStaff = await connect(secondUrl, r.cookies.WAITER);
      const yGuest = await connectPast(y2Url, (await seedGuest(y1.ctx, session)).cookie);
      const yStaff = await connect(y2Url, await login(y1.app, r.restaurant.slug, yWaiter.email));

      const deployments = [
        { name: 'X', ctx: first.ctx, io: first.app.io, sockets: [xGuest, xStaff] },
        { name: 'Y', ctx: y1.ctx, io: y1.app.io, sockets: [yGuest, yStaff] },
      ];
      for (const [speaker, listener] of [deployments, [...deployments].reverse()] as const) {
        for (const c of [...speaker!.sockets, ...listener!.sockets]) c.clear();
        const version = speaker!.name === 'X' ? 31 : 32;
        speaker!.ctx.live.cartUpdated(session.id, 'TABLE', fakeCart(version));
        speaker!.ctx.live.callCreated(r.restaurant.id, fakeCall(table.id));
        // The control: the speaker's own other instance hears both, so Redis has passed them on to every subscriber.
        const [guest, staff] = speaker!.sockets as [LiveClient, LiveClient];
        expect(await guest.waitFor('cart.updated')).toEqual(fakeCart(version));
        expect(await staff.waitFor('call.created')).toMatchObject({ tableId: table.id });
        // Sent after that through the listener's own channel: anything the speaker's channel brought came first.
        const m = mark(listener!.io, ...listener!.sockets);
        for (const c of listener!.sockets)
          expect(await c.heardBefore(m), `${listener!.name} heard ${speaker!.name}`).toEqual([]);
      }
      await closeSessionInDb(y1.ctx, session.id);
      await closeSessionInDb(first.ctx, session.id);
    } finally {
      open.splice(0).forEach((c) => c.close());
      await y2.close();
      await y1.close();
    }
  });

  it('refuses to start when REDIS_URL is set but unreachable', async () => {
    const config = { ...first.ctx.config, redisUrl: 'redis://127.0.0.1:1' };
    await expect(buildApp(createContext({ ...first.ctx, config }), { logger: false })).rejects.toThrow(
      /Cannot reach Redis/,
    );
  });
});
