import type { MenuItem, RestaurantSettings } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitchenSetup, buildKitchen, ticketsOf } from './support/kitchen-factories.ts';
import {
  type OrderingRestaurant,
  addLine,
  buildOrderingRestaurant,
  placeNewOrder,
  seatTable,
} from './support/order-factories.ts';
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

const settingsOf = async (o: OrderingRestaurant): Promise<RestaurantSettings> =>
  (await o.admin('GET', '/api/v1/admin/settings')).json<{ settings: RestaurantSettings }>().settings;
const setDefault = (o: OrderingRestaurant, defaultStationId: string | null) =>
  o.admin('PATCH', '/api/v1/admin/settings', { defaultStationId });
const createItem = (o: OrderingRestaurant, body: Record<string, unknown>) =>
  o.admin('POST', '/api/v1/admin/items', { categoryId: o.menu.mains.id, priceCents: 800, ...body });
const stored = (id: string) =>
  t.ctx.db
    .selectFrom('menu_items')
    .select(['station_id', 'station_default'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** Orders one of `item` at a fresh table and answers the station of the ticket it landed on. */
async function stationOfOrdered(item: MenuItem): Promise<string> {
  const { guests } = await seatTable(t, r, 'FAMILY', 1);
  await addLine(guests[0]!, { menuItemId: item.id, quantity: 1 });
  const order = await placeNewOrder(guests[0]!);
  const { tickets } = await ticketsOf(k.manager);
  const mine = tickets.filter((x) => x.orderId === order.id);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.lines.map((l) => l.name)).toEqual([item.name]);
  return mine[0]!.station.id;
}

describe('the default station', () => {
  it('is a setting items without a station follow, onto the tickets, and along when it changes', async () => {
    expect((await settingsOf(r)).defaultStationId).toBeNull();

    // No default yet: an item without a station has nowhere to go.
    let res = await createItem(r, { name: 'Soup' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/no default station/) });

    // Only one of this restaurant's stations can be the default.
    const other = await buildOrderingRestaurant(t);
    for (const bad of [other.menu.stationId, '01900000-0000-7000-8000-000000000000']) {
      res = await setDefault(r, bad);
      expect(res.statusCode, res.body).toBe(404);
    }
    expect((await settingsOf(r)).defaultStationId).toBeNull();

    res = await setDefault(r, k.grill);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().settings.defaultStationId).toBe(k.grill);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('restaurant_id', '=', r.restaurant.id)
      .where('action', '=', 'restaurant.settings_changed')
      .execute();
    expect(audit.map((a) => JSON.parse(a.data))).toContainEqual({ defaultStationId: { from: null, to: k.grill } });

    // Null and omitted both mean "the default station"; the admin API says so with stationId: null.
    res = await createItem(r, { name: 'Soup', stationId: null });
    expect(res.statusCode, res.body).toBe(201);
    const soup = res.json<{ item: MenuItem }>().item;
    res = await createItem(r, { name: 'Salad' });
    expect(res.statusCode, res.body).toBe(201);
    const salad = res.json<{ item: MenuItem }>().item;
    expect([soup.stationId, salad.stationId]).toEqual([null, null]);
    const row = await stored(soup.id);
    expect([row.station_id, Boolean(row.station_default)]).toEqual([k.grill, true]);

    expect(await stationOfOrdered(soup)).toBe(k.grill);

    // The default moves to the Bar: every item following it moves in the same change, explicit ones stay.
    res = await setDefault(r, k.bar);
    expect(res.statusCode, res.body).toBe(200);
    expect((await stored(soup.id)).station_id).toBe(k.bar);
    expect((await stored(salad.id)).station_id).toBe(k.bar);
    expect((await stored(r.menu.burger.id)).station_id).toBe(k.grill);
    const listed = (await r.admin('GET', '/api/v1/admin/items')).json<{ items: MenuItem[] }>().items;
    const stationOf = (id: string) => listed.find((i) => i.id === id)!.stationId;
    expect([stationOf(soup.id), stationOf(salad.id), stationOf(r.menu.burger.id)]).toEqual([null, null, k.grill]);
    expect(await stationOfOrdered(soup)).toBe(k.bar);

    // An item given a station of its own stops following; one set to null starts.
    res = await r.admin('PATCH', `/api/v1/admin/items/${salad.id}`, { stationId: k.grill });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().item.stationId).toBe(k.grill);
    res = await r.admin('PATCH', `/api/v1/admin/items/${r.menu.fries.id}`, { stationId: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().item.stationId).toBeNull();
    expect((await stored(r.menu.fries.id)).station_id).toBe(k.bar);
    expect(await stationOfOrdered(r.menu.fries)).toBe(k.bar);
    expect(await stationOfOrdered(salad)).toBe(k.grill);

    // The guest menu never shows stations.
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    expect((await guests[0]!.call('GET', '/api/v1/guest/menu')).body).not.toMatch(/station/i);

    // The default station is in use: it cannot be deleted, nor the default removed while items follow it.
    res = await r.admin('DELETE', `/api/v1/admin/stations/${k.bar}`);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toMatch(/default station/);
    res = await setDefault(r, null);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toMatch(/2 menu items follow the default station/);
    expect((await settingsOf(r)).defaultStationId).toBe(k.bar);
  });

  it('can be removed while no item follows it, and then frees its station', async () => {
    const o = await buildOrderingRestaurant(t);
    const spare = await o.admin('POST', '/api/v1/admin/stations', { name: 'Spare' });
    const spareId = spare.json<{ station: { id: string } }>().station.id;
    expect((await setDefault(o, spareId)).statusCode).toBe(200);
    const res = await setDefault(o, null);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().settings.defaultStationId).toBeNull();
    expect((await o.admin('DELETE', `/api/v1/admin/stations/${spareId}`)).statusCode).toBe(204);
  });
});
