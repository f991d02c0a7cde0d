import type { KitchenTicket, MenuItem } from '@plato/contracts';
import { expect } from 'vitest';
import { type Client, type OrderingRestaurant, type SeatedGuest, addLine, client } from './order-factories.ts';
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
