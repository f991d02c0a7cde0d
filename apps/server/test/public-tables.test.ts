import type { AdminTable, Problem, PublicTableResponse } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
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

const TABLES = '/api/v1/admin/tables';
const publicUrl = (token: string) => `/api/v1/public/tables/${token}`;

async function createTable(name: string): Promise<AdminTable> {
  const res = await t.app.inject({
    method: 'POST',
    url: TABLES,
    headers: { cookie: a.cookies.ADMIN },
    payload: { name },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ table: AdminTable }>().table;
}

describe('GET /api/v1/public/tables/:qrToken', () => {
  it('tells anyone with the QR code the restaurant and the table, without signing in', async () => {
    const table = await createTable('Garden 1');
    const res = await t.app.inject({ method: 'GET', url: publicUrl(table.qrToken) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.json()).toEqual({
      restaurant: { name: a.restaurant.name, currency: a.restaurant.currency, locale: a.restaurant.locale },
      table: { name: 'Garden 1' },
      pinLength: 4,
      sessionOpen: false,
    } satisfies PublicTableResponse);
  });

  it('answers 404 NOT_FOUND for an unknown token', async () => {
    const res = await t.app.inject({ method: 'GET', url: publicUrl('AAAAAAAAAAAAAAAAAAAAAA') });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.json<Problem>().code).toBe('NOT_FOUND');
  });

  it('stops resolving the old token once rotated, and resolves the new one', async () => {
    const table = await createTable('Garden 2');
    expect((await t.app.inject({ method: 'GET', url: publicUrl(table.qrToken) })).statusCode).toBe(200);

    const rotate = await t.app.inject({
      method: 'POST',
      url: `${TABLES}/${table.id}/rotate-token`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(rotate.statusCode).toBe(200);
    const { qrToken } = rotate.json<{ table: AdminTable }>().table;

    const old = await t.app.inject({ method: 'GET', url: publicUrl(table.qrToken) });
    expect(old.statusCode).toBe(404);
    expect(old.json<Problem>().code).toBe('NOT_FOUND');
    const fresh = await t.app.inject({ method: 'GET', url: publicUrl(qrToken) });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json<PublicTableResponse>().table.name).toBe('Garden 2');
  });

  it('follows renames and stops resolving once the table is deleted', async () => {
    const table = await createTable('Garden 3');
    await t.app.inject({
      method: 'PATCH',
      url: `${TABLES}/${table.id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: { name: 'Orchard 3' },
    });
    const renamed = await t.app.inject({ method: 'GET', url: publicUrl(table.qrToken) });
    expect(renamed.json<PublicTableResponse>().table.name).toBe('Orchard 3');

    await t.app.inject({ method: 'DELETE', url: `${TABLES}/${table.id}`, headers: { cookie: a.cookies.ADMIN } });
    expect((await t.app.inject({ method: 'GET', url: publicUrl(table.qrToken) })).statusCode).toBe(404);
  });

  it('refuses a malformed token with 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({ method: 'GET', url: publicUrl('x'.repeat(65)) });
    expect(res.statusCode).toBe(400);
    const problem = res.json<Problem>();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.path)).toContain('params.qrToken');
  });
});
