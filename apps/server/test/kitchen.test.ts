import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KitchenSetup,
  buildKitchen,
  moveLine,
  orderBurgerAndBeer,
  stationChef,
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

describe('stations', () => {
  it("lists every station with its thresholds for a screen, and only a tied chef's own for that chef", async () => {
    const set = await r.admin('PATCH', `/api/v1/admin/stations/${k.bar}`, { warnMinutes: 4, lateMinutes: 9 });
    expect(set.statusCode, set.body).toBe(200);
    const all = await k.chef('GET', '/api/v1/kitchen/stations');
    expect(all.statusCode, all.body).toBe(200);
    const stations = all.json<{ stations: { id: string; warnMinutes: number; lateMinutes: number }[] }>().stations;
    expect(stations.map((s) => s.id).sort()).toEqual([k.grill, k.bar].sort());
    expect(stations.find((s) => s.id === k.bar)).toMatchObject({ name: 'Bar', warnMinutes: 4, lateMinutes: 9 });

    const grillChef = await stationChef(t, r, k.grill);
    const own = await grillChef.call('GET', '/api/v1/kitchen/stations');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<{ stations: { id: string }[] }>().stations.map((s) => s.id)).toEqual([k.grill]);
  });
});

describe('tickets', () => {
  it('splits an order into one ticket per station, and moves lines through their lifecycle', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    const orderId = await orderBurgerAndBeer(r, k, guests[0]!);
    const { tickets, seq } = await ticketsOf(k.manager);
    const mine = tickets.filter((x) => x.orderId === orderId);
    expect(mine.map((x) => [x.station.id, x.lines.map((l) => [l.name, l.quantity, l.options, l.allergens])])).toEqual(
      [
        [k.grill, [['Burger', 1, ['Rare'], ['GLUTEN', 'MILK']]]],
        [k.bar, [['Beer', 2, [], ['GLUTEN']]]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(seq).toBeGreaterThan(0);
    const grill = mine.find((x) => x.station.id === k.grill)!;
    const burger = grill.lines[0]!;
    let res = await moveLine(k.chef, burger.id, 'IN_PROGRESS');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      line: { status: 'IN_PROGRESS', movedBy: { name: expect.any(String) } },
      orderId,
    });
    res = await moveLine(k.chef, burger.id, 'SERVED');
    expect(res.statusCode, res.body).toBe(403);
    res = await moveLine(k.chef, burger.id, 'IN_PROGRESS');
    expect(res.statusCode, res.body).toBe(409);
    res = await k.chef('POST', `/api/v1/kitchen/tickets/${grill.id}/bump`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ticket: { status: 'READY', timing: 'DONE' } });
    const after = await ticketsOf(k.manager, `?since=${seq}`);
    expect(after.tickets.map((x) => [x.id, x.status])).toEqual([[grill.id, 'READY']]);
    res = await k.chef('POST', '/api/v1/kitchen/recall', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ticket: { id: grill.id, status: 'IN_PROGRESS' } });
    res = await moveLine(k.waiter, burger.id, 'CANCELLED');
    expect(res.statusCode, res.body).toBe(400);
    res = await moveLine(k.waiter, burger.id, 'CANCELLED', 'guest left');
    expect(res.statusCode, res.body).toBe(200);
    const expo = await k.waiter('GET', '/api/v1/kitchen/expo');
    expect(expo.statusCode, expo.body).toBe(200);
    const allDay = await k.manager('GET', '/api/v1/kitchen/all-day');
    expect(allDay.json()).toEqual({ items: [{ name: 'Beer', options: [], quantity: 2 }] });
  });
});
