import type { Category, MenuItem, ModifierGroup, ModifierOption, Station } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMenu } from '../src/modules/menu/menu.service.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { buildMenu, type Client, client, expectProblem, json } from './support/menu-helpers.ts';

let t: TestApp;
let admin: Client;
let restaurantId: string;

beforeAll(async () => {
  t = await createTestApp();
  const r = await buildRestaurantWithStaff(t.app, t.ctx);
  restaurantId = r.restaurant.id;
  admin = client(t.app, r.cookies.ADMIN);
});
afterAll(() => t.close());

const itemOf = async (id: string) => json<{ item: MenuItem }>(await admin('GET', `/items/${id}`)).item;
const auditRows = (entityId: string, action: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('entity_id', '=', entityId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();

describe('menu items', () => {
  it('creates an item with defaults and answers it with nested groups and options', async () => {
    const { item, group, options, category, station } = await buildMenu(admin);
    expect(item).toMatchObject({
      categoryId: category.id,
      stationId: station.id,
      description: 'Beef, cheddar, pickles',
      priceCents: 1450,
      imageUrl: null,
      allergens: ['GLUTEN', 'MILK'],
      tags: ['POPULAR'],
      available: true,
      position: 0,
      translations: {},
      modifierGroups: [],
    });
    expect(new Date(item.updatedAt).toISOString()).toBe(item.updatedAt);

    const read = await itemOf(item.id);
    expect(read.modifierGroups).toEqual([{ ...group, options }]);
    expect(read.modifierGroups[0]!.options.map((o) => [o.name, o.priceDeltaCents, o.available])).toEqual([
      ['Rare', 0, true],
      ['Well done', 50, true],
    ]);
    expect(read.updatedAt >= item.updatedAt).toBe(true);

    const audit = await auditRows(item.id, 'menu.item.created');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ name: item.name, priceCents: 1450 });
  });

  it('lists items by position then name, filtered by category, with groups and options by position', async () => {
    const { category, station } = await buildMenu(admin);
    const make = async (name: string, position?: number) =>
      json<{ item: MenuItem }>(
        await admin('POST', '/items', {
          categoryId: category.id,
          stationId: station.id,
          name,
          priceCents: 500,
          position,
        }),
      ).item;
    await make('Zucchini fries', 0);
    await make('Apple pie', 0);
    const later = await make('Brownie'); // goes last: max position + 1

    const groupA = json<{ modifierGroup: ModifierGroup }>(
      await admin('POST', `/items/${later.id}/modifier-groups`, { name: 'Topping', position: 2, maxSelections: 3 }),
    ).modifierGroup;
    const groupB = json<{ modifierGroup: ModifierGroup }>(
      await admin('POST', `/items/${later.id}/modifier-groups`, { name: 'Size', position: 1, minSelections: 1 }),
    ).modifierGroup;
    expect(groupA).toMatchObject({ itemId: later.id, minSelections: 0, maxSelections: 3, options: [] });
    for (const [name, position] of [
      ['Cream', 3],
      ['Ice cream', 1],
      ['Nuts', 2],
    ] as const) {
      await admin('POST', `/modifier-groups/${groupA.id}/options`, { name, position, priceDeltaCents: 100 });
    }

    const res = await admin('GET', `/items?categoryId=${category.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = json<{ items: MenuItem[] }>(res).items;
    expect(items.map((i) => i.name)).toEqual([
      'Apple pie',
      expect.stringMatching(/^Burger/),
      'Zucchini fries',
      'Brownie',
    ]);
    expect(items.every((i) => i.categoryId === category.id)).toBe(true);
    const brownie = items.find((i) => i.id === later.id)!;
    expect(brownie.position).toBe(1);
    expect(brownie.modifierGroups.map((g) => g.id)).toEqual([groupB.id, groupA.id]);
    expect(brownie.modifierGroups[1]!.options.map((o) => o.name)).toEqual(['Ice cream', 'Nuts', 'Cream']);

    const all = json<{ items: MenuItem[] }>(await admin('GET', '/items')).items;
    expect(all.length).toBeGreaterThan(items.length);
    expectProblem(await admin('GET', '/items?categoryId=no-such-category'), 404, 'NOT_FOUND');
  });

  it('updates an item, and audits a price change with from and to', async () => {
    const { item, category: other } = await buildMenu(admin);
    const res = await admin('PATCH', `/items/${item.id}`, {
      priceCents: 1650,
      name: 'Cheeseburger',
      categoryId: other.id,
      tags: ['NEW', 'SPICY'],
      translations: { fr: { name: 'Cheeseburger', description: 'Bœuf' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const updated = json<{ item: MenuItem }>(res).item;
    expect(updated).toMatchObject({ priceCents: 1650, name: 'Cheeseburger', tags: ['NEW', 'SPICY'] });
    expect(updated.modifierGroups).toHaveLength(1);
    expect(await itemOf(item.id)).toEqual(updated);

    const priceRows = await auditRows(item.id, 'menu.item.price_changed');
    expect(priceRows).toHaveLength(1);
    expect(JSON.parse(priceRows[0]!.data)).toEqual({ from: 1450, to: 1650 });
    expect(priceRows[0]!.actor_type).toBe('STAFF');
    const updatedRows = await auditRows(item.id, 'menu.item.updated');
    expect(JSON.parse(updatedRows[0]!.data).to).toMatchObject({ name: 'Cheeseburger' });

    // The same price again is no change, so no second record.
    await admin('PATCH', `/items/${item.id}`, { priceCents: 1650 });
    expect(await auditRows(item.id, 'menu.item.price_changed')).toHaveLength(1);
  });

  it('answers 404 naming the category or station of another restaurant or of nobody', async () => {
    const { item, category, station } = await buildMenu(admin);
    const foreign = await buildRestaurantWithStaff(t.app, t.ctx);
    const theirs = await buildMenu(client(t.app, foreign.cookies.ADMIN));

    const base = { categoryId: category.id, stationId: station.id, name: 'Soup', priceCents: 700 };
    const badCategory = expectProblem(
      await admin('POST', '/items', { ...base, categoryId: theirs.category.id }),
      404,
      'NOT_FOUND',
    );
    expect(badCategory.detail).toMatch(/^Category/);
    const badStation = expectProblem(await admin('POST', '/items', { ...base, stationId: 'nope' }), 404, 'NOT_FOUND');
    expect(badStation.detail).toMatch(/^Station/);
    expectProblem(await admin('PATCH', `/items/${item.id}`, { stationId: theirs.station.id }), 404, 'NOT_FOUND');
    expect((await itemOf(item.id)).stationId).toBe(station.id);
  });

  it('toggles availability of items and options, with an audit record', async () => {
    const { item, options } = await buildMenu(admin);
    const off = await admin('POST', `/items/${item.id}/availability`, { available: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(json<{ item: MenuItem }>(off).item.available).toBe(false);
    expect((await itemOf(item.id)).available).toBe(false);
    const rows = await auditRows(item.id, 'menu.item.availability_changed');
    expect(JSON.parse(rows[0]!.data)).toEqual({ from: true, to: false });

    const optionOff = await admin('POST', `/modifier-options/${options[1]!.id}/availability`, { available: false });
    expect(optionOff.statusCode, optionOff.body).toBe(200);
    expect(json<{ modifierOption: ModifierOption }>(optionOff).modifierOption).toEqual({
      ...options[1],
      available: false,
    });
    const read = await itemOf(item.id);
    expect(read.modifierGroups[0]!.options.map((o) => o.available)).toEqual([true, false]);
    expect(await auditRows(options[1]!.id, 'menu.modifier_option.availability_changed')).toHaveLength(1);
  });

  it('changes and deletes modifier groups and options; min ≤ max holds on the merged group', async () => {
    const { item, group, options } = await buildMenu(admin);
    const patched = await admin('PATCH', `/modifier-groups/${group.id}`, { name: 'Doneness', maxSelections: 2 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<{ modifierGroup: ModifierGroup }>(patched).modifierGroup).toMatchObject({
      name: 'Doneness',
      minSelections: 1,
      maxSelections: 2,
      options,
    });

    // min 3 alone is valid, but not against the stored max of 2.
    const merged = expectProblem(
      await admin('PATCH', `/modifier-groups/${group.id}`, { minSelections: 3 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(merged.errors).toEqual([{ path: 'body.minSelections', message: expect.stringContaining('maxSelections') }]);
    expectProblem(await admin('PATCH', `/modifier-groups/${group.id}`, { maxSelections: 0 }), 400, 'VALIDATION_FAILED');

    const optionRes = await admin('PATCH', `/modifier-options/${options[0]!.id}`, {
      name: 'Bleu',
      priceDeltaCents: -100,
    });
    expect(optionRes.statusCode, optionRes.body).toBe(200);
    expect(json<{ modifierOption: ModifierOption }>(optionRes).modifierOption).toMatchObject({
      name: 'Bleu',
      priceDeltaCents: -100,
    });
    const priceRows = await auditRows(options[0]!.id, 'menu.modifier_option.price_changed');
    expect(JSON.parse(priceRows[0]!.data)).toEqual({ from: 0, to: -100 });

    expect((await admin('DELETE', `/modifier-options/${options[1]!.id}`)).statusCode).toBe(204);
    expect((await itemOf(item.id)).modifierGroups[0]!.options.map((o) => o.name)).toEqual(['Bleu']);
    expect((await admin('DELETE', `/modifier-groups/${group.id}`)).statusCode).toBe(204);
    expect((await itemOf(item.id)).modifierGroups).toEqual([]);
    const orphans = await t.ctx.db
      .selectFrom('modifier_options')
      .select('id')
      .where('group_id', '=', group.id)
      .execute();
    expect(orphans).toEqual([]);
  });

  it('deletes an item for good, with its groups and options', async () => {
    const { item, group } = await buildMenu(admin);
    const res = await admin('DELETE', `/items/${item.id}`);
    expect(res.statusCode).toBe(204);
    expectProblem(await admin('GET', `/items/${item.id}`), 404, 'NOT_FOUND');
    expectProblem(await admin('PATCH', `/modifier-groups/${group.id}`, { name: 'x' }), 404, 'NOT_FOUND');
    const left = await t.ctx.db.selectFrom('modifier_groups').select('id').where('item_id', '=', item.id).execute();
    expect(left).toEqual([]);
    expect(await auditRows(item.id, 'menu.item.deleted')).toHaveLength(1);
  });
});

describe('loadMenu (for the guest menu and the seed)', () => {
  it('answers categories in order with their items, groups and options nested', async () => {
    const fresh = await buildRestaurantWithStaff(t.app, t.ctx);
    const call = client(t.app, fresh.cookies.ADMIN);
    const built = await buildMenu(call);
    const empty = json<{ category: Category }>(
      await call('POST', '/categories', { name: 'Empty', position: 0 }),
    ).category;
    const station = json<{ station: Station }>(await call('GET', `/stations/${built.station.id}`)).station;

    const menu = await loadMenu(t.ctx.db, fresh.restaurant.id);
    expect(menu.map((c) => c.id)).toEqual([empty.id, built.category.id]);
    expect(menu[0]!.items).toEqual([]);
    expect(menu[1]!.items).toEqual([await json<{ item: MenuItem }>(await call('GET', `/items/${built.item.id}`)).item]);
    expect(menu[1]!.items[0]!.stationId).toBe(station.id);
    expect(await loadMenu(t.ctx.db, 'no-such-restaurant')).toEqual([]);
  });
});
