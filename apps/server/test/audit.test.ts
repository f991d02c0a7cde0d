import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../src/modules/audit/audit.repository.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { buildTable, joinAs, openSession } from './support/session-factories.ts';
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

const CSV_HEADER = 'id,at,actorType,actorId,actorLabel,action,entityType,entityId,data,ip,userAgent';

/** RFC 4180 records: a quoted field may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

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
    const about = (await get(`/api/v1/audit?entityType=staff&limit=500`, a.cookies.MANAGER)).json().entries;
    expect(about.length).toBeGreaterThan(0);
    expect(about.every((e: { entityType: string }) => e.entityType === 'staff')).toBe(true);
    expect(about.length).toBeLessThan(all.entries.length);

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

  it('exports CSV with a header row and one row per matching entry', async () => {
    const res = await get('/api/v1/audit?format=csv&action=staff.login', a.cookies.ADMIN);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(res.body);
    expect(rows[0]!.join(',')).toBe(CSV_HEADER);
    expect(rows.slice(1).map((r) => r[5])).toEqual(Array(5).fill('staff.login'));
  });

  it('prefixes with a quote every exported cell a spreadsheet would run as a formula', async () => {
    const c = await buildRestaurantWithStaff(t.app, t.ctx);
    // Text from requests: a staff name, a sign-in's user agent and email, a guest's name.
    const staffName = '=HYPERLINK("http://evil.test","click")';
    const userAgent = "@SUM(1+1)*cmd|' /C calc'!A0";
    const email = '-2+3@evil.test';
    const guestName = '+1+1';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/staff',
      headers: { cookie: c.cookies.ADMIN },
      payload: { name: staffName, email: 'formula@staff.test', password: 'long-enough-pw', role: 'WAITER' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const signIn = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { restaurant: c.restaurant.slug, ...body },
        headers: { 'user-agent': userAgent },
        remoteAddress: '10.77.0.1',
      });
    expect((await signIn({ email: 'formula@staff.test', password: 'long-enough-pw' })).statusCode).toBe(200);
    expect((await signIn({ email, password: 'long-enough-pw' })).statusCode).toBe(401);
    const table = await buildTable(t.ctx, c.restaurant.id);
    const { pin } = await openSession(t.app, c.cookies.WAITER, table.id);
    const guest = await joinAs(t.app, table.qrToken, pin, guestName);
    // No request text can start a cell with a tab or a carriage return (one-line text refuses them, HTTP trims
    // header values), so an entry written by the app's own audit writer carries them.
    await recordAudit(t.ctx.db, {
      restaurantId: c.restaurant.id,
      actor: { type: 'SYSTEM', label: '\t=1+1', userAgent: '\r=1+1' },
      action: 'test.control',
    });

    const res = await get('/api/v1/audit?format=csv', c.cookies.ADMIN);
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = parseCsv(res.body);
    expect(header!.join(',')).toBe(CSV_HEADER);
    const entries = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
    const staffId = created.json<{ staff: { id: string } }>().staff.id;
    const only = (pick: (e: Record<string, string | undefined>) => boolean) => {
      const found = entries.filter(pick);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    expect(only((e) => e.action === 'staff.login' && e.actorId === staffId)).toMatchObject({
      actorLabel: `'${staffName} (WAITER)`,
      userAgent: `'${userAgent}`,
    });
    const failed = only((e) => e.action === 'staff.login.failed');
    expect(failed).toMatchObject({ actorLabel: `'${email}`, userAgent: `'${userAgent}` });
    // A cell that is not formula-like comes out as it was: the JSON still parses.
    expect(JSON.parse(failed.data!)).toEqual({ email, reason: 'unknown-email' });
    expect(only((e) => e.action === 'session.join' && e.actorId === guest.guest.id).actorLabel).toBe(`'${guestName}`);
    expect(only((e) => e.action === 'test.control')).toMatchObject({ actorLabel: "'\t=1+1", userAgent: "'\r=1+1" });
    // And no cell anywhere in the export starts as a formula.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
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
