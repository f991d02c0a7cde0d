import type { AdminTable, Problem } from '@plato/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { TABLES, tablesApi, uniqueName } from './support/table-helpers.ts';
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

const { createTable, listTables, auditRows } = tablesApi(() => t);

describe('admin tables CRUD', () => {
  it('creates, reads, updates and deletes a table', async () => {
    const created = await createTable(a.cookies.ADMIN, { name: '  Patio 1 ', seats: 6, area: 'Terrace' });
    expect(created).toMatchObject({ name: 'Patio 1', seats: 6, area: 'Terrace' });
    expect(created.qrToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.qrUrl).toBe(`http://plato.test/t/${created.qrToken}`);
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    const got = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/${created.id}`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ table: created });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${TABLES}/${created.id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: { name: 'Patio 1A', seats: 8 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toEqual({ table: { ...created, name: 'Patio 1A', seats: 8 } });

    const emptyPatch = await t.app.inject({
      method: 'PATCH',
      url: `${TABLES}/${created.id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: {},
    });
    expect(emptyPatch.statusCode).toBe(200);
    expect(emptyPatch.json()).toEqual(patched.json());

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `${TABLES}/${created.id}`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    const gone = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/${created.id}`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<Problem>().code).toBe('NOT_FOUND');
    const again = await t.app.inject({
      method: 'DELETE',
      url: `${TABLES}/${created.id}`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(again.statusCode).toBe(404);
  });

  it('applies defaults for seats and area', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Default') });
    expect(table).toMatchObject({ seats: 4, area: '' });
  });

  it('lists tables in natural name order', async () => {
    const { cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    for (const name of ['Table 10', 'Table 2', 'table 3', 'Bar 3', 'Table 1', 'Table 21'])
      await createTable(cookies.ADMIN, { name });
    expect((await listTables(cookies.ADMIN)).map((x) => x.name)).toEqual([
      'Bar 3',
      'Table 1',
      'Table 2',
      'table 3',
      'Table 10',
      'Table 21',
    ]);
  });

  it('answers 409 CONFLICT for a name the restaurant already uses, on create and on rename', async () => {
    const name = uniqueName('Dup');
    const first = await createTable(a.cookies.ADMIN, { name });
    const other = await createTable(a.cookies.ADMIN, { name: uniqueName('Other') });
    const before = await listTables(a.cookies.ADMIN);

    const dup = await t.app.inject({
      method: 'POST',
      url: TABLES,
      headers: { cookie: a.cookies.ADMIN },
      payload: { name: ` ${name} ` },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.headers['content-type']).toContain('application/problem+json');
    expect(dup.json<Problem>().code).toBe('CONFLICT');

    const rename = await t.app.inject({
      method: 'PATCH',
      url: `${TABLES}/${other.id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: { name },
    });
    expect(rename.statusCode).toBe(409);
    expect(rename.json<Problem>().code).toBe('CONFLICT');
    expect(await listTables(a.cookies.ADMIN)).toEqual(before);

    // Renaming a table to its own name is no conflict; another restaurant may use the name too.
    const same = await t.app.inject({
      method: 'PATCH',
      url: `${TABLES}/${first.id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: { name },
    });
    expect(same.statusCode).toBe(200);
    await createTable(b.cookies.ADMIN, { name });
  });

  it('answers 409 CONFLICT when something still refers to the table it deletes', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Referenced') });
    // Stands in for the table sessions a later issue adds.
    await sql`create table test_table_refs (id text primary key, table_id text not null references dining_tables(id))`.execute(
      t.ctx.db,
    );
    try {
      await sql`insert into test_table_refs (id, table_id) values ('ref-1', ${table.id})`.execute(t.ctx.db);
      const res = await t.app.inject({
        method: 'DELETE',
        url: `${TABLES}/${table.id}`,
        headers: { cookie: a.cookies.ADMIN },
      });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<Problem>().code).toBe('CONFLICT');
      const still = await t.app.inject({
        method: 'GET',
        url: `${TABLES}/${table.id}`,
        headers: { cookie: a.cookies.ADMIN },
      });
      expect(still.json()).toEqual({ table });
      const audit = await auditRows(a.restaurant.id);
      expect(audit.filter((r) => r.action === 'table.deleted' && r.entity_id === table.id)).toHaveLength(0);
    } finally {
      await sql`drop table test_table_refs`.execute(t.ctx.db);
    }
  });
});

describe('token rotation and audit', () => {
  it('rotates the token and records who did it, without the tokens', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Rotating') });
    const res = await t.app.inject({
      method: 'POST',
      url: `${TABLES}/${table.id}/rotate-token`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rotated = res.json<{ table: AdminTable }>().table;
    expect(rotated.qrToken).not.toBe(table.qrToken);
    expect(rotated.qrToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(rotated).toEqual({ ...table, qrToken: rotated.qrToken, qrUrl: `http://plato.test/t/${rotated.qrToken}` });
    const got = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/${table.id}`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(got.json()).toEqual({ table: rotated });

    const rows = (await auditRows(a.restaurant.id)).filter((r) => r.entity_id === table.id);
    expect(rows.map((r) => r.action)).toEqual(['table.created', 'table.token.rotated']);
    const rotation = rows[1]!;
    expect(rotation).toMatchObject({ actor_type: 'STAFF', actor_id: a.ids.ADMIN, entity_type: 'table' });
    expect(JSON.parse(rotation.data)).toEqual({ name: table.name });
    for (const row of rows) {
      expect(row.data).not.toContain(table.qrToken);
      expect(row.data).not.toContain(rotated.qrToken);
    }
  });

  it('audits creation, updates and deletion', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Audited'), seats: 2 });
    await t.app.inject({
      method: 'PATCH',
      url: `${TABLES}/${table.id}`,
      headers: { cookie: a.cookies.ADMIN },
      payload: { seats: 3 },
    });
    await t.app.inject({ method: 'DELETE', url: `${TABLES}/${table.id}`, headers: { cookie: a.cookies.ADMIN } });
    const rows = (await auditRows(a.restaurant.id)).filter((r) => r.entity_id === table.id);
    expect(rows.map((r) => [r.action, JSON.parse(r.data)])).toEqual([
      ['table.created', { name: table.name, seats: 2, area: '' }],
      ['table.updated', { name: table.name, changes: { seats: 3 } }],
      ['table.deleted', { name: table.name }],
    ]);
    expect(rows.every((r) => r.actor_id === a.ids.ADMIN)).toBe(true);
  });
});

describe('roles', () => {
  it('lets a MANAGER read but not write', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Managed') });
    const cookie = a.cookies.MANAGER;
    expect((await t.app.inject({ method: 'GET', url: TABLES, headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${TABLES}/${table.id}`, headers: { cookie } })).statusCode).toBe(
      200,
    );
    expect(
      (await t.app.inject({ method: 'GET', url: `${TABLES}/${table.id}/qr.svg`, headers: { cookie } })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${TABLES}/qr.pdf`, headers: { cookie } })).statusCode).toBe(200);

    const auditBefore = (await auditRows(a.restaurant.id)).length;
    const writes = [
      { method: 'POST' as const, url: TABLES, payload: { name: uniqueName('Nope') } },
      { method: 'PATCH' as const, url: `${TABLES}/${table.id}`, payload: { name: 'Renamed' } },
      { method: 'DELETE' as const, url: `${TABLES}/${table.id}` },
      { method: 'POST' as const, url: `${TABLES}/${table.id}/rotate-token` },
    ];
    for (const w of writes) {
      const res = await t.app.inject({ ...w, headers: { cookie } });
      expect(res.statusCode, `${w.method} ${w.url}`).toBe(403);
      expect(res.json<Problem>().code).toBe('FORBIDDEN');
    }
    const after = await t.app.inject({ method: 'GET', url: `${TABLES}/${table.id}`, headers: { cookie } });
    expect(after.json()).toEqual({ table });
    expect((await auditRows(a.restaurant.id)).length).toBe(auditBefore);
  });

  it('refuses other roles and anonymous callers', async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Private') });
    for (const url of [TABLES, `${TABLES}/${table.id}`, `${TABLES}/${table.id}/qr.svg`, `${TABLES}/qr.pdf`]) {
      for (const role of ['WAITER', 'CHEF', 'CASHIER'] as const) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: a.cookies[role] } });
        expect(res.statusCode, `${role} ${url}`).toBe(403);
      }
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json<Problem>().code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('restaurant isolation', () => {
  it("answers 404 for another restaurant's table ids and changes nothing", async () => {
    const table = await createTable(a.cookies.ADMIN, { name: uniqueName('Ours') });
    const cookie = b.cookies.ADMIN;
    const attempts = [
      { method: 'GET' as const, url: `${TABLES}/${table.id}` },
      { method: 'PATCH' as const, url: `${TABLES}/${table.id}`, payload: { name: 'Theirs now', seats: 99 } },
      { method: 'DELETE' as const, url: `${TABLES}/${table.id}` },
      { method: 'POST' as const, url: `${TABLES}/${table.id}/rotate-token` },
      { method: 'GET' as const, url: `${TABLES}/${table.id}/qr.svg` },
      { method: 'GET' as const, url: `${TABLES}/qr.pdf?ids=${table.id}` },
    ];
    for (const attempt of attempts) {
      const res = await t.app.inject({ ...attempt, headers: { cookie } });
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.json<Problem>().code).toBe('NOT_FOUND');
    }
    const mine = await t.app.inject({
      method: 'GET',
      url: `${TABLES}/${table.id}`,
      headers: { cookie: a.cookies.ADMIN },
    });
    expect(mine.json()).toEqual({ table });
    expect((await listTables(cookie)).map((x) => x.id)).not.toContain(table.id);
    expect((await auditRows(b.restaurant.id)).filter((r) => r.entity_id === table.id)).toHaveLength(0);
  });
});
