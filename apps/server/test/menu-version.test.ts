import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
