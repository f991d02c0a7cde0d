import type { MenuItem } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildKitchen, moveLine, stationChef, staffOrder } from './support/kitchen-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
import { connectLive, mark, type LiveClient } from './support/socket-client.ts';
import { listenOnFreePort } from './support/socket-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/* Who hears which kitchen event, through real sockets on a listening app. */

let t: TestApp;
let url: string;
let r: OrderingRestaurant;
let k: Awaited<ReturnType<typeof buildKitchen>>;
let grillChef: Awaited<ReturnType<typeof stationChef>>;
const sockets: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  url = await listenOnFreePort(t.app);
  r = await buildOrderingRestaurant(t);
  k = await buildKitchen(t, r);
  grillChef = await stationChef(t, r, k.grill);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(() => t?.close());

async function connect(cookie: string): Promise<LiveClient> {
  const s = await connectLive(url, { cookie });
  sockets.push(s);
  return s;
}

/** The kitchen events a socket heard before a marker sent now. */
async function kitchenHeard(s: LiveClient) {
  const events = await s.heardBefore(mark(t.app.io, s));
  return events.filter((e) => e.event.startsWith('ticket.'));
}

describe('kitchen sockets', () => {
  it('a chef tied to the Grill hears ticket.created for grill tickets only; the Bar stays silent for it', async () => {
    const grill = await connect(grillChef.cookie);
    const everyStation = await connect(r.cookies.CHEF);
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const both = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    const barOnly = await staffOrder(k.waiter, sessionId, [{ menuItemId: k.beer.id }]);

    // Tickets are sent after commit, once read: wait until the chef of every station has the last one. Each ticket
    // goes to its station's room and the kitchen room in one emit, so a marker sent after it follows it everywhere.
    await everyStation.waitFor('ticket.created', (x) => x.orderId === barOnly.id);
    const created = await grill.waitFor('ticket.created', (x) => x.orderId === both.id);
    expect([created.id, created.station.id]).toEqual([both.lines[0]!.id, k.grill]);
    const heard = await kitchenHeard(grill);
    expect(heard.map((e) => [e.event, (e.payload as { id: string }).id])).toEqual([
      ['ticket.created', both.lines[0]!.id],
    ]);
    // The chef with no station heard all three tickets.
    const all = (await kitchenHeard(everyStation)).map((e) => (e.payload as { id: string }).id);
    expect(all.sort()).toEqual([both.lines[0]!.id, both.lines[1]!.id, barOnly.lines[0]!.id].sort());

    // The bar's moves are not the grill's either.
    expect((await moveLine(k.chef, barOnly.lines[0]!.id, 'IN_PROGRESS')).statusCode).toBe(200);
    await everyStation.waitFor('ticket.updated', (x) => x.id === barOnly.lines[0]!.id);
    expect(await kitchenHeard(grill)).toHaveLength(1);
    expect((await moveLine(grillChef.call, both.lines[0]!.id, 'IN_PROGRESS')).statusCode).toBe(200);
    const updated = await grill.waitFor('ticket.updated', (x) => x.id === both.lines[0]!.id);
    expect(updated.status).toBe('IN_PROGRESS');
  });

  it('the guest hears line.status with the order version, and no kitchen event', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const kitchen = await connect(r.cookies.MANAGER);
    const guest = await connect(guests[0]!.cookie);
    await guest.waitFor('cart.updated');
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]);
    const lineId = order.lines[0]!.id;
    const res = await moveLine(k.chef, lineId, 'IN_PROGRESS');
    expect(res.statusCode, res.body).toBe(200);
    const { orderVersion } = res.json<{ orderVersion: number }>();
    expect(await guest.waitFor('line.status', (x) => x.lineId === lineId)).toEqual({
      orderId: order.id,
      lineId,
      status: 'IN_PROGRESS',
      orderVersion,
    });
    expect((await moveLine(k.waiter, lineId, 'CANCELLED', 'Allergy')).statusCode).toBe(200);
    await guest.waitFor('line.status', (x) => x.lineId === lineId && x.status === 'CANCELLED');
    // The kitchen's own events went out (after the guest's): the guest heard none of them.
    await kitchen.waitFor('ticket.voided', (x) => x.lineIds.includes(lineId));
    expect(await kitchenHeard(guest)).toEqual([]);
  });

  it('a chef with no station hears the tickets of a station created after it connected', async () => {
    const chef = await connect(r.cookies.CHEF);
    const grill = await connect(grillChef.cookie);
    const pastry = await r.admin('POST', '/api/v1/admin/stations', { name: 'Pastry' });
    expect(pastry.statusCode, pastry.body).toBe(201);
    const pastryId = pastry.json<{ station: { id: string } }>().station.id;
    const tart = await r.admin('POST', '/api/v1/admin/items', {
      categoryId: r.menu.mains.id,
      stationId: pastryId,
      name: 'Tart',
      priceCents: 700,
    });
    expect(tart.statusCode, tart.body).toBe(201);
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: tart.json<{ item: MenuItem }>().item.id }]);
    const created = await chef.waitFor('ticket.created', (x) => x.orderId === order.id);
    expect(created.station).toEqual({ id: pastryId, name: 'Pastry' });
    expect(await kitchenHeard(grill)).toEqual([]);
  });

  it('a void reaches the kitchen as ticket.voided (the line struck through, the reason), not as an update', async () => {
    const chef = await connect(r.cookies.CHEF);
    const grill = await connect(grillChef.cookie);
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const order = await staffOrder(k.waiter, sessionId, [
      { menuItemId: r.menu.fries.id },
      { menuItemId: r.menu.fries.id, quantity: 2 },
    ]);
    const [first, second] = order.lines;
    await chef.waitFor('ticket.created', (x) => x.orderId === order.id);
    await kitchenHeard(grill);
    grill.clear();
    expect((await moveLine(k.waiter, second!.id, 'CANCELLED', 'Guest left')).statusCode).toBe(200);
    for (const s of [chef, grill]) {
      const voided = await s.waitFor('ticket.voided', (x) => x.ticket.orderId === order.id);
      expect(voided.lineIds).toEqual([second!.id]);
      expect(voided.reason).toBe('Guest left');
      expect(voided.ticket.id).toBe(first!.id);
      expect(voided.ticket.lines.map((l) => [l.id, l.status, l.cancelReason])).toEqual([
        [first!.id, 'NEW', null],
        [second!.id, 'CANCELLED', 'Guest left'],
      ]);
    }
    expect((await kitchenHeard(grill)).map((e) => e.event)).toEqual(['ticket.voided']);
  });
});
