import type { FloorTable } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type OrderingRestaurant, addLine, buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

/**
 * The floor shows only whether a table is ordering (some cart has lines), so
 * cart changes tell the waiters' floor about the table only when a cart fills
 * or empties: the changes in between would each cost a floor read and an event.
 */
describe('cart changes and the floor', () => {
  it('announce the table when its cart gets its first line and when it empties, not in between', async () => {
    const { tableId, guests } = await seatTable(t, r, 'FAMILY', 2);
    const [a, b] = [guests[0]!, guests[1]!];
    const emit = vi.spyOn(t.ctx.events, 'emit');
    const changes = () =>
      emit.mock.calls.filter(([name, e]) => name === 'table.changed' && 'tableIds' in e && e.tableIds.includes(tableId))
        .length;
    const floorRow = async () => {
      const res = await t.app.inject({ url: '/api/v1/floor', headers: { cookie: r.cookies.WAITER } });
      return res.json<{ tables: FloorTable[] }>().tables.find((f) => f.id === tableId)!;
    };

    let cart = await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    expect(changes()).toBe(1);
    expect((await floorRow()).status).toBe('ORDERING');

    // More lines, another guest's line, a quantity changed, one of two lines removed: still ordering, nothing said.
    cart = await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 1 });
    cart = await addLine(a, { menuItemId: r.menu.fries.id, quantity: 2 });
    let res = await a.call('PATCH', `/api/v1/guest/cart/lines/${cart.lines[0]!.id}`, { quantity: 3 });
    expect(res.statusCode, res.body).toBe(200);
    res = await b.call('DELETE', `/api/v1/guest/cart/lines/${cart.lines[1]!.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(changes()).toBe(1);

    // The last lines go: the table is no longer ordering, and the floor hears it.
    for (const line of res.json<{ lines: { id: string }[] }>().lines) {
      expect((await a.call('DELETE', `/api/v1/guest/cart/lines/${line.id}`)).statusCode).toBe(200);
    }
    expect(changes()).toBe(2);
    expect((await floorRow()).status).toBe('SEATED');
  });
});
