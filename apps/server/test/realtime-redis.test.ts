import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createContext } from '../src/wiring.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { connectLive, expectRefused, type LiveClient } from './support/socket-client.ts';
import {
  buildTable,
  closeSessionInDb,
  fakeCall,
  fakeCart,
  listenOnFreePort,
  seedGuest,
  seedSession,
} from './support/socket-factories.ts';
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
    const waiterOnB = await connect(secondUrl, r.cookies.WAITER);

    first.ctx.live.cartUpdated(session.id, 'TABLE', fakeCart(11));
    first.ctx.live.callCreated(r.restaurant.id, fakeCall(table.id));
    expect(await guestOnB.waitFor('cart.updated', (c) => c.version === 11)).toEqual(fakeCart(11));
    expect(await guestOnA.waitFor('cart.updated', (c) => c.version === 11)).toEqual(fakeCart(11));
    expect(await waiterOnB.waitFor('call.created')).toMatchObject({ tableId: table.id });
    expect(await strangerOnB.collectFor(300)).toEqual([]);

    await closeSessionInDb(first.ctx, otherSession.id);
    await closeSessionInDb(first.ctx, session.id);
  });

  it('closing a session on instance A disconnects its guests on instance B', async () => {
    const r = await buildRestaurantWithStaff(first.app, first.ctx);
    const table = await buildTable(first.app, r.cookies.ADMIN);
    const session = await seedSession(first.ctx, r.restaurant.id, table.id);
    const guest = await seedGuest(first.ctx, session);
    const onB = await connect(secondUrl, guest.cookie);

    await closeSessionInDb(first.ctx, session.id);
    first.ctx.live.sessionClosed(r.restaurant.id, session.id);
    expect(await onB.waitFor('session.closed')).toEqual({ sessionId: session.id });
    expect(await onB.waitForDisconnect()).toBe('io server disconnect');
    expect((await expectRefused(secondUrl, { cookie: guest.cookie })).code).toBe('UNAUTHENTICATED');
  });

  it('refuses to start when REDIS_URL is set but unreachable', async () => {
    const config = { ...first.ctx.config, redisUrl: 'redis://127.0.0.1:1' };
    await expect(buildApp(createContext({ ...first.ctx, config }), { logger: false })).rejects.toThrow(
      /Cannot reach Redis/,
    );
  });
});
