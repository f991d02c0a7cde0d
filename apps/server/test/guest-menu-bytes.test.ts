import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { GuestMenuResponse } from '@plato/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  buildOrderingRestaurant,
  burgerLine,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/**
 * The guest menu is served from bytes built once per menu version: these
 * tests prove the bytes are the contract's menu in every encoding, that a
 * phone's copy revalidates for a 304, and that any change to the menu —
 * through the API or straight in the database, as another instance would
 * make it — reaches the very next read.
 */
let t: TestApp;
let r: OrderingRestaurant;
let guest: SeatedGuest;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  guest = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
});
afterAll(() => t?.close());

const read = (headers: Record<string, string> = {}) => guest.call('GET', '/api/v1/guest/menu', undefined, headers);

function decoded(res: Awaited<ReturnType<typeof read>>): GuestMenuResponse {
  const raw = res.rawPayload;
  const encoding = res.headers['content-encoding'];
  const bytes = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
  return GuestMenuResponse.parse(JSON.parse(bytes.toString('utf8')));
}

const item = (menu: GuestMenuResponse, id: string) => menu.categories.flatMap((c) => c.items).find((i) => i.id === id)!;

describe('GET /guest/menu from ready bytes', () => {
  it('sends the same menu as JSON, gzip or brotli by Accept-Encoding, each with its own strong ETag', async () => {
    const plain = await read({ 'accept-encoding': 'identity' });
    const gz = await read({ 'accept-encoding': 'gzip, deflate' });
    const br = await read({ 'accept-encoding': 'gzip, deflate, br' });
    expect([plain.statusCode, gz.statusCode, br.statusCode]).toEqual([200, 200, 200]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(decoded(gz)).toEqual(decoded(plain));
    expect(decoded(br)).toEqual(decoded(plain));
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);

    const tags = [plain, gz, br].map((res) => res.headers.etag as string);
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]+"$/); // strong: no W/
    expect(new Set(tags).size).toBe(3);
    for (const res of [plain, gz, br]) {
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers.vary).toBe('Accept-Language, Accept-Encoding');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('answers 304 with no body to the ETag of any encoding of the current menu, and 200 to another', async () => {
    const br = await read({ 'accept-encoding': 'br' });
    const plain = await read();
    for (const tag of [br.headers.etag, plain.headers.etag, `W/${plain.headers.etag}`, `"x", ${br.headers.etag}`]) {
      const res = await read({ 'accept-encoding': 'br', 'if-none-match': String(tag) });
      expect(res.statusCode, String(tag)).toBe(304);
      expect(res.rawPayload.length).toBe(0);
      expect(res.headers.etag).toBe(br.headers.etag);
    }
    expect((await read({ 'if-none-match': '"not-this-menu"' })).statusCode).toBe(200);
  });

  it("shows an item 86'd through the API on the next read, with a new ETag", async () => {
    const before = await read();
    expect(item(decoded(before), r.menu.fries.id).available).toBe(true);
    const res = await r.admin('POST', `/api/v1/admin/items/${r.menu.fries.id}/availability`, { available: false });
    expect(res.statusCode, res.body).toBe(200);

    const stale = await read({ 'if-none-match': String(before.headers.etag) });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers.etag).not.toBe(before.headers.etag);
    expect(item(decoded(stale), r.menu.fries.id).available).toBe(false);
  });

  it('shows changes written straight to the database (as another instance would), categories included', async () => {
    const before = await read();
    // Another process changes the rows: nothing in this one hears of it but the version the triggers bump.
    await sql`update categories set name = ${'Main courses'} where id = ${r.menu.mains.id}`.execute(t.ctx.db);
    const renamed = await read({ 'if-none-match': String(before.headers.etag) });
    expect(renamed.statusCode).toBe(200);
    expect(decoded(renamed).categories.map((c) => c.name)).toContain('Main courses');

    await sql`update modifier_options set name = ${'Blue'} where id = ${r.menu.rare.id}`.execute(t.ctx.db);
    const burger = item(decoded(await read({ 'if-none-match': String(renamed.headers.etag) })), r.menu.burger.id);
    expect(burger.modifierGroups[0]!.options.map((o) => o.name)).toContain('Blue');
  });

  it('keeps one copy per locale: each language its own bytes and ETag', async () => {
    const en = await read({ 'accept-language': 'en' });
    const fr = await read({ 'accept-language': 'fr-CH, fr;q=0.9' });
    expect(decoded(fr).locale).toBe('fr');
    expect(decoded(en).locale).toBe('en');
    expect(fr.headers.etag).not.toBe(en.headers.etag);
    // A French copy does not answer 304 for an English one.
    expect((await read({ 'accept-language': 'en', 'if-none-match': String(fr.headers.etag) })).statusCode).toBe(200);
    expect((await read({ 'accept-language': 'fr', 'if-none-match': String(fr.headers.etag) })).statusCode).toBe(304);
  });

  it("changes its bytes when the restaurant's currency or locale changes, although the menu did not", async () => {
    const before = await read();
    const res = await r.admin('PATCH', '/api/v1/admin/settings', { currency: 'CHF' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await read({ 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(decoded(after).currency).toBe('CHF');

    // The restaurant's own locale is the menu's fallback language: changed in the database, it shows too.
    await sql`update restaurants set locale = ${'fr'} where id = ${r.restaurant.id}`.execute(t.ctx.db);
    const french = await read({ 'accept-language': 'de', 'if-none-match': String(after.headers.etag) });
    expect(french.statusCode).toBe(200);
    expect(decoded(french).locale).toBe('fr');
    expect(decoded(french).categories[0]!.name).toBe('Plats');
  });
});

describe('GET /public/tables/:qrToken revalidation', () => {
  it('carries an ETag of its answer and answers 304 until the answer changes', async () => {
    const table = await t.ctx.db
      .selectFrom('dining_tables')
      .select(['id', 'qr_token'])
      .where('restaurant_id', '=', r.restaurant.id)
      .executeTakeFirstOrThrow();
    const url = `/api/v1/public/tables/${table.qr_token}`;
    const first = await t.app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    const tag = String(first.headers.etag);
    expect(tag).toMatch(/^"/);
    const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': tag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    await sql`update dining_tables set name = ${'Terrace 9'} where id = ${table.id}`.execute(t.ctx.db);
    const renamed = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': tag } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<{ table: { name: string } }>().table.name).toBe('Terrace 9');
  });
});

describe('compression of JSON answers', () => {
  it('compresses a large answer by Accept-Encoding, and leaves small hot ones (a cart) as they are', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(doc.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(doc.rawPayload).toString('utf8'))).toHaveProperty('openapi');
    const gz = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const none = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(none.headers['content-encoding']).toBeUndefined();

    const cart = await guest.call('GET', '/api/v1/guest/cart', undefined, { 'accept-encoding': 'gzip, deflate, br' });
    expect(cart.statusCode).toBe(200);
    expect(cart.rawPayload.length).toBeLessThan(1024);
    expect(cart.headers['content-encoding']).toBeUndefined();
    // The guest's hot writes answer as they are even past the threshold: a cart change and the order.
    const noted = { ...burgerLine(r.menu), note: 'Well done after all, no onions, sauce on the side please' };
    let added;
    for (let i = 0; i < 3; i++) {
      added = await guest.call('POST', '/api/v1/guest/cart/lines', noted, { 'accept-encoding': 'br' });
      expect(added.statusCode, added.body).toBe(200);
    }
    expect(added!.rawPayload.length).toBeGreaterThan(1024);
    expect(added!.headers['content-encoding']).toBeUndefined();
    const order = await guest.call('POST', '/api/v1/guest/orders', undefined, {
      'accept-encoding': 'br',
      'idempotency-key': 'compression-order-1',
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(order.rawPayload.length).toBeGreaterThan(1024);
    expect(order.headers['content-encoding']).toBeUndefined();
  });

  it('does not take compressed request bodies: a gzip body is refused with a 4xx and changes nothing', async () => {
    const before = (await guest.call('GET', '/api/v1/guest/cart')).json<{ version: number }>();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guest/cart/lines',
      headers: { cookie: guest.cookie, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ menuItemId: r.menu.lemonade.id, quantity: 1 })),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await guest.call('GET', '/api/v1/guest/cart')).json<{ version: number }>().version).toBe(before.version);
  });
});
