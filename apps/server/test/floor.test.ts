import type { FloorTable } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { floorTable, getFloor } from '../src/modules/floor/floor.service.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { buildTable, insertCartLine, insertOrderLine, joinAs, openSession } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let b: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  b = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

async function floorOf(cookie: string): Promise<FloorTable[]> {
  const res = await t.app.inject({ url: '/api/v1/floor', headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ tables: FloorTable[] }>().tables;
}

const guestCall = (cookie: string, kind: 'WAITER' | 'BILL') =>
  t.app.inject({ method: 'POST', url: '/api/v1/guest/calls', headers: { cookie }, payload: { kind } });

describe('GET /api/v1/floor', () => {
  it('derives each table status, most urgent first, in natural name order', async () => {
    const rid = a.restaurant.id;
    const names = ['Table 10', 'Table 2', 'Table 1', 'Table 3', 'Table 4', 'Table 5', 'Table 6', 'Table 7'];
    const tables = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await buildTable(t.ctx, rid, n)] as const)),
    );
    const open = async (name: string, mode: 'FAMILY' | 'INDIVIDUAL' = 'FAMILY') => {
      const table = tables[name]!;
      const { session, pin } = await openSession(t.app, a.cookies.WAITER, table.id, mode);
      return { table, session, pin, ids: { restaurantId: rid, sessionId: session.id, tableId: table.id } };
    };

    // Table 1 stays free. Table 2: seated, two guests.
    const seated = await open('Table 2', 'INDIVIDUAL');
    await joinAs(t.app, seated.table.qrToken, seated.pin);
    await joinAs(t.app, seated.table.qrToken, seated.pin);
    // Table 3: something in a cart.
    const ordering = await open('Table 3');
    await insertCartLine(t.ctx, ordering.ids);
    // Table 4: a line in the kitchen (and a cart line, which matters less).
    const waiting = await open('Table 4');
    await insertCartLine(t.ctx, waiting.ids);
    await insertOrderLine(t.ctx, { ...waiting.ids, status: 'IN_PROGRESS' });
    await insertOrderLine(t.ctx, { ...waiting.ids, status: 'SERVED' });
    // Table 5: an order waiting for a waiter's approval.
    const pending = await open('Table 5');
    await insertOrderLine(t.ctx, { ...pending.ids, status: 'NEW', approval: 'PENDING' });
    // Table 6: food ready beats food still cooking.
    const ready = await open('Table 6');
    await insertOrderLine(t.ctx, { ...ready.ids, status: 'NEW' });
    await insertOrderLine(t.ctx, { ...ready.ids, status: 'READY' });
    // Table 7: the bill asked for beats everything, and a waiter call alone does not change the status.
    const bill = await open('Table 7');
    await insertOrderLine(t.ctx, { ...bill.ids, status: 'READY' });
    const payer = await joinAs(t.app, bill.table.qrToken, bill.pin);
    expect((await guestCall(payer.cookie, 'WAITER')).statusCode).toBe(201);
    expect((await guestCall(payer.cookie, 'BILL')).statusCode).toBe(201);
    // Table 10: seated with only a waiter call.
    const called = await open('Table 10');
    const caller = await joinAs(t.app, called.table.qrToken, called.pin);
    expect((await guestCall(caller.cookie, 'WAITER')).statusCode).toBe(201);

    // Another restaurant's busy table never shows up.
    const theirs = await buildTable(t.ctx, b.restaurant.id, 'Table 1');
    await openSession(t.app, b.cookies.WAITER, theirs.id);

    const floor = await floorOf(a.cookies.WAITER);
    expect(floor.map((f) => [f.name, f.status])).toEqual([
      ['Table 1', 'FREE'],
      ['Table 2', 'SEATED'],
      ['Table 3', 'ORDERING'],
      ['Table 4', 'WAITING_FOR_FOOD'],
      ['Table 5', 'WAITING_FOR_FOOD'],
      ['Table 6', 'FOOD_READY'],
      ['Table 7', 'BILL_REQUESTED'],
      ['Table 10', 'SEATED'],
    ]);
    const byName = Object.fromEntries(floor.map((f) => [f.name, f]));
    expect(byName['Table 1']).toEqual({
      id: tables['Table 1']!.id,
      name: 'Table 1',
      seats: 4,
      area: 'Main',
      status: 'FREE',
      guestCount: 0,
      readyCount: 0,
      pendingCount: 0,
      calls: [],
    });
    expect(byName['Table 2']).toMatchObject({
      sessionId: seated.session.id,
      mode: 'INDIVIDUAL',
      guestCount: 2,
      calls: [],
    });
    // How long a table has sat, and how many orders wait for a waiter's yes or no.
    expect(byName['Table 2']!.openedAt).toBe(seated.session.openedAt);
    expect(byName['Table 5']).toMatchObject({ pendingCount: 1, openedAt: pending.session.openedAt });
    expect(floor.filter((f) => f.name !== 'Table 5').every((f) => f.pendingCount === 0)).toBe(true);
    expect(byName['Table 7']!.calls.map((c) => c.kind).sort()).toEqual(['BILL', 'WAITER']);
    expect(byName['Table 10']!.calls).toMatchObject([{ kind: 'WAITER', status: 'OPEN', tableId: called.table.id }]);

    // The cashier reads the same floor; the kitchen does not.
    expect((await floorOf(a.cookies.CASHIER)).length).toBe(8);
    expect((await t.app.inject({ url: '/api/v1/floor', headers: { cookie: a.cookies.CHEF } })).statusCode).toBe(403);
    expect((await floorOf(b.cookies.WAITER)).map((f) => f.status)).toEqual(['SEATED']);

    // floorTable() answers one table exactly as the floor does, and nothing for another restaurant's.
    expect(await floorTable(t.ctx, a.restaurant.id, tables['Table 6']!.id)).toEqual(byName['Table 6']);
    expect(await floorTable(t.ctx, a.restaurant.id, theirs.id)).toBeUndefined();
  });

  it('announces table.updated after opening, joining, calling, moving and closing', async () => {
    const updated = vi.spyOn(t.ctx.live, 'tableUpdated');
    const closed = vi.spyOn(t.ctx.live, 'sessionClosed');
    // The latest announcement of one table: coalesced updates of other tests' tables may still arrive.
    const last = (tableId: string) => updated.mock.calls.filter((c) => c[1].id === tableId).at(-1)?.[1];
    const from = await buildTable(t.ctx, a.restaurant.id, 'Live 1');
    const to = await buildTable(t.ctx, a.restaurant.id, 'Live 2');

    const { session, pin } = await openSession(t.app, a.cookies.WAITER, from.id);
    expect(last(from.id)).toMatchObject({ id: from.id, status: 'SEATED', sessionId: session.id, guestCount: 0 });
    const guest = await joinAs(t.app, from.qrToken, pin);
    // Joins announce the table a moment later (coalesced with other changes at the table).
    await vi.waitFor(() => expect(last(from.id)).toMatchObject({ id: from.id, guestCount: 1 }));
    await guestCall(guest.cookie, 'BILL');
    expect(last(from.id)).toMatchObject({ id: from.id, status: 'BILL_REQUESTED' });

    updated.mockClear();
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/move`,
      headers: { cookie: a.cookies.WAITER },
      payload: { tableId: to.id },
    });
    const moved = updated.mock.calls.map((c) => c[1]);
    expect(moved.find((f) => f.id === from.id)).toMatchObject({ status: 'FREE', calls: [] });
    expect(moved.find((f) => f.id === to.id)).toMatchObject({
      status: 'BILL_REQUESTED',
      sessionId: session.id,
      guestCount: 1,
    });

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/close`,
      headers: { cookie: a.cookies.CASHIER },
    });
    expect(closed).toHaveBeenCalledWith(
      a.restaurant.id,
      session.id,
      expect.stringContaining('/api/v1/public/receipts/'),
    );
    expect(last(to.id)).toMatchObject({ id: to.id, status: 'FREE', calls: [], guestCount: 0 });
    expect(updated.mock.calls.every((c) => c[0] === a.restaurant.id)).toBe(true);
  });

  it('reads the floor in a fixed number of queries, however many tables are busy', async () => {
    const { restaurant, cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = { ...t.ctx, db: t.ctx.db.withPlugin(counter) };
    const measure = async () => {
      queries = 0;
      const floor = await getFloor(counted, restaurant.id);
      return { queries, tables: floor.length };
    };
    const addBusyTable = async () => {
      const table = await buildTable(t.ctx, restaurant.id);
      const { session, pin } = await openSession(t.app, cookies.WAITER, table.id);
      const guest = await joinAs(t.app, table.qrToken, pin);
      await guestCall(guest.cookie, 'BILL');
      await insertOrderLine(t.ctx, {
        restaurantId: restaurant.id,
        sessionId: session.id,
        tableId: table.id,
        status: 'NEW',
      });
    };
    await addBusyTable();
    const few = await measure();
    for (let i = 0; i < 6; i++) await addBusyTable();
    const many = await measure();
    expect([few.tables, many.tables]).toEqual([1, 7]);
    expect(many.queries).toBe(few.queries);
    expect(many.queries).toBe(2);
  });
});
