import type { GuestMenuResponse } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedTable,
  buildOrderingRestaurant,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let table: SeatedTable;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  table = await seatTable(t, r, 'FAMILY', 1);
});
afterAll(() => t?.close());

const menu = async (url = '/api/v1/guest/menu', headers: Record<string, string> = {}) => {
  const res = await table.guests[0]!.call('GET', url, undefined, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<GuestMenuResponse>();
};

describe('GET /guest/menu', () => {
  it('lists non-empty categories in position order with items, groups (min/max), options, allergens and tags', async () => {
    const body = await menu();
    expect(body.locale).toBe('en');
    expect(body.currency).toBe('EUR');
    // Desserts has no items, so guests never see it.
    expect(body.categories.map((c) => c.name)).toEqual(['Mains', 'Drinks']);
    const [mains, drinks] = body.categories;
    expect(mains!.items.map((i) => i.name)).toEqual(['Burger', 'Fries']);
    expect(drinks!.items.map((i) => i.id)).toEqual([r.menu.lemonade.id]);
    const burger = mains!.items[0]!;
    expect(burger).toMatchObject({
      id: r.menu.burger.id,
      priceCents: 1450,
      allergens: ['GLUTEN', 'MILK'],
      tags: ['POPULAR'],
      available: true,
    });
    expect(burger).not.toHaveProperty('imageUrl');
    expect(burger.modifierGroups).toEqual([
      {
        id: r.menu.cooking.id,
        name: 'Cooking',
        min: 1,
        max: 1,
        options: [
          { id: r.menu.rare.id, name: 'Rare', priceDeltaCents: 0, available: true },
          { id: r.menu.wellDone.id, name: 'Well done', priceDeltaCents: 50, available: true },
        ],
      },
      {
        id: r.menu.extras.id,
        name: 'Extras',
        min: 0,
        max: 2,
        options: [
          { id: r.menu.bacon.id, name: 'Bacon', priceDeltaCents: 200, available: true },
          { id: r.menu.cheese.id, name: 'Cheese', priceDeltaCents: 100, available: true },
          { id: r.menu.egg.id, name: 'Egg', priceDeltaCents: 80, available: true },
        ],
      },
    ]);
    expect(mains!.items[1]).toMatchObject({
      name: 'Fries',
      description: 'Hand-cut',
      tags: ['VEGAN'],
      modifierGroups: [],
    });
  });

  it("keeps 86'd items and options in the menu as sold out, and shows a photo's URL", async () => {
    const other = await buildOrderingRestaurant(t);
    const guest = (await seatTable(t, other, 'FAMILY', 1)).guests[0]!;
    expect(
      (await other.admin('POST', `/api/v1/admin/items/${other.menu.fries.id}/availability`, { available: false }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await other.admin('POST', `/api/v1/admin/modifier-options/${other.menu.egg.id}/availability`, {
          available: false,
        })
      ).statusCode,
    ).toBe(200);
    await t.ctx.db
      .updateTable('menu_items')
      .set({ image_path: 'items/lemonade.png' })
      .where('id', '=', other.menu.lemonade.id)
      .execute();

    const body = (await guest.call('GET', '/api/v1/guest/menu')).json<GuestMenuResponse>();
    const items = body.categories.flatMap((c) => c.items);
    expect(items.find((i) => i.id === other.menu.fries.id)!.available).toBe(false);
    const extras = items.find((i) => i.id === other.menu.burger.id)!.modifierGroups[1]!;
    expect(extras.options.find((o) => o.id === other.menu.egg.id)!.available).toBe(false);
    expect(items.find((i) => i.id === other.menu.lemonade.id)!.imageUrl).toBe('/media/items/lemonade.png');
  });

  it("shows only the guest's own restaurant's menu", async () => {
    const body = await menu();
    const ids = body.categories.flatMap((c) => c.items.map((i) => i.id));
    expect(ids.sort()).toEqual([r.menu.burger.id, r.menu.fries.id, r.menu.lemonade.id].sort());
  });
});

describe('the guest locale', () => {
  it('translates what has a translation and falls back to the base text per field', async () => {
    const body = await menu('/api/v1/guest/menu?locale=fr');
    expect(body.locale).toBe('fr');
    expect(body.categories.map((c) => c.name)).toEqual(['Plats', 'Drinks']);
    const [burger, fries] = body.categories[0]!.items;
    expect(fries).toMatchObject({ name: 'Frites', description: 'Coupées main' });
    expect(burger!.name).toBe('Burger');
  });

  it('takes the first Accept-Language match by weight, matching regions to languages', async () => {
    expect((await menu(undefined, { 'accept-language': 'de-DE,fr-CA;q=0.8,en;q=0.5' })).locale).toBe('fr');
    expect((await menu(undefined, { 'accept-language': 'en;q=0.4, fr;q=0.9' })).locale).toBe('fr');
    expect((await menu(undefined, { 'accept-language': 'fr;q=0' })).locale).toBe('en');
    expect((await menu(undefined, { 'accept-language': 'de, *' })).locale).toBe('en');
    expect((await menu(undefined, { 'accept-language': ';;,,q=x' })).locale).toBe('en');
  });

  it('lets ?locale= outrank Accept-Language, and answers the restaurant locale when nothing matches', async () => {
    expect((await menu('/api/v1/guest/menu?locale=en', { 'accept-language': 'fr' })).locale).toBe('en');
    const de = await menu('/api/v1/guest/menu?locale=de', { 'accept-language': 'fr' });
    expect(de.locale).toBe('en');
    expect(de.categories[0]!.name).toBe('Mains');
    expect((await menu('/api/v1/guest/menu?locale=FR-fr')).categories[0]!.name).toBe('Plats');
  });

  it('refuses bad query parameters with 400', async () => {
    const guest = table.guests[0]!;
    expectProblem(await guest.call('GET', `/api/v1/guest/menu?locale=${'x'.repeat(21)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await guest.call('GET', '/api/v1/guest/menu?page=2'), 400, 'VALIDATION_FAILED');
  });

  it('needs a guest cookie', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/guest/menu' }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.app.inject({ url: '/api/v1/guest/menu', headers: { cookie: r.cookies.ADMIN } }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('GET /menu (a waiter ordering for a table)', () => {
  const staffMenu = (cookie: string, url = '/api/v1/menu', headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { cookie, ...headers } });

  it("answers the guests' menu in the asked locale, with its ETag, to the floor's roles only", async () => {
    const asGuest = await menu('/api/v1/guest/menu?locale=fr');
    for (const role of ['WAITER', 'MANAGER', 'ADMIN'] as const) {
      const res = await staffMenu(r.cookies[role], '/api/v1/menu?locale=fr');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<GuestMenuResponse>()).toEqual(asGuest);
      const again = await staffMenu(r.cookies[role], '/api/v1/menu?locale=fr', { 'if-none-match': res.headers.etag! });
      expect(again.statusCode).toBe(304);
    }
    for (const role of ['CHEF', 'CASHIER'] as const) expectProblem(await staffMenu(r.cookies[role]), 403, 'FORBIDDEN');
    expectProblem(await t.app.inject({ url: '/api/v1/menu' }), 401, 'UNAUTHENTICATED');
    expectProblem(await staffMenu(r.cookies.WAITER, '/api/v1/menu?page=2'), 400, 'VALIDATION_FAILED');
  });

  it("follows the menu at once (an item 86'd), and shows only the waiter's own restaurant's", async () => {
    const other = await buildOrderingRestaurant(t);
    const before = (await staffMenu(other.cookies.WAITER)).json<GuestMenuResponse>();
    const ids = before.categories.flatMap((c) => c.items.map((i) => i.id));
    expect(ids.sort()).toEqual([other.menu.burger.id, other.menu.fries.id, other.menu.lemonade.id].sort());
    const off = await other.admin('POST', `/api/v1/admin/items/${other.menu.fries.id}/availability`, {
      available: false,
    });
    expect(off.statusCode).toBe(200);
    const after = (await staffMenu(other.cookies.WAITER)).json<GuestMenuResponse>();
    expect(after.categories.flatMap((c) => c.items).find((i) => i.id === other.menu.fries.id)!.available).toBe(false);
  });
});
