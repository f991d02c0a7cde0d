import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../src/db/transaction.ts';
import type { AfterCommit, TransactionHookMap, TransactionHookName } from '../src/domain-events.ts';
import { expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  client,
  placeOrder,
  seatTable,
} from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/**
 * A guest order is one statement that changes its cart row first and then
 * inserts the order, whose foreign keys read the session row (PostgreSQL
 * takes FOR KEY SHARE on it). A close or a move locks the session row first
 * and then fences the session's carts. These tests start a guest order
 * exactly in between — inside the close's (or move's) transaction, after
 * the session lock and before the fence — and let the close go on only once
 * the order has finished or waits on a lock. With a session lock that
 * conflicts with the foreign-key check the two wait on each other, and
 * PostgreSQL aborts one (40P01: a 500); with the right lock both succeed.
 * SQLite runs one transaction at a time: there the order simply waits for
 * the close, and the same answers and data must hold.
 */

let t: TestApp;
let r: OrderingRestaurant;
/** PostgreSQL: a connection of its own, to watch what the app's connections wait on. */
let watcher: pg.Client | undefined;
/** Run once, inside the next close or move, after it locked the session and before its hooks. */
let inside: ((tx: Tx) => Promise<void>) | undefined;
/** What the app answered 5xx for, by the database's code and message ("40P01 deadlock detected"). */
const serverErrors: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, (app) =>
    app.addHook('onError', async (_request, _reply, err) => {
      // AppError carries `status`, Fastify's own errors `statusCode`; anything else answers 500.
      const { status, statusCode, code } = err as { status?: number; statusCode?: number; code?: string };
      const answered = status ?? statusCode ?? 500;
      if (answered >= 500) serverErrors.push(`${code ?? ''} ${err.message}`);
    }),
  );
  r = await buildOrderingRestaurant(t);
  if (t.dialect === 'postgres') {
    watcher = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await watcher.connect();
  }
  // The close and the move run their hooks right after locking the session: the pause goes first, before the fence.
  const events = t.ctx.events;
  const run = events.run.bind(events);
  events.run = async <H extends TransactionHookName>(
    hook: H,
    tx: Tx,
    payload: TransactionHookMap[H],
    afterCommit: AfterCommit,
  ) => {
    const action = inside;
    inside = undefined;
    if (action) await action(tx);
    return run(hook, tx, payload, afterCommit);
  };
});
afterAll(async () => {
  await watcher?.end();
  await t?.close();
});
afterEach(() => {
  inside = undefined;
  serverErrors.length = 0;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Pause = 'finished' | 'waiting' | 'timed out';

/**
 * Until the guest order has answered, or (PostgreSQL) its statement waits on
 * a lock the paused transaction holds; SQLite's order can only wait for the
 * one connection, so a short pause lets it get there. Bounded: a test that
 * never sees either says so instead of hanging.
 */
async function untilOrderFinishedOrWaiting(tx: Tx, answered: () => boolean): Promise<Pause> {
  if (!watcher) {
    await sleep(50);
    return answered() ? 'finished' : 'waiting';
  }
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
  const holder = rows[0]!.pid;
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (answered()) return 'finished';
    const blocked = await watcher.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where $1 = any(pg_blocking_pids(pid)) and query like '%with bumped as%'`,
      [holder],
    );
    if (blocked.rows[0]!.n > 0) return 'waiting';
    await sleep(5);
  }
  return 'timed out';
}

/** The next close or move starts the guest's order inside its transaction and goes on once that order is through or stuck. */
function orderInsideNext(guest: SeatedGuest) {
  const state: { order?: Promise<LightMyRequestResponse>; pause?: Pause } = {};
  inside = async (tx) => {
    let answered = false;
    state.order = placeOrder(guest).finally(() => {
      answered = true;
    });
    state.pause = await untilOrderFinishedOrWaiting(tx, () => answered);
  };
  return state;
}

const cartOf = async (sessionId: string) => {
  const cart = await t.ctx.db
    .selectFrom('carts')
    .select(['id', 'version'])
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const lines = await t.ctx.db.selectFrom('cart_lines').select('id').where('cart_id', '=', cart.id).execute();
  return { version: cart.version, lines: lines.length };
};

const ordersOf = (sessionId: string) =>
  t.ctx.db.selectFrom('orders').select(['id', 'table_id']).where('session_id', '=', sessionId).execute();

describe('a guest order started while a close or a move holds the session', () => {
  it('does not deadlock with a close: the order lands before the fence or reads the session closed', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 2 });
    const before = await cartOf(sessionId);
    const state = orderInsideNext(guest);

    // A manager's reason: the order, if it lands first, leaves unserved lines.
    const close = await client(t.app, r.cookies.MANAGER)('POST', `/api/v1/sessions/${sessionId}/close`, {
      reason: 'closing while a guest orders',
    });
    const order = await state.order!;

    expect(state.pause).not.toBe('timed out');
    expect(serverErrors).toEqual([]);
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json<{ session: { status: string } }>().session.status).toBe('CLOSED');
    expect(order.statusCode, order.body).toBeLessThan(500);
    const after = await cartOf(sessionId);
    const orders = await ordersOf(sessionId);
    if (order.statusCode === 201) {
      // It committed before the close's fence: it is in the closed session, and the fence still moved the cart on.
      expect(orders.map((o) => o.id)).toEqual([order.json<{ order: { id: string } }>().order.id]);
      expect(after).toEqual({ version: before.version + 2, lines: 0 });
    } else if (t.dialect === 'sqlite' && order.statusCode === 401) {
      // SQLite ran the whole close first: the guest's token was gone before the order was even checked.
      expectProblem(order, 401, 'UNAUTHENTICATED');
      expect(orders).toEqual([]);
      expect(after).toEqual({ version: before.version + 1, lines: before.lines });
    } else {
      expectProblem(order, 409, 'SESSION_CLOSED');
      expect(orders).toEqual([]);
      expect(after).toEqual({ version: before.version + 1, lines: before.lines });
    }
  });

  it('does not deadlock with a move: the order lands and moves with the session, or is placed at the new table', async () => {
    const { sessionId, tableId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const guest = guests[0]!;
    const to = await buildTable(t.ctx, r.restaurant.id);
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const state = orderInsideNext(guest);

    const move = await client(t.app, r.cookies.WAITER)('POST', `/api/v1/sessions/${sessionId}/move`, {
      tableId: to.id,
    });
    const order = await state.order!;

    expect(state.pause).not.toBe('timed out');
    expect(serverErrors).toEqual([]);
    expect(move.statusCode, move.body).toBe(200);
    expect(order.statusCode, order.body).toBe(201);
    expect(order.json<{ order: { tableId: string } }>().order.tableId).toBeOneOf([tableId, to.id]);
    // Wherever the order read the table, the move took it along.
    expect(await ordersOf(sessionId)).toEqual([
      { id: order.json<{ order: { id: string } }>().order.id, table_id: to.id },
    ]);
    expect((await cartOf(sessionId)).lines).toBe(0);
  });
});
