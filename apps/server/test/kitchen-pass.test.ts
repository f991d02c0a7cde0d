import type { KitchenTicket } from '@plato/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEntries,
  buildKitchen,
  moveLine,
  staffOrder,
  stationChef,
  ticketAt,
  ticketsOf,
} from './support/kitchen-factories.ts';
import { buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/* The pass: bumping a ticket, recalling the last bumped, the last hour's done tickets, expo and GET /ready. */

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
  return { r, k, sessionId: seat.sessionId, tableId: seat.tableId };
}

const bumpOf = (res: { statusCode: number; body: string; json<T>(): T }) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ ticket: KitchenTicket }>().ticket;
};

describe('bump', () => {
  it('readies every line of the ticket it may cook in one move; held lines stay; nothing left → 409', async () => {
    const { r, k, sessionId } = await kitchen();
    const order = await staffOrder(k.waiter, sessionId, [
      { menuItemId: r.menu.fries.id },
      { menuItemId: r.menu.fries.id, quantity: 2 },
      { menuItemId: r.menu.fries.id, course: 2 },
      { menuItemId: k.beer.id },
    ]);
    const [first, second, held, beer] = order.lines;
    expect((await moveLine(k.chef, second!.id, 'IN_PROGRESS')).statusCode).toBe(200);
    const audits = (await auditEntries(t, r.restaurant.id, 'kitchen.ticket.bumped')).length;
    const ticket = bumpOf(await k.chef('POST', `/api/v1/kitchen/tickets/${first!.id}/bump`));
    expect(ticket.lines.map((l) => [l.id, l.status, l.held])).toEqual([
      [first!.id, 'READY', false],
      [second!.id, 'READY', false],
      [held!.id, 'NEW', true],
    ]);
    expect(ticket.lines[0]!.movedBy?.id).toBe(r.ids.CHEF);
    // One move: one sequence, one audit entry for the ticket.
    expect(ticket.lines[0]!.movedAt).toBe(ticket.lines[1]!.movedAt);
    expect(await auditEntries(t, r.restaurant.id, 'kitchen.ticket.bumped')).toHaveLength(audits + 1);
    // The bar's ticket is another ticket.
    expect((await ticketAt(k.manager, order.id, k.bar))?.lines.map((l) => l.status)).toEqual(['NEW']);
    expect(beer).toBeDefined();
    const again = await k.chef('POST', `/api/v1/kitchen/tickets/${first!.id}/bump`);
    expect(again.statusCode, again.body).toBe(409);
  });

  it('is refused for a line that is not a ticket id (404), another station (403) and roles outside the kitchen', async () => {
    const { r, k, sessionId } = await kitchen();
    const order = await staffOrder(k.waiter, sessionId, [
      { menuItemId: r.menu.fries.id },
      { menuItemId: r.menu.fries.id },
      { menuItemId: k.beer.id },
    ]);
    const [first, second, beer] = order.lines;
    expect((await k.chef('POST', `/api/v1/kitchen/tickets/${second!.id}/bump`)).statusCode).toBe(404);
    const grillChef = await stationChef(t, r, k.grill);
    expect((await grillChef.call('POST', `/api/v1/kitchen/tickets/${beer!.id}/bump`)).statusCode).toBe(403);
    expect((await k.waiter('POST', `/api/v1/kitchen/tickets/${first!.id}/bump`)).statusCode).toBe(403);
    expect((await ticketAt(k.manager, order.id, k.grill))?.status).toBe('NEW');
    expect(bumpOf(await grillChef.call('POST', `/api/v1/kitchen/tickets/${first!.id}/bump`)).status).toBe('READY');
  });
});

describe('recall', () => {
  it("brings back the last bumped ticket of a station, or of the chef's own station", async () => {
    const { r, k, sessionId } = await kitchen();
    const place = () => staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    const [o1, o2] = [await place(), await place()];
    const ticketId = (o: typeof o1, i: number) => o.lines[i]!.id;
    // Bumped in this order: grill 1, bar 1, grill 2, bar 2.
    for (const id of [ticketId(o1, 0), ticketId(o1, 1), ticketId(o2, 0), ticketId(o2, 1)]) {
      bumpOf(await k.manager('POST', `/api/v1/kitchen/tickets/${id}/bump`));
      await sleep(2);
    }
    const recall = async (call: typeof k.chef, body: unknown) => call('POST', '/api/v1/kitchen/recall', body);
    let ticket = bumpOf(await recall(k.manager, { station: k.grill }));
    expect([ticket.id, ticket.status, ticket.lines[0]!.status]).toEqual([
      ticketId(o2, 0),
      'IN_PROGRESS',
      'IN_PROGRESS',
    ]);
    expect(ticket.lines[0]!.movedBy?.id).toBe(r.ids.MANAGER);
    // A manager with no station: the last bumped of any station.
    ticket = bumpOf(await recall(k.manager, {}));
    expect(ticket.id).toBe(ticketId(o2, 1));
    const grillChef = await stationChef(t, r, k.grill);
    expect((await recall(grillChef.call, { station: k.bar })).statusCode).toBe(403);
    ticket = bumpOf(await recall(grillChef.call, {}));
    expect(ticket.id).toBe(ticketId(o1, 0));
    // Nothing of the grill left at the pass.
    expect((await recall(grillChef.call, {})).statusCode).toBe(404);
    ticket = bumpOf(await recall(k.chef, null));
    expect(ticket.id).toBe(ticketId(o1, 1));
    expect((await recall(k.chef, undefined)).statusCode).toBe(404);
    expect((await auditEntries(t, r.restaurant.id, 'kitchen.ticket.recalled')).length).toBe(4);
  });
});

describe('done tickets', () => {
  it('lists tickets completed in the last hour, newest first, and none still cooking', async () => {
    const { r, k, sessionId } = await kitchen();
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]));
    const [o1, o2, o3, open] = orders;
    for (const o of [o2, o1, o3]) {
      bumpOf(await k.chef('POST', `/api/v1/kitchen/tickets/${o!.lines[0]!.id}/bump`));
      await sleep(2);
    }
    // Served counts as done too; one done two hours ago is past the recall window.
    expect((await moveLine(k.waiter, o1!.lines[0]!.id, 'SERVED')).statusCode).toBe(200);
    const old = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]);
    bumpOf(await k.chef('POST', `/api/v1/kitchen/tickets/${old.lines[0]!.id}/bump`));
    await t.ctx.db
      .updateTable('order_lines')
      .set({ status_changed_at: new Date(Date.now() - 2 * 3600_000).toISOString() })
      .where('order_id', '=', old.id)
      .execute();
    const done = (await ticketsOf(k.chef, '?state=DONE')).tickets;
    expect(done.map((x) => [x.orderId, x.status])).toEqual([
      [o1!.id, 'SERVED'],
      [o3!.id, 'READY'],
      [o2!.id, 'READY'],
    ]);
    expect((await ticketsOf(k.chef)).tickets.map((x) => x.orderId)).toEqual([open!.id]);
  });
});

describe('expo and ready', () => {
  it("shows each order's tickets across stations and whether all is ready; GET /ready lists what to carry", async () => {
    const { r, k, sessionId, tableId } = await kitchen();
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    const [fries, beer] = order.lines;
    const expo = async () => {
      const res = await k.waiter('GET', '/api/v1/kitchen/expo');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ orders: { orderId: string; tableId: string; allReady: boolean; tickets: KitchenTicket[] }[] }>()
        .orders;
    };
    const ready = async () => {
      const res = await k.waiter('GET', '/api/v1/ready');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ lines: { id: string; orderId: string; tableId: string; name: string }[] }>().lines;
    };
    let orders = await expo();
    expect(orders.map((o) => [o.orderId, o.tableId, o.tickets.length, o.allReady])).toEqual([
      [order.id, tableId, 2, false],
    ]);
    bumpOf(await k.chef('POST', `/api/v1/kitchen/tickets/${fries!.id}/bump`));
    expect((await expo())[0]!.allReady).toBe(false);
    expect((await ready()).map((l) => [l.id, l.tableId, l.name])).toEqual([[fries!.id, tableId, 'Fries']]);
    bumpOf(await k.chef('POST', `/api/v1/kitchen/tickets/${beer!.id}/bump`));
    expect((await expo())[0]!.allReady).toBe(true);
    expect((await ready()).map((l) => l.id).sort()).toEqual([fries!.id, beer!.id].sort());
    expect((await moveLine(k.waiter, fries!.id, 'SERVED')).statusCode).toBe(200);
    orders = await expo();
    expect(orders.map((o) => [o.orderId, o.allReady])).toEqual([[order.id, true]]);
    expect((await ready()).map((l) => l.id)).toEqual([beer!.id]);
    expect((await moveLine(k.waiter, beer!.id, 'SERVED')).statusCode).toBe(200);
    expect(await expo()).toEqual([]);
    expect(await ready()).toEqual([]);
    // A voided line does not keep an order from being all ready.
    const second = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    expect((await moveLine(k.waiter, second.lines[1]!.id, 'CANCELLED', 'Out of beer')).statusCode).toBe(200);
    bumpOf(await k.chef('POST', `/api/v1/kitchen/tickets/${second.lines[0]!.id}/bump`));
    expect((await expo()).map((o) => [o.orderId, o.allReady])).toEqual([[second.id, true]]);
    // Cashiers do not work the pass.
    expect((await k.cashier('GET', '/api/v1/kitchen/expo')).statusCode).toBe(403);
    expect((await k.chef('GET', '/api/v1/ready')).statusCode).toBe(403);
  });
});
