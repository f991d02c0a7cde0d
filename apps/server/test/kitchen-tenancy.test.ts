import type { StaffRole } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitchenSetup, buildKitchen, lineRow, staffOrder, ticketsOf } from './support/kitchen-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, client, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/* Restaurant A's staff aim every kitchen route at restaurant B's real lines, tickets, orders and stations. */

let t: TestApp;
let a: OrderingRestaurant;
let b: OrderingRestaurant;
let bk: KitchenSetup;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildOrderingRestaurant(t);
  await buildKitchen(t, a);
  b = await buildOrderingRestaurant(t);
  bk = await buildKitchen(t, b);
});
afterAll(() => t?.close());

describe("another restaurant's kitchen", () => {
  it('answers 404 for its lines, tickets and orders on every kitchen route, whatever the role, and changes nothing', async () => {
    const { sessionId } = await seatTable(t, b, 'FAMILY', 0);
    const cooking = await staffOrder(bk.waiter, sessionId, [
      { menuItemId: b.menu.fries.id },
      { menuItemId: b.menu.fries.id, course: 2 },
    ]);
    const bumped = await staffOrder(bk.waiter, sessionId, [{ menuItemId: bk.beer.id }]);
    const res = await bk.chef('POST', `/api/v1/kitchen/tickets/${bumped.lines[0]!.id}/bump`);
    expect(res.statusCode, res.body).toBe(200);
    const bLines = [...cooking.lines, ...bumped.lines].map((l) => l.id);
    const before = await Promise.all(bLines.map((id) => lineRow(t, id)));

    const as = (role: StaffRole) => client(t.app, a.cookies[role]);
    const calls: [StaffRole, 'POST', string, unknown?][] = [
      ['CHEF', 'POST', `/api/v1/order-lines/${cooking.lines[0]!.id}/status`, { status: 'IN_PROGRESS' }],
      ['CHEF', 'POST', `/api/v1/order-lines/${bumped.lines[0]!.id}/status`, { status: 'IN_PROGRESS' }],
      ['WAITER', 'POST', `/api/v1/order-lines/${bumped.lines[0]!.id}/status`, { status: 'SERVED' }],
      ['WAITER', 'POST', `/api/v1/order-lines/${cooking.lines[0]!.id}/status`, { status: 'CANCELLED', reason: 'x' }],
      ['MANAGER', 'POST', `/api/v1/order-lines/${cooking.lines[1]!.id}/status`, { status: 'CANCELLED', reason: 'x' }],
      ['ADMIN', 'POST', `/api/v1/order-lines/${cooking.lines[0]!.id}/status`, { status: 'IN_PROGRESS' }],
      ['CHEF', 'POST', `/api/v1/kitchen/tickets/${cooking.lines[0]!.id}/bump`],
      ['MANAGER', 'POST', `/api/v1/kitchen/tickets/${cooking.lines[0]!.id}/bump`],
      ['WAITER', 'POST', `/api/v1/orders/${cooking.id}/courses/2/fire`],
      ['MANAGER', 'POST', `/api/v1/orders/${cooking.id}/courses/1/hold`],
      ['ADMIN', 'POST', `/api/v1/orders/${bumped.id}/courses/1/hold`],
      // B's station has a bumped ticket to recall, but not for A.
      ['MANAGER', 'POST', '/api/v1/kitchen/recall', { station: bk.bar }],
    ];
    const failures: string[] = [];
    for (const [role, method, url, body] of calls) {
      const answer = await as(role)(method, url, body);
      const code = answer.json<{ code?: string }>().code;
      if (answer.statusCode !== 404 || code !== 'NOT_FOUND')
        failures.push(`${role} ${method} ${url} → ${answer.statusCode} ${answer.body.slice(0, 150)}`);
    }
    expect(failures).toEqual([]);
    expect(await Promise.all(bLines.map((id) => lineRow(t, id)))).toEqual(before);

    // A's reads never show B's kitchen, even filtered by B's station.
    const bIds = [...bLines, cooking.id, bumped.id, bk.bar, bk.grill];
    for (const [role, url] of [
      ['MANAGER', '/api/v1/kitchen/tickets'],
      ['MANAGER', '/api/v1/kitchen/tickets?since=0'],
      ['MANAGER', '/api/v1/kitchen/tickets?state=DONE'],
      ['MANAGER', `/api/v1/kitchen/tickets?station=${bk.bar}&since=0`],
      ['MANAGER', `/api/v1/kitchen/tickets?station=${bk.bar}&state=DONE`],
      ['CHEF', `/api/v1/kitchen/all-day?station=${bk.grill}`],
      ['CHEF', '/api/v1/kitchen/expo'],
      ['WAITER', '/api/v1/ready'],
    ] as const) {
      const answer = await as(role)('GET', url);
      expect(answer.statusCode, `${url} ${answer.body}`).toBe(200);
      const leaked = bIds.filter((id) => answer.body.includes(id));
      expect(leaked, `${url} shows B's ${leaked.join(', ')}`).toEqual([]);
    }
    // B still sees its own.
    expect((await ticketsOf(bk.manager)).tickets.map((x) => x.orderId)).toEqual([cooking.id]);
  });
});
