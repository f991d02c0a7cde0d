// Every admin tables route refuses malformed input with 400 VALIDATION_FAILED and changes nothing.
import type { Problem } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { TABLES, tablesApi, uniqueName } from './support/table-helpers.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(async () => {
  await t?.close();
});

const { createTable, listTables, auditRows } = tablesApi(() => t);

describe('bad input', () => {
  const tooLongId = 'x'.repeat(65);

  async function expectInvalid(
    request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown },
    path: string,
  ): Promise<void> {
    const { method, url, payload } = request;
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie: a.cookies.ADMIN },
      ...(payload !== undefined && { payload: payload as object }),
    });
    const label = `${method} ${url} ${JSON.stringify(payload)}`;
    expect(res.statusCode, `${label} → ${res.body}`).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<Problem>();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(
      problem.errors?.map((e) => e.path),
      label,
    ).toContain(path);
  }

  /** The restaurant's tables and audit log, to prove a refused request changed neither. */
  async function snapshot() {
    return { tables: await listTables(a.cookies.ADMIN), audit: (await auditRows(a.restaurant.id)).length };
  }

  it('refuses bad bodies on POST /admin/tables', async () => {
    const before = await snapshot();
    const bodies: Array<[unknown, string]> = [
      [{ name: 'Unknown field', colour: 'red' }, 'body.colour'],
      [{ seats: 4 }, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: '    ' }, 'body.name'],
      [{ name: 'x'.repeat(41) }, 'body.name'],
      [{ name: 42 }, 'body.name'],
      [{ name: 'Zero', seats: 0 }, 'body.seats'],
      [{ name: 'Too many', seats: 101 }, 'body.seats'],
      [{ name: 'Fraction', seats: 2.5 }, 'body.seats'],
      [{ name: 'String seats', seats: '4' }, 'body.seats'],
      [{ name: 'Long area', area: 'a'.repeat(41) }, 'body.area'],
      [{ name: 'Null area', area: null }, 'body.area'],
      [['Table 1'], 'body'],
    ];
    for (const [payload, path] of bodies) await expectInvalid({ method: 'POST', url: TABLES, payload }, path);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad bodies and ids on PATCH /admin/tables/:id', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Patchable') });
    const before = await snapshot();
    const url = `${TABLES}/${table.id}`;
    const bodies: Array<[unknown, string]> = [
      [{ name: 'Renamed', qrToken: 'mine' }, 'body.qrToken'],
      [{ name: '' }, 'body.name'],
      [{ name: 'x'.repeat(41) }, 'body.name'],
      [{ name: null }, 'body.name'],
      [{ seats: 0 }, 'body.seats'],
      [{ seats: 101 }, 'body.seats'],
      [{ seats: '6' }, 'body.seats'],
      [{ area: 'a'.repeat(41) }, 'body.area'],
      [{ area: 7 }, 'body.area'],
    ];
    for (const [payload, path] of bodies) await expectInvalid({ method: 'PATCH', url, payload }, path);
    await expectInvalid({ method: 'PATCH', url: `${TABLES}/${tooLongId}`, payload: { seats: 2 } }, 'params.id');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad ids on DELETE, rotate-token, GET and qr.svg', async () => {
    await createTable(a.cookies.ADMIN, { name: uniqueName('Kept') });
    const before = await snapshot();
    await expectInvalid({ method: 'DELETE', url: `${TABLES}/${tooLongId}` }, 'params.id');
    await expectInvalid({ method: 'POST', url: `${TABLES}/${tooLongId}/rotate-token` }, 'params.id');
    await expectInvalid({ method: 'GET', url: `${TABLES}/${tooLongId}` }, 'params.id');
    await expectInvalid({ method: 'GET', url: `${TABLES}/${tooLongId}/qr.svg` }, 'params.id');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown or malformed query parameters on the list and qr.pdf', async () => {
    const before = await snapshot();
    await expectInvalid({ method: 'GET', url: `${TABLES}?sort=name` }, 'querystring.sort');
    await expectInvalid({ method: 'GET', url: `${TABLES}/qr.pdf?format=letter` }, 'querystring.format');
    await expectInvalid({ method: 'GET', url: `${TABLES}/qr.pdf?ids=` }, 'querystring.ids');
    await expectInvalid({ method: 'GET', url: `${TABLES}/qr.pdf?ids=,,` }, 'querystring.ids');
    await expectInvalid({ method: 'GET', url: `${TABLES}/qr.pdf?ids=${tooLongId}` }, 'querystring.ids.0');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for a well-formed unknown id', async () => {
    for (const [method, url] of [
      ['GET', `${TABLES}/no-such-table`],
      ['PATCH', `${TABLES}/no-such-table`],
      ['DELETE', `${TABLES}/no-such-table`],
      ['POST', `${TABLES}/no-such-table/rotate-token`],
      ['GET', `${TABLES}/no-such-table/qr.svg`],
      ['GET', `${TABLES}/qr.pdf?ids=no-such-table`],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: { cookie: a.cookies.ADMIN },
        ...(method === 'PATCH' && { payload: { seats: 2 } }),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
  });
});
