import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let b: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  b = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });

describe('audit log', () => {
  it("lists only the restaurant's own entries, newest first, with filters and cursor paging", async () => {
    const all = (await get('/api/v1/audit?limit=500', a.cookies.MANAGER)).json();
    expect(all.entries.length).toBeGreaterThanOrEqual(6);
    expect(
      all.entries.every((e: { id: string }, i: number, xs: Array<{ id: string }>) => i === 0 || xs[i - 1]!.id > e.id),
    ).toBe(true);
    const bIds = new Set(
      (await get('/api/v1/audit?limit=500', b.cookies.ADMIN)).json().entries.map((e: { id: string }) => e.id),
    );
    expect(all.entries.some((e: { id: string }) => bIds.has(e.id))).toBe(false);

    const logins = (await get('/api/v1/audit?action=staff.login', a.cookies.MANAGER)).json().entries;
    expect(logins).toHaveLength(5);
    const mine = (await get(`/api/v1/audit?actor=${a.ids.CHEF}`, a.cookies.MANAGER)).json().entries;
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['staff.login']);

    const page1 = (await get('/api/v1/audit?limit=2', a.cookies.MANAGER)).json();
    expect(page1.entries).toHaveLength(2);
    const page2 = (await get(`/api/v1/audit?limit=2&cursor=${page1.next}`, a.cookies.MANAGER)).json();
    expect(page2.entries[0].id < page1.entries[1].id).toBe(true);
    expect(all.entries.slice(0, 4).map((e: { id: string }) => e.id)).toEqual(
      [...page1.entries, ...page2.entries].map((e) => e.id),
    );

    const future = (
      await get(`/api/v1/audit?from=${new Date(Date.now() + 60_000).toISOString()}`, a.cookies.MANAGER)
    ).json();
    expect(future.entries).toEqual([]);
    expect(future.next).toBeNull();
  });

  it('exports CSV with a header row, escaping formula-like cells', async () => {
    const res = await get('/api/v1/audit?format=csv&action=staff.login', a.cookies.ADMIN);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('id,at,actorType,actorId,actorLabel,action,entityType,entityId,data,ip,userAgent');
    expect(lines).toHaveLength(6);
  });

  it('rejects bad filters with 400', async () => {
    for (const q of ['from=yesterday', 'limit=0', 'limit=9999', 'format=xml', 'unknown=1']) {
      const res = await get(`/api/v1/audit?${q}`, a.cookies.ADMIN);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('is append-only in the database itself', async () => {
    await expect(t.ctx.db.updateTable('audit_log').set({ action: 'tampered' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});
