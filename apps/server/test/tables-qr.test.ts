import type { AdminTable } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { drawnBadly, holdsWords, readPdf, sameLetters } from './support/pdf-read.ts';
import { decodeQrSvg } from './support/qr-decode.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let b: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  b = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(async () => {
  await t?.close();
});

const TABLES = '/api/v1/admin/tables';

async function createTable(cookie: string, name: string): Promise<AdminTable> {
  const res = await t.app.inject({ method: 'POST', url: TABLES, headers: { cookie }, payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ table: AdminTable }>().table;
}

describe('GET /admin/tables/:id/qr.svg', () => {
  it("is an SVG that scans to the table's URL, and follows a rotation", async () => {
    const table = await createTable(a.cookies.ADMIN, 'Window 4');
    const res = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/${table.id}/qr.svg`,
      headers: { cookie: a.cookies.MANAGER },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(decodeQrSvg(res.body)).toBe(table.qrUrl);

    const rotated = await t.app.inject({
      method: 'POST',
      url: `${TABLES}/${table.id}/rotate-token`,
      headers: { cookie: a.cookies.ADMIN },
    });
    const { qrUrl } = rotated.json<{ table: AdminTable }>().table;
    const after = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/${table.id}/qr.svg`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(decodeQrSvg(after.body)).toBe(qrUrl);
    expect(qrUrl).not.toBe(table.qrUrl);
  });
});

describe('GET /admin/tables/qr.pdf', () => {
  it('prints one card per table, six to an A4 page, with vector QR codes', async () => {
    const { restaurant, cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    const tables: AdminTable[] = [];
    for (const n of [8, 3, 1, 7, 5, 2, 6, 4]) tables.push(await createTable(cookies.ADMIN, `Table ${n}`));

    const res = await t.app.inject({ method: 'GET', url: `${TABLES}/qr.pdf`, headers: { cookie: cookies.MANAGER } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${restaurant.slug}-table-cards.pdf"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pages = await readPdf(res.rawPayload);
    expect(pages).toHaveLength(Math.ceil(tables.length / 6));
    const texts = pages.flatMap((p) => p.texts);
    for (const table of tables) {
      expect(
        texts.filter((s) => s === table.name),
        table.name,
      ).toHaveLength(1);
      expect(
        texts.filter((s) => s === table.qrUrl),
        table.qrUrl,
      ).toHaveLength(1);
    }
    expect(texts.filter((s) => s === 'Scan to order')).toHaveLength(tables.length);
    expect(texts.filter((s) => s === restaurant.name)).toHaveLength(tables.length);
    // Natural order: the first page holds Table 1–6, the second Table 7 and 8.
    expect(pages[0]!.texts.filter((s) => /^Table \d$/.test(s))).toEqual([
      'Table 1',
      'Table 2',
      'Table 3',
      'Table 4',
      'Table 5',
      'Table 6',
    ]);
    expect(pages[1]!.texts.filter((s) => /^Table \d$/.test(s))).toEqual(['Table 7', 'Table 8']);
    expect(pages.some((p) => p.hasImages)).toBe(false);
  });

  it('prints only the tables named in ?ids', async () => {
    const { cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    const [one, two, three] = [
      await createTable(cookies.ADMIN, 'Booth 1'),
      await createTable(cookies.ADMIN, 'Booth 2'),
      await createTable(cookies.ADMIN, 'Booth 3'),
    ];
    const res = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/qr.pdf?ids=${three!.id},${one!.id},${three!.id}`,
      headers: { cookie: cookies.ADMIN },
    });
    expect(res.statusCode).toBe(200);
    const texts = (await readPdf(res.rawPayload)).flatMap((p) => p.texts);
    expect(texts.filter((s) => s.startsWith('Booth'))).toEqual(['Booth 1', 'Booth 3']);
    expect(texts).not.toContain(two!.qrUrl);
  });

  it("never includes another restaurant's tables", async () => {
    const ours = await createTable(a.cookies.ADMIN, 'Ours 1');
    const theirs = await createTable(b.cookies.ADMIN, 'Theirs 1');
    const res = await t.app.inject({ method: 'GET', url: `${TABLES}/qr.pdf`, headers: { cookie: b.cookies.ADMIN } });
    expect(res.statusCode).toBe(200);
    const pages = await readPdf(res.rawPayload);
    const text = pages.flatMap((p) => p.texts).join('\n');
    expect(text).toContain(theirs.qrUrl);
    expect(text).not.toContain(ours.name);
    expect(text).not.toContain(ours.qrToken);
    expect(text).not.toContain(a.restaurant.name);
  });

  it('prints names in Devanagari, Cyrillic and Greek as text, not "?"', async () => {
    const { cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    const names = ['खिड़की 4', 'Окно 5', 'Τραπέζι 6', 'Łódź 7'];
    for (const name of names) await createTable(cookies.ADMIN, name);
    const res = await t.app.inject({ method: 'GET', url: `${TABLES}/qr.pdf`, headers: { cookie: cookies.ADMIN } });
    expect(res.statusCode).toBe(200);
    const texts = (await readPdf(res.rawPayload)).flatMap((p) => p.texts);
    expect(drawnBadly(texts.join(''))).toBe(false);
    for (const name of names) expect(holdsWords(texts.join(''), name), `${name} in ${texts.join(' | ')}`).toBe(true);
    // Not merely the letters somewhere: the Hindi name is one run of glyphs, in the order it is drawn.
    expect(texts.some((s) => sameLetters(s, 'खिड़की'))).toBe(true);
  });

  it('prints a single explanatory page when there are no tables', async () => {
    const { cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    const res = await t.app.inject({ method: 'GET', url: `${TABLES}/qr.pdf`, headers: { cookie: cookies.ADMIN } });
    expect(res.statusCode).toBe(200);
    const pages = await readPdf(res.rawPayload);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.texts).toEqual(['No tables to print yet.']);
  });
});
