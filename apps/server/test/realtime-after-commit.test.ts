import type { Cart } from '@plato/contracts';
import { PostgresDriver, type DatabaseConnection } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GroupCommitSqliteDriver } from '../src/db/sqlite-group-commit.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { connectLive, mark, type LiveClient } from './support/socket-client.ts';
import { buildMenuItem, buildTable, listenOnFreePort, seedGuest, seedSession } from './support/socket-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * Live events leave only once their change has committed, and never for a
 * change that rolled back. The test stops an action at its commit: all its
 * statements have run, the database has not committed them. Neither driver
 * has a hook there, so the test wraps the driver's own commitTransaction
 * (Kysely calls it once the transaction's work has returned): the wrapper
 * waits for the test, then calls the real commit unchanged — or fails it, as
 * a PostgreSQL serialization failure at COMMIT or a failed SQLite batch
 * commit would, and Kysely rolls back.
 */

interface HeldCommit {
  /** Resolves once the transaction's work is done and its commit is waiting. */
  reached: Promise<void>;
  commit(): void;
  fail(): void;
}

let next: { reached(): void; outcome: Promise<'commit' | 'fail'> } | undefined;
let letGo: (() => void) | undefined;

/** Holds the next transaction to commit at its commit, until the test says how it ends. */
function holdNextCommit(): HeldCommit {
  let reached!: () => void;
  let decide!: (outcome: 'commit' | 'fail') => void;
  const held: HeldCommit = {
    reached: new Promise((resolve) => (reached = resolve)),
    commit: () => decide('commit'),
    fail: () => decide('fail'),
  };
  next = { reached, outcome: new Promise((resolve) => (decide = resolve)) };
  // A test that fails while a commit waits must not leave the connection held for the next ones.
  letGo = () => held.commit();
  return held;
}

/** Routes every commit of `driver` (the dialect's class) through the gate `holdNextCommit` arms. */
function gateCommits(driver: { prototype: { commitTransaction(c: DatabaseConnection): Promise<void> } }): void {
  const commit = driver.prototype.commitTransaction;
  vi.spyOn(driver.prototype, 'commitTransaction').mockImplementation(async function (
    this: unknown,
    connection: DatabaseConnection,
  ) {
    const held = next;
    next = undefined;
    if (held) {
      held.reached();
      if ((await held.outcome) === 'fail') throw new Error('commit failed (on purpose, by the test)');
    }
    return commit.call(this, connection);
  });
}

let t: TestApp;
let url: string;
let r: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let itemId: string;
const open: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  gateCommits(t.dialect === 'postgres' ? PostgresDriver : GroupCommitSqliteDriver);
  url = await listenOnFreePort(t.app);
  r = await buildRestaurantWithStaff(t.app, t.ctx);
  itemId = await buildMenuItem(t.app, r.cookies.ADMIN);
});
afterEach(() => {
  next = undefined;
  letGo?.();
  letGo = undefined;
  open.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

/**
 * A FAMILY session with Ann and Bob, written straight to the database so
 * that nothing is announced before the test acts; Bob's phone and a waiter
 * listen, past the cart the phone is sent on connect.
 */
async function seatAndListen() {
  const table = await buildTable(t.app, r.cookies.ADMIN);
  const session = await seedSession(t.ctx, r.restaurant.id, table.id, 'FAMILY');
  const ann = await seedGuest(t.ctx, session, 'Ann');
  const bob = await seedGuest(t.ctx, session, 'Bob');
  const bobPhone = await connectLive(url, { cookie: bob.cookie });
  const waiter = await connectLive(url, { cookie: r.cookies.WAITER });
  open.push(bobPhone, waiter);
  const start = await bobPhone.waitFor('cart.updated');
  bobPhone.clear();
  return { table, session, ann, start, bobPhone, waiter };
}

const addLine = (cookie: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/guest/cart/lines',
    headers: { cookie },
    payload: { menuItemId: itemId, quantity: 1 },
  });

const closeSession = (sessionId: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/sessions/${sessionId}/close`,
    headers: { cookie: r.cookies.CASHIER },
    payload: {},
  });

/** What each client heard before a marker sent now; a client the server cut off says so instead. */
async function heardNow(...clients: LiveClient[]): Promise<string[][]> {
  const m = mark(t.app.io, ...clients.filter((c) => c.socket.connected));
  return Promise.all(
    clients.map(async (c) =>
      (await c.heardBefore(m).catch(() => [{ event: `cut off (${c.disconnectReason})` }])).map((e) => e.event),
    ),
  );
}

describe('live events leave only after commit', () => {
  it('a cart change waiting at its commit is heard by no one, and by the table and the floor once committed', async () => {
    const { table, ann, start, bobPhone, waiter } = await seatAndListen();
    const held = holdNextCommit();
    const adding = addLine(ann.cookie);
    await held.reached;
    expect(await heardNow(bobPhone, waiter)).toEqual([[], []]);

    held.commit();
    const res = await adding;
    expect(res.statusCode, res.body).toBe(200);
    const cart = res.json<Cart>();
    expect(cart.version).toBeGreaterThan(start.version);
    expect(await bobPhone.waitFor('cart.updated')).toEqual(cart);
    await waiter.waitFor('table.updated', (x) => x.id === table.id && x.status === 'ORDERING');
  });

  it('a session close waiting at its commit ends no socket and tells no one until it commits', async () => {
    const { session, bobPhone, waiter } = await seatAndListen();
    const held = holdNextCommit();
    const closing = closeSession(session.id);
    await held.reached;
    expect(await heardNow(bobPhone, waiter)).toEqual([[], []]);

    held.commit();
    const closed = await closing;
    expect(closed.statusCode).toBe(200);
    // The phones get the receipt link the close made, as the cashier does.
    const { receiptUrl } = closed.json<{ receiptUrl: string }>();
    expect(await bobPhone.waitFor('session.closed')).toEqual({ sessionId: session.id, receiptUrl });
    expect(await bobPhone.waitForDisconnect()).toBe('io server disconnect');
    await waiter.waitFor('session.closed', (p) => p.sessionId === session.id);
  });

  it('a cart change whose commit fails is never announced', async () => {
    const { ann, start, bobPhone, waiter } = await seatAndListen();
    const held = holdNextCommit();
    const adding = addLine(ann.cookie);
    await held.reached;
    held.fail();
    expect((await adding).statusCode).toBe(500);

    expect(await heardNow(bobPhone, waiter)).toEqual([[], []]);
    const now = await t.app.inject({ method: 'GET', url: '/api/v1/guest/cart', headers: { cookie: ann.cookie } });
    expect(now.json<Cart>()).toEqual(start);
  });

  it('a session close whose commit fails ends no socket and is never announced', async () => {
    const { session, ann, bobPhone, waiter } = await seatAndListen();
    const held = holdNextCommit();
    const closing = closeSession(session.id);
    await held.reached;
    held.fail();
    expect((await closing).statusCode).toBe(500);

    expect(await heardNow(bobPhone, waiter)).toEqual([[], []]);
    expect(bobPhone.socket.connected).toBe(true);
    // Still open: the guests' cookies still work.
    const cart = await t.app.inject({ method: 'GET', url: '/api/v1/guest/cart', headers: { cookie: ann.cookie } });
    expect(cart.statusCode).toBe(200);
  });
});
