import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildKitchen,
  fireLinesAt,
  moveLine,
  staffOrder,
  stationChef,
  ticketAt,
  ticketsOf,
} from './support/kitchen-factories.ts';
import { buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/* Tickets as the kitchen reads them: split by station, their status, their age and timing, the all-day counts. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** A restaurant of its own per test, so one test's tickets are not in another's lists. */
async function kitchen() {
  const r = await buildOrderingRestaurant(t);
  const k = await buildKitchen(t, r);
  const seat = await seatTable(t, r, 'FAMILY', 0);
  const table = await t.ctx.db
    .selectFrom('dining_tables')
    .select('name')
    .where('id', '=', seat.tableId)
    .executeTakeFirstOrThrow();
  return { r, k, sessionId: seat.sessionId, tableId: seat.tableId, tableName: table.name };
}

const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
  const done = await res;
  expect(done.statusCode, done.body).toBe(200);
};

describe('tickets', () => {
  it('an order is one ticket per station, its id the first line of the station, with what a cook needs', async () => {
    const { r, k, sessionId, tableId, tableName } = await kitchen();
    const order = await staffOrder(k.waiter, sessionId, [
      { menuItemId: k.beer.id, quantity: 2 },
      { menuItemId: r.menu.burger.id, optionIds: [r.menu.rare.id, r.menu.bacon.id], note: 'No onions' },
      { menuItemId: r.menu.fries.id, quantity: 3, course: 2 },
    ]);
    const [beer, burger, fries] = order.lines;
    const { tickets } = await ticketsOf(k.manager);
    expect(tickets.map((x) => [x.id, x.station.id]).sort()).toEqual(
      [
        [burger!.id, k.grill],
        [beer!.id, k.bar],
      ].sort(),
    );
    const grill = tickets.find((x) => x.station.id === k.grill)!;
    expect(grill).toEqual({
      id: burger!.id,
      orderId: order.id,
      orderNumber: order.number,
      table: tableName,
      tableId,
      station: { id: k.grill, name: 'Grill' },
      status: 'NEW',
      createdAt: order.createdAt,
      ageSeconds: expect.any(Number),
      timing: 'ON_TIME',
      seq: expect.any(Number),
      lines: [
        {
          id: burger!.id,
          name: 'Burger',
          quantity: 1,
          options: ['Rare', 'Bacon'],
          note: 'No onions',
          allergens: ['GLUTEN', 'MILK'],
          course: 1,
          held: false,
          status: 'NEW',
          cancelReason: null,
          movedBy: null,
          movedAt: order.createdAt,
        },
        expect.objectContaining({ id: fries!.id, name: 'Fries', quantity: 3, course: 2, held: true, allergens: [] }),
      ],
    });
    expect(grill.ageSeconds).toBeLessThan(5);
    expect(tickets.find((x) => x.station.id === k.bar)!.lines).toEqual([
      expect.objectContaining({ id: beer!.id, name: 'Beer', quantity: 2, allergens: ['GLUTEN'], held: false }),
    ]);
    // One station: ?station= filters; a chef tied to the Bar sees the Bar's only, and may not ask for the Grill's.
    expect((await ticketsOf(k.manager, `?station=${k.bar}`)).tickets.map((x) => x.id)).toEqual([beer!.id]);
    const barChef = await stationChef(t, r, k.bar);
    expect((await ticketsOf(barChef.call)).tickets.map((x) => x.id)).toEqual([beer!.id]);
    expect((await barChef.call('GET', `/api/v1/kitchen/tickets?station=${k.grill}`)).statusCode).toBe(403);
  });

  it("a ticket's status follows its lines; a served or voided one leaves the open list", async () => {
    const { r, k, sessionId } = await kitchen();
    const order = await staffOrder(k.waiter, sessionId, [
      { menuItemId: r.menu.fries.id },
      { menuItemId: r.menu.fries.id, quantity: 2 },
      { menuItemId: k.beer.id },
    ]);
    const [a, b, beer] = order.lines;
    const statusAt = async (station: string) => (await ticketAt(k.manager, order.id, station))?.status;
    const steps: [string, string, string | undefined, string][] = [
      [a!.id, 'IN_PROGRESS', undefined, 'IN_PROGRESS'],
      [a!.id, 'READY', undefined, 'IN_PROGRESS'],
      [b!.id, 'CANCELLED', 'Burnt', 'READY'],
      [a!.id, 'IN_PROGRESS', undefined, 'IN_PROGRESS'],
      [a!.id, 'READY', undefined, 'READY'],
      [a!.id, 'SERVED', undefined, 'SERVED'],
    ];
    expect(await statusAt(k.grill)).toBe('NEW');
    for (const [lineId, to, reason, ticket] of steps) {
      await ok(moveLine(k.manager, lineId, to, reason));
      expect(await statusAt(k.grill), `${to} → ticket ${ticket}`).toBe(ticket);
    }
    expect(await statusAt(k.bar)).toBe('NEW');
    await ok(moveLine(k.waiter, beer!.id, 'CANCELLED', 'Guest left'));
    const open = (await ticketsOf(k.manager)).tickets;
    expect(open.filter((x) => x.orderId === order.id)).toEqual([]);
    // The voided bar ticket is not listed as done (nothing was made); the served grill one is.
    const done = (await ticketsOf(k.manager, '?state=DONE')).tickets;
    expect(done.filter((x) => x.orderId === order.id).map((x) => [x.station.id, x.status])).toEqual([
      [k.grill, 'SERVED'],
    ]);
  });

  it('tickets carry their age, are timed against their station thresholds and listed oldest first', async () => {
    const { r, k, sessionId } = await kitchen();
    await t.ctx.db
      .updateTable('stations')
      .set({ warn_minutes: 5, late_minutes: 10 })
      .where('id', '=', k.grill)
      .execute();
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const orders = [];
    for (const age of [12, 6, 0]) {
      const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]);
      await fireLinesAt(t, [order.lines[0]!.id], minutesAgo(age));
      orders.push(order);
    }
    const held = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id, course: 3 }]);
    const done = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]);
    await fireLinesAt(t, [done.lines[0]!.id], minutesAgo(30));
    await ok(k.manager('POST', `/api/v1/kitchen/tickets/${done.lines[0]!.id}/bump`));

    const { tickets } = await ticketsOf(k.manager, `?station=${k.grill}`);
    expect(tickets.map((x) => [x.orderId, x.timing])).toEqual([
      [orders[0]!.id, 'LATE'],
      [orders[1]!.id, 'WARNING'],
      [orders[2]!.id, 'ON_TIME'],
      [held.id, 'HELD'],
    ]);
    const ages = tickets.map((x) => x.ageSeconds);
    expect(ages[0]).toBeGreaterThanOrEqual(12 * 60);
    expect(ages[0]).toBeLessThan(12 * 60 + 10);
    expect(ages[1]).toBeGreaterThanOrEqual(6 * 60);
    expect(ages[1]).toBeLessThan(6 * 60 + 10);
    expect(ages[2]).toBeLessThan(10);
    expect(ages[3]).toBe(0);
    // Another station's thresholds are its own: the Bar keeps the defaults (10 and 20 minutes).
    const beer = await staffOrder(k.waiter, sessionId, [{ menuItemId: k.beer.id }]);
    await fireLinesAt(t, [beer.lines[0]!.id], minutesAgo(12));
    expect((await ticketAt(k.manager, beer.id, k.bar))?.timing).toBe('WARNING');
    // Done tickets are not timed.
    expect((await ticketAt(k.manager, done.id, k.grill))?.timing).toBe('DONE');
    // Firing the held course starts its clock.
    await ok(k.waiter('POST', `/api/v1/orders/${held.id}/courses/3/fire`));
    const fired = (await ticketAt(k.manager, held.id, k.grill))!;
    expect([fired.timing, fired.lines[0]!.held]).toEqual(['ON_TIME', false]);
  });
});

describe('all day', () => {
  it('counts each item with its options still NEW or IN_PROGRESS, not held, not ready, not voided', async () => {
    const { r, k, sessionId } = await kitchen();
    const { rare, wellDone, bacon } = r.menu;
    const burger = (optionIds: string[], quantity = 1) => ({ menuItemId: r.menu.burger.id, optionIds, quantity });
    await staffOrder(k.waiter, sessionId, [
      burger([rare.id]),
      burger([rare.id], 2),
      burger([wellDone.id]),
      burger([rare.id, bacon.id]),
      // The same choice picked in another order is the same dish.
      burger([bacon.id, rare.id]),
      { menuItemId: r.menu.fries.id, quantity: 2, course: 2 },
      { menuItemId: k.beer.id, quantity: 3 },
    ]);
    const other = await staffOrder(k.waiter, sessionId, [
      burger([rare.id], 4),
      burger([rare.id], 5),
      { menuItemId: r.menu.fries.id },
    ]);
    const [ready, voided, started] = other.lines;
    await ok(moveLine(k.manager, ready!.id, 'IN_PROGRESS'));
    await ok(moveLine(k.manager, ready!.id, 'READY'));
    await ok(moveLine(k.waiter, voided!.id, 'CANCELLED', 'Wrong table'));
    await ok(moveLine(k.chef, started!.id, 'IN_PROGRESS'));

    const allDay = async (query = '', call = k.manager) => {
      const res = await call('GET', `/api/v1/kitchen/all-day${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { name: string; options: string[]; quantity: number }[] }>().items;
    };
    expect(await allDay()).toEqual([
      { name: 'Beer', options: [], quantity: 3 },
      { name: 'Burger', options: ['Rare'], quantity: 3 },
      { name: 'Burger', options: ['Bacon', 'Rare'], quantity: 2 },
      { name: 'Burger', options: ['Well done'], quantity: 1 },
      { name: 'Fries', options: [], quantity: 1 },
    ]);
    expect(await allDay(`?station=${k.bar}`)).toEqual([{ name: 'Beer', options: [], quantity: 3 }]);
    const grillChef = await stationChef(t, r, k.grill);
    expect((await allDay('', grillChef.call)).map((i) => i.name)).not.toContain('Beer');
    expect((await grillChef.call('GET', `/api/v1/kitchen/all-day?station=${k.bar}`)).statusCode).toBe(403);
  });
});
