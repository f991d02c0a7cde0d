import { KitchenLine, KitchenTicket } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildKitchen, stationChef, staffOrder } from './support/kitchen-factories.ts';
import { type Client, addLine, buildOrderingRestaurant, placeNewOrder, seatTable } from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { connectLive, mark, type LiveClient } from './support/socket-client.ts';
import { listenOnFreePort } from './support/socket-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/*
 * No money in the kitchen (issue 11): through a whole order → serve cycle
 * (approval, courses held and fired, starts, bumps, a recall, voids, a
 * table move, serving), every kitchen HTTP answer and every event a chef's
 * socket hears (and the kitchen events a manager's socket hears) is scanned
 * for a key that looks like money.
 */

const MONEY = /price|cents|total|tax|tip|payment|amount|cost|balance/i;

/** Every key path of a JSON value whose key looks like money. */
function moneyKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => moneyKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(MONEY.test(key) ? [`${path}.${key}`] : []),
    ...moneyKeys(v, `${path}.${key}`),
  ]);
}

/** Every object shaped like a ticket (it has `lines` and `station`) inside a JSON value. */
function ticketsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(ticketsIn);
  if (value === null || typeof value !== 'object') return [];
  const here = 'lines' in value && 'station' in value ? [value as Record<string, unknown>] : [];
  return [...here, ...Object.values(value).flatMap(ticketsIn)];
}

let t: TestApp;
let url: string;
const sockets: LiveClient[] = [];
beforeAll(async () => {
  t = await createTestApp();
  url = await listenOnFreePort(t.app);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(() => t?.close());

describe('no money in the kitchen', () => {
  it('no kitchen answer or chef event carries a money key during a full order → serve cycle', async () => {
    const r = await buildOrderingRestaurant(t, { orderApproval: true });
    const k = await buildKitchen(t, r);
    const grillChef = await stationChef(t, r, k.grill);
    const connect = async (cookie: string) => {
      const s = await connectLive(url, { cookie });
      sockets.push(s);
      return s;
    };
    const chefSocket = await connect(r.cookies.CHEF);
    const grillSocket = await connect(grillChef.cookie);
    const managerSocket = await connect(r.cookies.MANAGER);

    const answers: { what: string; body: unknown }[] = [];
    /** Calls a kitchen route, expects `status`, and keeps the answer to scan. */
    const kitchen = async (call: Client, method: 'GET' | 'POST', path: string, body?: unknown, status = 200) => {
      const res = await call(method, path, body);
      expect(res.statusCode, `${method} ${path} ${res.body}`).toBe(status);
      const json = res.json<Record<string, unknown>>();
      answers.push({ what: `${method} ${path}`, body: json });
      return json;
    };
    const reads = async () => {
      const { seq } = (await kitchen(k.manager, 'GET', '/api/v1/kitchen/tickets')) as { seq: number };
      await kitchen(k.manager, 'GET', `/api/v1/kitchen/tickets?since=${Math.max(0, seq - 5)}`);
      await kitchen(k.manager, 'GET', '/api/v1/kitchen/tickets?since=0');
      await kitchen(k.manager, 'GET', '/api/v1/kitchen/tickets?state=DONE');
      await kitchen(grillChef.call, 'GET', '/api/v1/kitchen/tickets');
      await kitchen(k.chef, 'GET', `/api/v1/kitchen/tickets?station=${k.bar}`);
      await kitchen(k.chef, 'GET', '/api/v1/kitchen/all-day');
      await kitchen(grillChef.call, 'GET', '/api/v1/kitchen/all-day');
      await kitchen(k.waiter, 'GET', '/api/v1/kitchen/expo');
      await kitchen(k.chef, 'GET', '/api/v1/kitchen/expo');
      await kitchen(k.waiter, 'GET', '/api/v1/ready');
    };
    const move = (call: Client, lineId: string, status: string, reason?: string) =>
      kitchen(call, 'POST', `/api/v1/order-lines/${lineId}/status`, { status, ...(reason && { reason }) });

    // A guest order waiting for approval, then accepted; a waiter's order with a second course.
    const seat = await seatTable(t, r, 'FAMILY', 1);
    const guest = seat.guests[0]!;
    await addLine(guest, { menuItemId: r.menu.burger.id, quantity: 2, optionIds: [r.menu.rare.id, r.menu.bacon.id] });
    await addLine(guest, { menuItemId: k.beer.id, quantity: 3, note: 'Cold' });
    await addLine(guest, { menuItemId: r.menu.fries.id, quantity: 1 });
    const order = await placeNewOrder(guest);
    await reads();
    expect((await k.waiter('POST', `/api/v1/orders/${order.id}/accept`)).statusCode).toBe(200);
    const later = await staffOrder(k.waiter, seat.sessionId, [
      { menuItemId: r.menu.lemonade.id },
      { menuItemId: r.menu.fries.id, course: 2 },
    ]);
    await reads();
    const [burger, beer, fries] = order.lines;
    await move(grillChef.call, burger!.id, 'IN_PROGRESS');
    await move(k.chef, beer!.id, 'IN_PROGRESS');
    await move(k.waiter, fries!.id, 'CANCELLED', 'Guest changed their mind');
    await kitchen(grillChef.call, 'POST', `/api/v1/kitchen/tickets/${burger!.id}/bump`);
    await kitchen(grillChef.call, 'POST', '/api/v1/kitchen/recall', {});
    await kitchen(k.chef, 'POST', `/api/v1/kitchen/tickets/${burger!.id}/bump`);
    await reads();
    const terrace = await buildTable(t.ctx, r.restaurant.id, 'Terrace');
    expect(
      (await k.waiter('POST', `/api/v1/sessions/${seat.sessionId}/move`, { tableId: terrace.id })).statusCode,
    ).toBe(200);
    await kitchen(k.waiter, 'POST', `/api/v1/orders/${later.id}/courses/1/hold`);
    await kitchen(k.waiter, 'POST', `/api/v1/orders/${later.id}/courses/1/fire`);
    await kitchen(k.waiter, 'POST', `/api/v1/orders/${later.id}/courses/2/fire`);
    await reads();
    await kitchen(k.manager, 'POST', `/api/v1/kitchen/tickets/${beer!.id}/bump`);
    await kitchen(k.chef, 'POST', `/api/v1/kitchen/tickets/${later.lines[0]!.id}/bump`);
    await kitchen(k.manager, 'POST', '/api/v1/kitchen/recall', { station: k.bar });
    await move(k.manager, later.lines[1]!.id, 'CANCELLED', 'Too late for it');
    await move(k.manager, beer!.id, 'READY');
    await reads();
    for (const lineId of [burger!.id, beer!.id, later.lines[0]!.id]) await move(k.waiter, lineId, 'SERVED');
    await reads();

    // Tickets go out after commit, once read: the last serve's has reached the kitchen room before the marker.
    const lastServed = later.lines[0]!.id;
    for (const s of [chefSocket, managerSocket])
      await s.waitFor('ticket.updated', (x) => x.lines.some((l) => l.id === lastServed && l.status === 'SERVED'));
    const m = mark(t.app.io, chefSocket, grillSocket, managerSocket);
    const chefEvents = await chefSocket.heardBefore(m);
    const grillEvents = await grillSocket.heardBefore(m);
    const managerKitchen = (await managerSocket.heardBefore(m)).filter((e) => e.event.startsWith('ticket.'));
    // The cycle was heard: new tickets, updates, the voids as their own events.
    for (const events of [chefEvents, managerKitchen]) {
      const names = new Set(events.map((e) => e.event));
      expect([...names].sort()).toEqual(['ticket.created', 'ticket.updated', 'ticket.voided']);
    }
    expect(grillEvents.filter((e) => e.event === 'ticket.created')).toHaveLength(2);

    const leaks = [
      ...answers.flatMap((a) => moneyKeys(a.body).map((p) => `${a.what}: ${p}`)),
      ...[
        ['chef', chefEvents],
        ['grill chef', grillEvents],
        ['manager (kitchen events)', managerKitchen],
      ].flatMap(([who, events]) =>
        (events as typeof chefEvents).flatMap((e) => moneyKeys(e.payload).map((p) => `${who} ${e.event}: ${p}`)),
      ),
    ];
    expect(leaks).toEqual([]);
    expect(answers.length).toBeGreaterThan(70);

    // Every ticket anywhere has exactly the contract's keys, and its lines the line contract's.
    const ticketKeys = Object.keys(KitchenTicket.shape).sort();
    const lineKeys = Object.keys(KitchenLine.shape).sort();
    const tickets = [
      ...answers.map((a) => a.body),
      ...[...chefEvents, ...grillEvents, ...managerKitchen].map((e) => e.payload),
    ].flatMap(ticketsIn);
    expect(tickets.length).toBeGreaterThan(50);
    const shapes = new Set(tickets.map((x) => JSON.stringify(Object.keys(x).sort())));
    expect([...shapes]).toEqual([JSON.stringify(ticketKeys)]);
    const lineShapes = new Set(
      tickets.flatMap((x) => (x.lines as object[]).map((l) => JSON.stringify(Object.keys(l).sort()))),
    );
    expect([...lineShapes]).toEqual([JSON.stringify(lineKeys)]);
    // And the contracts themselves name no money.
    expect([...ticketKeys, ...lineKeys].filter((key) => MONEY.test(key))).toEqual([]);
  });

  it('the scanner finds money keys at any depth', () => {
    expect(moneyKeys({ a: [{ b: { unitPriceCents: 1 } }], totalCents: 2, tipAmount: null, x: 'price' })).toEqual([
      '$.a[0].b.unitPriceCents',
      '$.totalCents',
      '$.tipAmount',
    ]);
  });
});
