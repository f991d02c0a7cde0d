import type { FloorTable } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type KitchenSetup,
  buildKitchen,
  moveLine,
  orderBurgerAndBeer,
  ticketsOf,
} from './support/kitchen-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let k: KitchenSetup;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  k = await buildKitchen(t, r);
});
afterAll(() => t?.close());

describe("the floor's ready count", () => {
  it('counts the READY lines of each open session, read and announced as lines move', async () => {
    const updated = vi.spyOn(t.ctx.live, 'tableUpdated');
    // The latest announcement of a table (moves announce it a moment later, coalesced).
    const announced = (tableId: string) => updated.mock.calls.filter((c) => c[1].id === tableId).at(-1)?.[1];
    const floor = async () => {
      const res = await k.waiter('GET', '/api/v1/floor');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ tables: FloorTable[] }>().tables;
    };
    const readyAt = async (tableId: string) => {
      const table = (await floor()).find((x) => x.id === tableId)!;
      return [table.readyCount, table.status];
    };

    const busy = await seatTable(t, r, 'FAMILY', 1);
    const quiet = await seatTable(t, r, 'FAMILY', 1);
    const orderId = await orderBurgerAndBeer(r, k, busy.guests[0]!);
    expect(await readyAt(busy.tableId)).toEqual([0, 'WAITING_FOR_FOOD']);

    const { tickets } = await ticketsOf(k.manager);
    const grill = tickets.find((x) => x.orderId === orderId && x.station.id === k.grill)!;
    const bar = tickets.find((x) => x.orderId === orderId && x.station.id === k.bar)!;
    const burger = grill.lines[0]!;

    expect((await moveLine(k.chef, burger.id, 'IN_PROGRESS')).statusCode).toBe(200);
    expect((await moveLine(k.chef, burger.id, 'READY')).statusCode).toBe(200);
    expect(await readyAt(busy.tableId)).toEqual([1, 'FOOD_READY']);
    await vi.waitFor(() => expect(announced(busy.tableId)).toMatchObject({ readyCount: 1, status: 'FOOD_READY' }));

    // A whole ticket bumped: the Bar's line is ready too (lines, not quantities: two beers are one line).
    expect((await k.manager('POST', `/api/v1/kitchen/tickets/${bar.id}/bump`)).statusCode).toBe(200);
    expect(await readyAt(busy.tableId)).toEqual([2, 'FOOD_READY']);
    await vi.waitFor(() => expect(announced(busy.tableId)).toMatchObject({ readyCount: 2 }));

    // Served lines leave the pass; a recalled one goes back to cooking.
    expect((await moveLine(k.waiter, burger.id, 'SERVED')).statusCode).toBe(200);
    expect(await readyAt(busy.tableId)).toEqual([1, 'FOOD_READY']);
    expect((await k.manager('POST', '/api/v1/kitchen/recall', { station: k.bar })).statusCode).toBe(200);
    expect(await readyAt(busy.tableId)).toEqual([0, 'WAITING_FOR_FOOD']);
    await vi.waitFor(() => expect(announced(busy.tableId)).toMatchObject({ readyCount: 0 }));

    // Other tables, and free ones, count nothing.
    const tables = await floor();
    expect(tables.find((x) => x.id === quiet.tableId)!.readyCount).toBe(0);
    expect(tables.filter((x) => !x.sessionId).every((x) => x.readyCount === 0)).toBe(true);
  });
});
