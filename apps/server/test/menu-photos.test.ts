import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, type MenuItem } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import {
  type BuiltMenu,
  buildMenu,
  type Client,
  client,
  expectProblem,
  JPEG_BYTES,
  json,
  multipart,
  PNG_BYTES,
  WEBP_BYTES,
} from './support/menu-helpers.ts';

let t: TestApp;
let admin: Client;
let restaurantId: string;
let m: BuiltMenu;

beforeAll(async () => {
  t = await createTestApp();
  const r = await buildRestaurantWithStaff(t.app, t.ctx);
  restaurantId = r.restaurant.id;
  admin = client(t.app, r.cookies.ADMIN);
  m = await buildMenu(admin);
});
afterAll(() => t.close());

const mediaDir = () => join(t.ctx.config.dataDir, 'media', restaurantId);
const fileOf = (imageUrl: string) => join(t.ctx.config.dataDir, imageUrl);
const upload = (itemId: string, data: Buffer, contentType = 'image/png', filename = 'photo.png') => {
  const body = multipart([{ name: 'photo', filename, contentType, data }]);
  return admin('PUT', `/items/${itemId}/photo`, body.payload, body.headers);
};

describe('item photos', () => {
  it('stores a PNG, answers the item with its imageUrl, and serves it with immutable caching', async () => {
    const res = await upload(m.item.id, PNG_BYTES);
    expect(res.statusCode, res.body).toBe(200);
    const item = json<{ item: MenuItem }>(res).item;
    expect(item.imageUrl).toMatch(new RegExp(`^/media/${restaurantId}/[0-9a-f-]{36}\\.png$`));
    expect(item.modifierGroups).toHaveLength(1);
    expect(json<{ item: MenuItem }>(await admin('GET', `/items/${m.item.id}`)).item.imageUrl).toBe(item.imageUrl);

    const served = await t.app.inject({ method: 'GET', url: item.imageUrl! });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG_BYTES)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toContain('immutable');

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('entity_id', '=', m.item.id)
      .where('action', '=', 'menu.item.photo_changed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('replaces the photo under a new name and removes the old file', async () => {
    const first = json<{ item: MenuItem }>(await upload(m.item.id, PNG_BYTES)).item;
    // The client's mimetype and file name are ignored: the bytes say JPEG.
    const second = await upload(m.item.id, JPEG_BYTES, 'application/octet-stream', 'photo.bin');
    expect(second.statusCode, second.body).toBe(200);
    const item = json<{ item: MenuItem }>(second).item;
    expect(item.imageUrl).toMatch(/\.jpg$/);
    expect(item.imageUrl).not.toBe(first.imageUrl);
    expect(existsSync(fileOf(first.imageUrl!))).toBe(false);
    expect(existsSync(fileOf(item.imageUrl!))).toBe(true);

    const webp = json<{ item: MenuItem }>(await upload(m.item.id, WEBP_BYTES, 'image/webp', 'p.webp')).item;
    expect(webp.imageUrl).toMatch(/\.webp$/);
    expect(readdirSync(mediaDir())).toEqual([webp.imageUrl!.split('/').pop()]);
  });

  it('answers 415 to anything that is not JPEG, PNG or WebP, whatever it claims to be', async () => {
    const before = json<{ item: MenuItem }>(await admin('GET', `/items/${m.item.id}`)).item;
    const files = readdirSync(mediaDir());
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    for (const data of [gif, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.alloc(0)]) {
      expectProblem(await upload(m.item.id, data, 'image/png', 'fake.png'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(json<{ item: MenuItem }>(await admin('GET', `/items/${m.item.id}`)).item).toEqual(before);
    expect(readdirSync(mediaDir())).toEqual(files);
  });

  it('answers 413 to a photo over the size limit and keeps the current one', async () => {
    const before = json<{ item: MenuItem }>(await admin('GET', `/items/${m.item.id}`)).item;
    const huge = Buffer.concat([PNG_BYTES, Buffer.alloc(LIMITS.photoMaxBytes, 0)]);
    expectProblem(await upload(m.item.id, huge), 413, 'PAYLOAD_TOO_LARGE');
    expect(json<{ item: MenuItem }>(await admin('GET', `/items/${m.item.id}`)).item).toEqual(before);
    expect(readdirSync(mediaDir())).toHaveLength(1);
  });

  it('answers 404 for an unknown item, without storing the file', async () => {
    const files = readdirSync(mediaDir());
    expectProblem(await upload('no-such-item', PNG_BYTES), 404, 'NOT_FOUND');
    expect(readdirSync(mediaDir())).toEqual(files);
  });

  it('removes the photo (row and file), and deleting the item removes its file too', async () => {
    const item = json<{ item: MenuItem }>(await upload(m.item.id, PNG_BYTES)).item;
    const removed = await admin('DELETE', `/items/${m.item.id}/photo`);
    expect(removed.statusCode).toBe(204);
    expect(json<{ item: MenuItem }>(await admin('GET', `/items/${m.item.id}`)).item.imageUrl).toBeNull();
    expect(existsSync(fileOf(item.imageUrl!))).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: item.imageUrl! })).statusCode).toBe(404);
    expect((await admin('DELETE', `/items/${m.item.id}/photo`)).statusCode).toBe(204);

    const again = json<{ item: MenuItem }>(await upload(m.item.id, PNG_BYTES)).item;
    expect((await admin('DELETE', `/items/${m.item.id}`)).statusCode).toBe(204);
    expect(existsSync(fileOf(again.imageUrl!))).toBe(false);
    expectProblem(await admin('DELETE', `/items/${m.item.id}/photo`), 404, 'NOT_FOUND');
  });
});
