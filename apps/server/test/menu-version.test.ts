import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../src/db/ids.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let r: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
beforeAll(async () => {
  t = await createTestApp();
  r = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t.close());

const version = async (restaurantId = r.restaurant.id) =>
  (
    await t.ctx.db
      .selectFrom('restaurants')
      .select('menu_version')
      .where('id', '=', restaurantId)
      .executeTakeFirstOrThrow()
  ).menu_version;

async function admin(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: { cookie: r.cookies.ADMIN }, ...(payload && { payload }) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.statusCode === 204 ? undefined : res.json();
}

// Servers price orders from a cached menu checked against this version, so every kind of menu change must bump it.
describe('menu version', () => {
  it('goes up with every change to items, modifier groups and options, of this restaurant only', async () => {
    const other = await buildRestaurantWithStaff(t.app, t.ctx);
    const { station } = await admin('POST', '/api/v1/admin/stations', { name: 'Kitchen' });
    const { category } = await admin('POST', '/api/v1/admin/categories', { name: 'Mains' });
    const steps: Array<() => Promise<unknown>> = [];
    let itemId = '';
    let groupId = '';
    let optionId = '';
    steps.push(async () => {
      itemId = (
        await admin('POST', '/api/v1/admin/items', {
          categoryId: category.id,
          stationId: station.id,
          name: 'Soup',
          priceCents: 500,
        })
      ).item.id;
    });
    steps.push(() => admin('PATCH', `/api/v1/admin/items/${itemId}`, { priceCents: 550 }));
    steps.push(() => admin('POST', `/api/v1/admin/items/${itemId}/availability`, { available: false }));
    steps.push(async () => {
      groupId = (
        await admin('POST', `/api/v1/admin/items/${itemId}/modifier-groups`, {
          name: 'Size',
          minSelections: 1,
          maxSelections: 1,
        })
      ).modifierGroup.id;
    });
    steps.push(async () => {
      optionId = (
        await admin('POST', `/api/v1/admin/modifier-groups/${groupId}/options`, { name: 'Large', priceDeltaCents: 100 })
      ).modifierOption.id;
    });
    steps.push(() => admin('PATCH', `/api/v1/admin/modifier-options/${optionId}`, { priceDeltaCents: 150 }));
    steps.push(() => admin('POST', `/api/v1/admin/modifier-options/${optionId}/availability`, { available: false }));
    steps.push(() => admin('DELETE', `/api/v1/admin/modifier-options/${optionId}`));
    steps.push(() => admin('DELETE', `/api/v1/admin/modifier-groups/${groupId}`));
    steps.push(() => admin('DELETE', `/api/v1/admin/items/${itemId}`));
    const untouched = await version(other.restaurant.id);
    for (const step of steps) {
      const before = await version();
      await step();
      expect(await version()).toBeGreaterThan(before);
    }
    expect(await version(other.restaurant.id)).toBe(untouched);
  });

  it('goes up by one for each row written by plain SQL, outside the app, to items, modifier groups and options', async () => {
    const other = await buildRestaurantWithStaff(t.app, t.ctx);
    const { station } = await admin('POST', '/api/v1/admin/stations', { name: 'Bar' });
    const { category } = await admin('POST', '/api/v1/admin/categories', { name: 'Drinks' });
    const restaurantId = r.restaurant.id;
    const [itemId, groupId, optionId] = [newId(), newId(), newId()];
    const at = nowIso();
    const statements = [
      sql`insert into menu_items (id, restaurant_id, category_id, station_id, name, description, price_cents,
            image_path, allergens, tags, available, position, translations, created_at, updated_at)
          values (${itemId}, ${restaurantId}, ${category.id}, ${station.id}, 'Tea', '', 300,
            null, '[]', '[]', true, 0, '{}', ${at}, ${at})`,
      sql`update menu_items set price_cents = 350 where id = ${itemId}`,
      sql`insert into modifier_groups (id, restaurant_id, item_id, name, min_selections, max_selections, position)
          values (${groupId}, ${restaurantId}, ${itemId}, 'Milk', 0, 1, 0)`,
      sql`update modifier_groups set name = 'Milks' where id = ${groupId}`,
      sql`insert into modifier_options (id, restaurant_id, group_id, name, price_delta_cents, available, position)
          values (${optionId}, ${restaurantId}, ${groupId}, 'Oat', 50, true, 0)`,
      sql`update modifier_options set price_delta_cents = 60 where id = ${optionId}`,
      sql`delete from modifier_options where id = ${optionId}`,
      sql`delete from modifier_groups where id = ${groupId}`,
      sql`delete from menu_items where id = ${itemId}`,
    ];
    const untouched = await version(other.restaurant.id);
    for (const statement of statements) {
      const before = await version();
      const { numAffectedRows } = await statement.execute(t.ctx.db);
      expect(numAffectedRows).toBe(1n);
      expect(await version(), statement.compile(t.ctx.db).sql).toBe(before + 1);
    }
    expect(await version(other.restaurant.id)).toBe(untouched);
  });
});
