import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import {
  type BuiltMenu,
  buildMenu,
  type Client,
  client,
  expectFieldError,
  expectProblem,
  multipart,
  PNG_BYTES,
  snapshotMenu,
} from './support/menu-helpers.ts';

let t: TestApp;
let admin: Client;
let m: BuiltMenu;

beforeAll(async () => {
  t = await createTestApp();
  const r = await buildRestaurantWithStaff(t.app, t.ctx);
  admin = client(t.app, r.cookies.ADMIN);
  m = await buildMenu(admin);
});
afterAll(() => t.close());

const LONG_ID = 'x'.repeat(65);

/** [method, path, body, the field the 400 must name] — at least one case for every admin menu route. */
function cases(): [string, string, unknown, string][] {
  const station = `/stations/${m.station.id}`;
  const category = `/categories/${m.category.id}`;
  const item = `/items/${m.item.id}`;
  const group = `/modifier-groups/${m.group.id}`;
  const option = `/modifier-options/${m.options[0]!.id}`;
  const newItem = { categoryId: m.category.id, stationId: m.station.id, name: 'Soup', priceCents: 500 };
  return [
    // stations
    ['GET', '/stations?foo=1', undefined, 'querystring.foo'],
    ['POST', '/stations', { name: 'Bar', colour: 'red' }, 'body.colour'],
    ['POST', '/stations', { name: 42 }, 'body.name'],
    ['POST', '/stations', { name: '   ' }, 'body.name'],
    ['POST', '/stations', { name: 'n'.repeat(81) }, 'body.name'],
    ['POST', '/stations', { name: 'Bar', position: -1 }, 'body.position'],
    ['POST', '/stations', {}, 'body.name'],
    ['GET', `/stations/${LONG_ID}`, undefined, 'params.id'],
    ['PATCH', station, { position: 10_001 }, 'body.position'],
    ['PATCH', station, { position: 1.5 }, 'body.position'],
    ['PATCH', station, { name: 'Grill', id: 'other' }, 'body.id'],
    ['DELETE', `${station}?force=true`, undefined, 'querystring.force'],
    // categories
    ['GET', '/categories?sort=name', undefined, 'querystring.sort'],
    ['POST', '/categories', { name: 'Soups', translations: { english: { name: 'Soups' } } }, 'body.translations'],
    ['POST', '/categories', { name: 'Soups', translations: { fr: { title: 'Soupes' } } }, 'body.translations.fr'],
    ['POST', '/categories', ['Soups'], 'body'],
    ['GET', `/categories/${LONG_ID}`, undefined, 'params.id'],
    ['PATCH', category, { position: '3' }, 'body.position'],
    ['PATCH', category, { name: null }, 'body.name'],
    ['DELETE', `${category}?cascade=1`, undefined, 'querystring.cascade'],
    // items
    ['GET', '/items?categoryId=', undefined, 'querystring.categoryId'],
    ['GET', '/items?page=2', undefined, 'querystring.page'],
    ['POST', '/items', { ...newItem, priceCents: -1 }, 'body.priceCents'],
    ['POST', '/items', { ...newItem, priceCents: 9.99 }, 'body.priceCents'],
    ['POST', '/items', { ...newItem, priceCents: '500' }, 'body.priceCents'],
    ['POST', '/items', { ...newItem, priceCents: 100_000_001 }, 'body.priceCents'],
    ['POST', '/items', { ...newItem, allergens: ['PEANUT'] }, 'body.allergens'],
    ['POST', '/items', { ...newItem, tags: ['NEW', 'NEW'] }, 'body.tags'],
    ['POST', '/items', { ...newItem, description: 'd'.repeat(501) }, 'body.description'],
    ['POST', '/items', { ...newItem, available: 'yes' }, 'body.available'],
    ['POST', '/items', { ...newItem, imageUrl: 'http://evil' }, 'body.imageUrl'],
    ['POST', '/items', { name: 'Soup', priceCents: 500 }, 'body.categoryId'],
    ['GET', `/items/${LONG_ID}`, undefined, 'params.id'],
    ['PATCH', item, { priceCents: -5 }, 'body.priceCents'],
    ['PATCH', item, { position: 10_001 }, 'body.position'],
    ['PATCH', item, { restaurantId: 'other' }, 'body.restaurantId'],
    ['PATCH', item, { stationId: '' }, 'body.stationId'],
    ['DELETE', `${item}?hard=1`, undefined, 'querystring.hard'],
    ['POST', `${item}/availability`, {}, 'body.available'],
    ['POST', `${item}/availability`, { available: 'no' }, 'body.available'],
    ['POST', `${item}/availability`, { available: false, reason: 'out' }, 'body.reason'],
    ['PUT', `${item}/photo?x=1`, undefined, 'querystring.x'],
    ['DELETE', `${item}/photo?x=1`, undefined, 'querystring.x'],
    // modifier groups
    ['POST', `${item}/modifier-groups`, { name: 'Sauce', minSelections: 2, maxSelections: 1 }, 'body.minSelections'],
    ['POST', `${item}/modifier-groups`, { name: 'Sauce', maxSelections: 0 }, 'body.maxSelections'],
    ['POST', `${item}/modifier-groups`, { name: 'Sauce', maxSelections: 51 }, 'body.maxSelections'],
    ['POST', `${item}/modifier-groups`, { name: 'Sauce', minSelections: -1 }, 'body.minSelections'],
    ['POST', `${item}/modifier-groups`, { name: 'Sauce', required: true }, 'body.required'],
    ['PATCH', group, { minSelections: 5, maxSelections: 2 }, 'body.minSelections'],
    ['PATCH', group, { minSelections: 2 }, 'body.minSelections'], // the stored max is 1
    ['PATCH', group, { maxSelections: 'many' }, 'body.maxSelections'],
    ['DELETE', `${group}?x=1`, undefined, 'querystring.x'],
    // modifier options
    ['POST', `${group}/options`, { name: 'Medium', priceDeltaCents: 0.5 }, 'body.priceDeltaCents'],
    ['POST', `${group}/options`, { name: 'Medium', priceDeltaCents: -100_000_001 }, 'body.priceDeltaCents'],
    ['POST', `${group}/options`, { priceDeltaCents: 100 }, 'body.name'],
    ['POST', `${group}/options`, { name: 'Medium', groupId: m.group.id }, 'body.groupId'],
    ['PATCH', option, { available: 1 }, 'body.available'],
    ['PATCH', option, { position: -1 }, 'body.position'],
    ['PATCH', option, { name: 'Blue', price: 5 }, 'body.price'],
    ['DELETE', `${option}?x=1`, undefined, 'querystring.x'],
    ['POST', `${option}/availability`, { available: null }, 'body.available'],
  ];
}

async function auditCount(): Promise<number> {
  const row = await t.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('bad input on the admin menu API', () => {
  it('answers 400 VALIDATION_FAILED naming the field, for every route, and changes nothing', async () => {
    const before = await snapshotMenu(admin);
    const audits = await auditCount();
    const routes = new Set<string>();
    for (const [method, path, body, field] of cases()) {
      const res = await admin(method as 'POST', path, body);
      expectFieldError(res, field);
      routes.add(`${method} ${path.split('?')[0]!.replace(/\/[0-9a-f-]{36}|\/x{65}/g, '/:id')}`);
    }
    // 25 routes: stations 5, categories 5, items 8 (with availability and photo), groups 3, options 4.
    expect(routes.size).toBe(25);
    expect(await snapshotMenu(admin)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('answers 400 to malformed JSON and 415 to a photo that is not multipart', async () => {
    const before = await snapshotMenu(admin);
    const broken = await admin('POST', '/stations', '{"name":', { 'content-type': 'application/json' });
    expectProblem(broken, 400, 'VALIDATION_FAILED');
    const json = await admin('PUT', `/items/${m.item.id}/photo`, { photo: 'data:image/png;base64,AAAA' });
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const wrongField = multipart([{ name: 'image', filename: 'a.png', contentType: 'image/png', data: PNG_BYTES }]);
    expectFieldError(
      await admin('PUT', `/items/${m.item.id}/photo`, wrongField.payload, wrongField.headers),
      'body.photo',
    );
    const noFile = multipart([], { photo: 'not a file' });
    expectFieldError(await admin('PUT', `/items/${m.item.id}/photo`, noFile.payload, noFile.headers), 'body.photo');
    expect(await snapshotMenu(admin)).toEqual(before);
  });

  it('authorises before validating: a MANAGER gets 403 even for a bad body', async () => {
    const r = await buildRestaurantWithStaff(t.app, t.ctx);
    const manager = client(t.app, r.cookies.MANAGER);
    expectProblem(await manager('POST', '/stations', { name: 42, junk: true }), 403, 'FORBIDDEN');
    expectProblem(await manager('PATCH', `/items/${m.item.id}`, { priceCents: -1 }), 403, 'FORBIDDEN');
  });
});
