import type { MenuItem, ModifierOption } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import {
  type BuiltMenu,
  buildMenu,
  type Client,
  client,
  expectProblem,
  json,
  multipart,
  PNG_BYTES,
  snapshotMenu,
} from './support/menu-helpers.ts';

let t: TestApp;
let cookies: Awaited<ReturnType<typeof buildRestaurantWithStaff>>['cookies'];
let admin: Client;
let menu: BuiltMenu;

beforeAll(async () => {
  t = await createTestApp();
  const r = await buildRestaurantWithStaff(t.app, t.ctx);
  cookies = r.cookies;
  admin = client(t.app, cookies.ADMIN);
  menu = await buildMenu(admin);
});
afterAll(() => t.close());

/** Every write route with a valid body, given restaurant A's menu. */
function writes(m: BuiltMenu): [string, string, unknown][] {
  const photo = multipart([{ name: 'photo', filename: 'a.png', contentType: 'image/png', data: PNG_BYTES }]);
  return [
    ['POST', '/stations', { name: 'New station' }],
    ['PATCH', `/stations/${m.station.id}`, { name: 'Renamed' }],
    ['DELETE', `/stations/${m.station.id}`, undefined],
    ['POST', '/categories', { name: 'New category' }],
    ['PATCH', `/categories/${m.category.id}`, { name: 'Renamed' }],
    ['DELETE', `/categories/${m.category.id}`, undefined],
    ['POST', '/items', { categoryId: m.category.id, stationId: m.station.id, name: 'New', priceCents: 100 }],
    ['PATCH', `/items/${m.item.id}`, { priceCents: 1 }],
    ['DELETE', `/items/${m.item.id}`, undefined],
    ['PUT', `/items/${m.item.id}/photo`, photo],
    ['DELETE', `/items/${m.item.id}/photo`, undefined],
    ['POST', `/items/${m.item.id}/modifier-groups`, { name: 'Sauce' }],
    ['PATCH', `/modifier-groups/${m.group.id}`, { name: 'Renamed' }],
    ['DELETE', `/modifier-groups/${m.group.id}`, undefined],
    ['POST', `/modifier-groups/${m.group.id}/options`, { name: 'Medium' }],
    ['PATCH', `/modifier-options/${m.options[0]!.id}`, { name: 'Renamed' }],
    ['DELETE', `/modifier-options/${m.options[0]!.id}`, undefined],
  ];
}

const reads = (m: BuiltMenu): string[] => [
  '/stations',
  `/stations/${m.station.id}`,
  '/categories',
  `/categories/${m.category.id}`,
  '/items',
  `/items?categoryId=${m.category.id}`,
  `/items/${m.item.id}`,
];

async function send(call: Client, method: string, path: string, body: unknown) {
  const isMultipart = typeof body === 'object' && body !== null && 'payload' in body && 'headers' in body;
  if (isMultipart) {
    const mp = body as ReturnType<typeof multipart>;
    return call(method as 'PUT', path, mp.payload, mp.headers);
  }
  return call(method as 'POST', path, body);
}

describe('roles', () => {
  it('lets a MANAGER read everything', async () => {
    const manager = client(t.app, cookies.MANAGER);
    for (const path of reads(menu)) {
      const res = await manager('GET', path);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    }
  });

  it('lets a MANAGER toggle availability of items and options', async () => {
    const manager = client(t.app, cookies.MANAGER);
    const item = await manager('POST', `/items/${menu.item.id}/availability`, { available: false });
    expect(item.statusCode, item.body).toBe(200);
    expect(json<{ item: MenuItem }>(item).item.available).toBe(false);
    const option = await manager('POST', `/modifier-options/${menu.options[0]!.id}/availability`, { available: false });
    expect(option.statusCode, option.body).toBe(200);
    expect(json<{ modifierOption: ModifierOption }>(option).modifierOption.available).toBe(false);
    await admin('POST', `/items/${menu.item.id}/availability`, { available: true });
    await admin('POST', `/modifier-options/${menu.options[0]!.id}/availability`, { available: true });
  });

  it('answers 403 to a MANAGER on every other write, and changes nothing', async () => {
    const manager = client(t.app, cookies.MANAGER);
    const before = await snapshotMenu(admin);
    for (const [method, path, body] of writes(menu)) {
      expectProblem(await send(manager, method, path, body), 403, 'FORBIDDEN');
    }
    expect(await snapshotMenu(admin)).toEqual(before);
  });

  it('answers 403 to waiters, chefs and cashiers on reads too, and 401 without a cookie', async () => {
    for (const role of ['WAITER', 'CHEF', 'CASHIER'] as const) {
      const call = client(t.app, cookies[role]);
      for (const path of reads(menu)) expectProblem(await call('GET', path), 403, 'FORBIDDEN');
      expectProblem(await call('POST', `/items/${menu.item.id}/availability`, { available: false }), 403, 'FORBIDDEN');
    }
    const anonymous = client(t.app, '');
    expectProblem(await anonymous('GET', '/items'), 401, 'UNAUTHENTICATED');
    expectProblem(await anonymous('POST', '/stations', { name: 'x' }), 401, 'UNAUTHENTICATED');
  });
});

describe('another restaurant', () => {
  it("answers 404 to B's admin for every one of A's ids, and changes nothing of A's", async () => {
    const b = await buildRestaurantWithStaff(t.app, t.ctx);
    const other = client(t.app, b.cookies.ADMIN);
    const otherManager = client(t.app, b.cookies.MANAGER);
    const before = await snapshotMenu(admin);

    for (const path of reads(menu).filter(
      (p) => p.includes(menu.station.id) || p.includes(menu.category.id) || p.includes(menu.item.id),
    )) {
      expectProblem(await other('GET', path), 404, 'NOT_FOUND');
    }
    for (const [method, path, body] of writes(menu).filter(([, p]) => p.split('/').length > 2)) {
      const res = await send(other, method, path, body);
      expectProblem(res, 404, 'NOT_FOUND');
    }
    for (const call of [other, otherManager]) {
      expectProblem(await call('POST', `/items/${menu.item.id}/availability`, { available: false }), 404, 'NOT_FOUND');
      expectProblem(
        await call('POST', `/modifier-options/${menu.options[0]!.id}/availability`, { available: false }),
        404,
        'NOT_FOUND',
      );
    }
    // Referencing A's category or station from B's item is as unknown as a made-up id.
    const theirs = await buildMenu(other);
    const base = { categoryId: theirs.category.id, stationId: theirs.station.id, name: 'Stolen', priceCents: 1 };
    expectProblem(await other('POST', '/items', { ...base, categoryId: menu.category.id }), 404, 'NOT_FOUND');
    expectProblem(await other('POST', '/items', { ...base, stationId: menu.station.id }), 404, 'NOT_FOUND');
    expectProblem(await other('PATCH', `/items/${theirs.item.id}`, { categoryId: menu.category.id }), 404, 'NOT_FOUND');

    // B's lists show only B's menu.
    const lists = await snapshotMenu(other);
    expect(lists.stations.stations.map((s: { id: string }) => s.id)).toEqual([theirs.station.id]);
    expect(lists.items.items.map((i: { id: string }) => i.id)).toEqual([theirs.item.id]);

    expect(await snapshotMenu(admin)).toEqual(before);
  });
});
