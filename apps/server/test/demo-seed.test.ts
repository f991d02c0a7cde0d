import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/modules/demo/demo.data.ts';
import { seedDemoIfEmpty } from '../src/modules/demo/demo.seed.ts';
import { login } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemoIfEmpty(t.ctx)).toBe(true);
});
afterAll(() => t.close());

describe('demo seed', () => {
  it('signs in every demo role with the demo password', async () => {
    for (const s of DEMO.staff) {
      const cookie = await login(t.app, 'demo', s.email, DEMO.password);
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
      expect(me.json().staff.role).toBe(s.role);
    }
  });

  it('has 12 tables with QR tokens, 3 stations, 5 categories and about 30 items with photos, allergens and modifiers', async () => {
    const cookie = await login(t.app, 'demo', 'admin@demo.plato', DEMO.password);
    const get = (url: string) => t.app.inject({ url, headers: { cookie } }).then((r) => r.json());
    const { tables } = await get('/api/v1/admin/tables');
    expect(tables).toHaveLength(12);
    expect(new Set(tables.map((x: { qrToken: string }) => x.qrToken)).size).toBe(12);
    expect((await get('/api/v1/admin/stations')).stations.map((s: { name: string }) => s.name)).toEqual([
      'Kitchen',
      'Grill',
      'Bar',
    ]);
    expect((await get('/api/v1/admin/categories')).categories).toHaveLength(5);
    const { items } = await get('/api/v1/admin/items');
    expect(items.length).toBeGreaterThanOrEqual(28);
    expect(items.every((i: { imageUrl: string | null }) => i.imageUrl?.startsWith('/media/'))).toBe(true);
    expect(items.filter((i: { allergens: string[] }) => i.allergens.length > 0).length).toBeGreaterThan(20);
    const groups = items.flatMap((i: { modifierGroups: Array<{ minSelections: number }> }) => i.modifierGroups);
    expect(groups.some((g: { minSelections: number }) => g.minSelections >= 1)).toBe(true);
    expect(groups.some((g: { minSelections: number }) => g.minSelections === 0)).toBe(true);
    const photo = await t.app.inject({ url: items[0].imageUrl });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toContain('image/svg+xml');
    const settings = (await get('/api/v1/admin/settings')).settings;
    expect(settings.orderApproval).toBe(false);
    // The Kitchen is the default station, and the Kitchen's dishes follow it; Grill and Bar items name theirs.
    const stations: Array<{ id: string; name: string }> = (await get('/api/v1/admin/stations')).stations;
    expect(settings.defaultStationId).toBe(stations.find((s) => s.name === DEMO.defaultStation)!.id);
    const kitchenDishes = DEMO.categories.flatMap((c) => c.items).filter((i) => i.station === DEMO.defaultStation);
    const byName = new Map(items.map((i: { name: string; stationId: string | null }) => [i.name, i.stationId]));
    expect(kitchenDishes.length).toBeGreaterThan(0);
    expect(kitchenDishes.map((i) => byName.get(i.name))).toEqual(kitchenDishes.map(() => null));
    expect([...byName.values()].filter((id) => id !== null).length).toBe(items.length - kitchenDishes.length);
  });

  it('never seeds twice, nor in production', async () => {
    expect(await seedDemoIfEmpty(t.ctx)).toBe(false);
    const prod = await createTestApp({ NODE_ENV: 'production' });
    try {
      expect(await seedDemoIfEmpty(prod.ctx)).toBe(false);
      expect(await prod.ctx.db.selectFrom('restaurants').selectAll().execute()).toEqual([]);
    } finally {
      await prod.close();
    }
  });
});
