import type { KitchenTicket, MenuItem, Order } from '@plato/contracts';
import { expect } from 'vitest';
import { buildStaff, login } from './factories.ts';
import { type Client, type OrderingRestaurant, type SeatedGuest, addLine, client, newKey } from './order-factories.ts';
import type { TestApp } from './test-app.ts';

/** A second station (Bar) with a drink on it, beside the test menu's Grill; the chef tied to Grill. */
export interface KitchenSetup {
  grill: string;
  bar: string;
  /** 500, at the Bar. */
  beer: MenuItem;
  chef: Client;
  manager: Client;
  waiter: Client;
  cashier: Client;
}

export async function buildKitchen(t: TestApp, r: OrderingRestaurant): Promise<KitchenSetup> {
  const bar = await r.admin('POST', '/api/v1/admin/stations', { name: 'Bar' });
  expect(bar.statusCode, bar.body).toBe(201);
  const barId = bar.json<{ station: { id: string } }>().station.id;
  const beer = await r.admin('POST', '/api/v1/admin/items', {
    categoryId: r.menu.drinks.id,
    stationId: barId,
    name: 'Beer',
    priceCents: 500,
    allergens: ['GLUTEN'],
  });
  expect(beer.statusCode, beer.body).toBe(201);
  return {
    grill: r.menu.stationId,
    bar: barId,
    beer: beer.json<{ item: MenuItem }>().item,
    chef: client(t.app, r.cookies.CHEF),
    manager: client(t.app, r.cookies.MANAGER),
    waiter: client(t.app, r.cookies.WAITER),
    cashier: client(t.app, r.cookies.CASHIER),
  };
}

/** Adds a burger and a beer to the guest's cart and orders it; answers the order id. */
export async function orderBurgerAndBeer(r: OrderingRestaurant, k: KitchenSetup, guest: SeatedGuest): Promise<string> {
  await addLine(guest, { menuItemId: r.menu.burger.id, quantity: 1, optionIds: [r.menu.rare.id] });
  await addLine(guest, { menuItemId: k.beer.id, quantity: 2 });
  const res = await guest.call('POST', '/api/v1/guest/orders', undefined, { 'idempotency-key': `k-${Math.random()}` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ order: { id: string } }>().order.id;
}

export async function ticketsOf(call: Client, query = ''): Promise<{ tickets: KitchenTicket[]; seq: number }> {
  const res = await call('GET', `/api/v1/kitchen/tickets${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function moveLine(call: Client, lineId: string, status: string, reason?: string) {
  return call('POST', `/api/v1/order-lines/${lineId}/status`, { status, ...(reason && { reason }) });
}

export interface StaffLine {
  menuItemId: string;
  quantity?: number;
  optionIds?: string[];
  note?: string;
  course?: number;
}

/** A waiter's order for a session (staff orders need no approval, so it reaches the kitchen at once). */
export async function staffOrder(waiter: Client, sessionId: string, lines: StaffLine[]): Promise<Order> {
  const res = await waiter(
    'POST',
    `/api/v1/sessions/${sessionId}/orders`,
    { lines: lines.map((l) => ({ quantity: 1, ...l })) },
    { 'idempotency-key': newKey() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ order: Order }>().order;
}

/** A chef tied to one station, signed in. */
export async function stationChef(t: TestApp, r: OrderingRestaurant, stationId: string) {
  const chef = await buildStaff(t.ctx, r.restaurant.id, 'CHEF', { stationId, name: 'Grill chef' });
  const cookie = await login(t.app, r.restaurant.slug, chef.email);
  return { id: chef.id, cookie, call: client(t.app, cookie) };
}

/** A line as stored: what a refused move must leave alone. */
export async function lineRow(t: TestApp, lineId: string) {
  return t.ctx.db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.status', 'l.status_by', 'l.status_changed_at', 'l.seq', 'l.cancel_reason', 'l.held', 'o.version'])
    .where('l.id', '=', lineId)
    .executeTakeFirstOrThrow();
}

export async function orderVersionOf(t: TestApp, orderId: string): Promise<number> {
  const row = await t.ctx.db.selectFrom('orders').select('version').where('id', '=', orderId).executeTakeFirstOrThrow();
  return row.version;
}

/** The audit entries of an action in a restaurant, oldest first, with their data parsed. */
export async function auditEntries(t: TestApp, restaurantId: string, action: string) {
  const rows = await t.ctx.db
    .selectFrom('audit_log')
    .select(['entity_type', 'entity_id', 'actor_id', 'data'])
    .where('restaurant_id', '=', restaurantId)
    .where('action', '=', action)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

/** The ticket of an order at a station, as the kitchen reads it now (open ones, else the last hour's done ones). */
export async function ticketAt(call: Client, orderId: string, stationId: string): Promise<KitchenTicket | undefined> {
  const find = (list: KitchenTicket[]) => list.find((x) => x.orderId === orderId && x.station.id === stationId);
  return find((await ticketsOf(call)).tickets) ?? find((await ticketsOf(call, '?state=DONE')).tickets);
}

/** Sets when lines were fired, to make a ticket look older than it is. */
export async function fireLinesAt(t: TestApp, lineIds: readonly string[], firedAt: Date): Promise<void> {
  await t.ctx.db
    .updateTable('order_lines')
    .set({ fired_at: firedAt.toISOString() })
    .where('id', 'in', lineIds)
    .execute();
}
