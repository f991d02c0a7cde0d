import type { Order } from '@plato/contracts';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readOrderContext } from '../src/modules/orders/orders.repository.ts';
import { expectFieldError, expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  addLine,
  buildOrderingRestaurant,
  client,
  newKey,
  orderState,
  placeOrder,
  seatTable,
} from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { type TestApp, createTestApp, testDialect } from './support/test-app.ts';

/**
 * A guest order is decided on one read and written only if the cart is
 * still at the version read. These tests put another request exactly
 * between that read and the write — a hook on the app's database runs it
 * when the order's read returns — and prove the order reads again and
 * never commits what it read before.
 */

let t: TestApp;
let r: OrderingRestaurant;
/** Run once (or `times` times) right after a guest order's read, before its write. */
let between: { action: () => Promise<void>; times: number; ran: number } | undefined;

/** The app's database with a hook after the order's read (its statement alone selects "keyElsewhere"). */
function interleaved(db: Kysely<Database>): Kysely<Database> {
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'executeQuery') {
        // Kysely keeps its state in private fields: its methods must run on the instance itself.
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return async (query: CompiledQuery) => {
        const result = await target.executeQuery(query);
        // Here the read's connection is back in the pool (SQLite has just one): the other request can run.
        if (query.sql.includes('"keyElsewhere"') && between && between.ran < between.times) {
          between.ran += 1;
          await between.action();
        }
        return result;
      };
    },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  // Services read ctx.db on every call, so the app now runs through the hook.
  t.ctx.db = interleaved(t.ctx.db);
});
afterAll(() => t?.close());
afterEach(() => {
  between = undefined;
});

const staffPost = (path: string, body: unknown = {}) => client(t.app, r.cookies.MANAGER)('POST', path, body);

describe('a guest order interleaved with another change', () => {
  it('orders the cart as it is after a line was added between its read and its write', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [(typeof guests)[0], (typeof guests)[0]];
    await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    between = {
      action: async () => void (await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 2 })),
      times: 1,
      ran: 0,
    };

    const res = await placeOrder(a, newKey());
    expect(res.statusCode, res.body).toBe(201);
    expect(between.ran).toBe(1);
    const { order } = res.json<{ order: Order }>();
    expect(order.lines.map((l) => [l.name, l.quantity])).toEqual([
      ['Fries', 1],
      ['Lemonade', 2],
    ]);
    expect((await a.call('GET', '/api/v1/guest/cart')).json()).toMatchObject({ lines: [] });
  });

  it('takes no order into a session closed between its read and its write', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    await addLine(guests[0]!, { menuItemId: r.menu.fries.id, quantity: 1 });
    const before = await orderState(t, r.restaurant.id);
    between = {
      action: async () => {
        const res = await staffPost(`/api/v1/sessions/${sessionId}/close`);
        expect(res.statusCode, res.body).toBe(200);
      },
      times: 1,
      ran: 0,
    };

    const res = await placeOrder(guests[0]!, newKey());
    expectProblem(res, 409, 'SESSION_CLOSED');
    const after = await orderState(t, r.restaurant.id);
    expect(after.orders).toEqual(before.orders);
    expect(after.lines).toEqual(before.lines);
    expect(after.counter).toEqual(before.counter);
  });

  it("refuses with 409 ITEM_UNAVAILABLE an item 86'd between its read and its write, ordering nothing", async () => {
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    await addLine(guests[0]!, { menuItemId: r.menu.fries.id, quantity: 1 });
    const availability = (available: boolean) => async () => {
      const res = await staffPost(`/api/v1/admin/items/${r.menu.fries.id}/availability`, { available });
      expect(res.statusCode, res.body).toBe(200);
    };
    between = { action: availability(false), times: 1, ran: 0 };
    const before = await orderState(t, r.restaurant.id);
    try {
      const res = await placeOrder(guests[0]!, newKey());
      expectProblem(res, 409, 'ITEM_UNAVAILABLE');
      expect(between.ran).toBe(1);
      const after = await orderState(t, r.restaurant.id);
      expect(after.orders).toEqual(before.orders);
      expect(after.counter).toEqual(before.counter);
      expect(after.cartLines).toEqual(before.cartLines);
    } finally {
      between = undefined;
      await availability(true)();
    }
  });

  it("refuses (400 naming the cart) an order that another cart's order, between its read and its write, left no room for under the bill bound", async () => {
    const created = await r.admin('POST', '/api/v1/admin/items', {
      stationId: r.menu.stationId,
      categoryId: r.menu.mains.id,
      name: 'Caviar',
      priceCents: 10_102,
    });
    expect(created.statusCode, created.body).toBe(201);
    const caviar = created.json<{ item: { id: string } }>().item.id;
    const { sessionId, guests } = await seatTable(t, r, 'INDIVIDUAL');
    const [a, b] = guests as [(typeof guests)[0], (typeof guests)[0]];
    const lines = Array.from({ length: 98 }, () => ({ menuItemId: caviar, quantity: 99 }));
    const first = await client(t.app, r.cookies.WAITER)(
      'POST',
      `/api/v1/sessions/${sessionId}/orders`,
      { lines },
      { 'idempotency-key': newKey() },
    );
    expect(first.statusCode, first.body).toBe(201);
    // Either cart alone fits the bill (10^8 minor units); both together do not.
    await addLine(a, { menuItemId: caviar, quantity: 99 });
    await addLine(b, { menuItemId: caviar, quantity: 99 });
    between = {
      action: async () => {
        const res = await placeOrder(b, newKey());
        expect(res.statusCode, res.body).toBe(201);
      },
      times: 1,
      ran: 0,
    };

    expectFieldError(await placeOrder(a, newKey()), 'cart');
    expect(between.ran).toBe(1);
    const totals = await t.ctx.db
      .selectFrom('orders')
      .select('total_cents')
      .where('session_id', '=', sessionId)
      .execute();
    expect(totals.reduce((sum, o) => sum + o.total_cents, 0)).toBe(99 * 99 * 10_102);
  });

  it('numbers the order for the new table when the session moved between its read and its write', async () => {
    const { sessionId, tableId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const to = await buildTable(t.ctx, r.restaurant.id);
    await addLine(guests[0]!, { menuItemId: r.menu.fries.id, quantity: 1 });
    between = {
      action: async () => {
        const res = await staffPost(`/api/v1/sessions/${sessionId}/move`, { tableId: to.id });
        expect(res.statusCode, res.body).toBe(200);
      },
      times: 1,
      ran: 0,
    };

    const res = await placeOrder(guests[0]!, newKey());
    expect(res.statusCode, res.body).toBe(201);
    const { order } = res.json<{ order: Order }>();
    expect(order.tableId).toBe(to.id);
    expect(order.tableId).not.toBe(tableId);
    const row = await t.ctx.db.selectFrom('orders').select('table_id').where('id', '=', order.id).executeTakeFirst();
    expect(row?.table_id).toBe(to.id);
  });

  it('answers 409 IDEMPOTENCY_CONFLICT when another cart of the session took the same key between read and write', async () => {
    const { guests } = await seatTable(t, r, 'INDIVIDUAL');
    const [a, b] = guests as [(typeof guests)[0], (typeof guests)[0]];
    await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 2 });
    const key = newKey();
    let first: Order | undefined;
    between = {
      action: async () => {
        const res = await placeOrder(a, key);
        expect(res.statusCode, res.body).toBe(201);
        first = res.json<{ order: Order }>().order;
      },
      times: 1,
      ran: 0,
    };

    // B read before A's order existed; its write meets the unique (session, key) index and answers as a repeat.
    expectProblem(await placeOrder(b, key), 409, 'IDEMPOTENCY_CONFLICT');
    expect(first?.lines.map((l) => l.name)).toEqual(['Fries']);
    const rows = await t.ctx.db.selectFrom('orders').select('id').where('idempotency_key', '=', key).execute();
    expect(rows.map((o) => o.id)).toEqual([first!.id]);
    expect((await b.call('GET', '/api/v1/guest/cart')).json()).toMatchObject({ lines: [{ name: 'Lemonade' }] });
  });

  it('gives up with 409 CONFLICT, ordering nothing, when the cart changes before every write', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [(typeof guests)[0], (typeof guests)[0]];
    await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    between = {
      action: async () => void (await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 1 })),
      times: Infinity,
      ran: 0,
    };
    const before = await orderState(t, r.restaurant.id);

    const res = await placeOrder(a, newKey());
    expectProblem(res, 409, 'CONFLICT');
    expect(between.ran).toBe(5);
    const after = await orderState(t, r.restaurant.id);
    expect(after.orders).toEqual(before.orders);
    expect(after.counter).toEqual(before.counter);
    between = undefined;
    // Every line added meanwhile is still in the cart, and the next attempt orders them all.
    const retried = await placeOrder(a, newKey());
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json<{ order: Order }>().order.lines).toHaveLength(6);
  });
});

describe.runIf(testDialect() === 'postgres')('statements of fixed text on PostgreSQL', () => {
  it('run as named prepared statements, parsed once per connection', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    const guestToken = guests[0]!.cookie.replace(/^plato_guest=/, '');
    const names = await t.ctx.db.connection().execute(async (conn) => {
      expect(await readOrderContext(conn, { guestToken, key: newKey() })).toBeDefined();
      await readOrderContext(conn, { guestToken, key: newKey() });
      const { rows } = await sql<{ name: string; calls: number }>`
        select name, generic_plans + custom_plans as calls from pg_prepared_statements
        where statement like '%"keyElsewhere"%'`.execute(conn);
      return rows;
    });
    expect(names).toHaveLength(1);
    expect(names[0]!.name).toMatch(/^plato_\d+$/);
    expect(Number(names[0]!.calls)).toBeGreaterThanOrEqual(2);
  });
});
