import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff, login } from './support/factories.ts';
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

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined && { payload: payload as object }) });

describe('staff accounts', () => {
  it('creates an account that can sign in, and never returns a password hash', async () => {
    const res = await req('POST', '/api/v1/admin/staff', a.cookies.ADMIN, {
      name: 'Nina',
      email: 'Nina@Example.com',
      password: 'long-enough-pw',
      role: 'WAITER',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().staff).toMatchObject({ name: 'Nina', email: 'nina@example.com', role: 'WAITER', active: true });
    expect(res.body).not.toMatch(/password|argon2/i);
    const list = await req('GET', '/api/v1/admin/staff', a.cookies.ADMIN);
    expect(list.body).not.toMatch(/password|argon2/i);
    expect(list.json().staff.map((s: { email: string }) => s.email)).toContain('nina@example.com');
    await expect(login(t.app, a.restaurant.slug, 'nina@example.com', 'long-enough-pw')).resolves.toContain(
      'plato_staff=',
    );
  });

  it('refuses a duplicate email in the same restaurant (409) but allows it in another', async () => {
    const body = { name: 'Dup', email: 'dup@example.com', password: 'long-enough-pw', role: 'CHEF' };
    expect((await req('POST', '/api/v1/admin/staff', a.cookies.ADMIN, body)).statusCode).toBe(201);
    const again = await req('POST', '/api/v1/admin/staff', a.cookies.ADMIN, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    expect((await req('POST', '/api/v1/admin/staff', b.cookies.ADMIN, body)).statusCode).toBe(201);
  });

  it('audits a role change with from/to', async () => {
    const created = (
      await req('POST', '/api/v1/admin/staff', a.cookies.ADMIN, {
        name: 'Rolf',
        email: 'rolf@example.com',
        password: 'long-enough-pw',
        role: 'WAITER',
      })
    ).json().staff;
    const res = await req('PATCH', `/api/v1/admin/staff/${created.id}`, a.cookies.ADMIN, { role: 'CASHIER' });
    expect(res.statusCode).toBe(200);
    expect(res.json().staff.role).toBe('CASHIER');
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'staff.role_changed')
      .where('entity_id', '=', created.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.data)).toEqual({ from: 'WAITER', to: 'CASHIER' });
    expect(rows[0]!.actor_id).toBe(a.ids.ADMIN);
  });

  it('will not demote or deactivate the last active admin', async () => {
    const solo = await buildRestaurantWithStaff(t.app, t.ctx);
    // buildRestaurantWithStaff makes two admins (the founder and one more); demote one, then the other is the last.
    const admins = (await req('GET', '/api/v1/admin/staff', solo.cookies.ADMIN))
      .json()
      .staff.filter((s: { role: string }) => s.role === 'ADMIN');
    const other = admins.find((s: { id: string }) => s.id !== solo.ids.ADMIN);
    expect(
      (await req('PATCH', `/api/v1/admin/staff/${other.id}`, solo.cookies.ADMIN, { active: false })).statusCode,
    ).toBe(200);
    const res = await req('PATCH', `/api/v1/admin/staff/${solo.ids.ADMIN}`, solo.cookies.ADMIN, { role: 'WAITER' });
    expect(res.statusCode).toBe(409);
    expect((await req('GET', `/api/v1/admin/staff/${solo.ids.ADMIN}`, solo.cookies.ADMIN)).json().staff.role).toBe(
      'ADMIN',
    );
  });

  it("answers 404 for another restaurant's staff ids", async () => {
    const target = a.ids.WAITER;
    expect((await req('GET', `/api/v1/admin/staff/${target}`, b.cookies.ADMIN)).statusCode).toBe(404);
    const patch = await req('PATCH', `/api/v1/admin/staff/${target}`, b.cookies.ADMIN, { role: 'ADMIN' });
    expect(patch.statusCode).toBe(404);
    expect((await req('GET', `/api/v1/admin/staff/${target}`, a.cookies.ADMIN)).json().staff.role).toBe('WAITER');
  });

  it('rejects bad input with 400 and changes nothing', async () => {
    const before = (await req('GET', '/api/v1/admin/staff', a.cookies.ADMIN)).json().staff;
    const cases: Array<[string, string, unknown, string]> = [
      [
        'POST',
        '/api/v1/admin/staff',
        { name: 'X', email: 'x@example.com', password: 'short', role: 'WAITER' },
        'body.password',
      ],
      [
        'POST',
        '/api/v1/admin/staff',
        { name: 'X', email: 'not-email', password: 'long-enough-pw', role: 'WAITER' },
        'body.email',
      ],
      [
        'POST',
        '/api/v1/admin/staff',
        { name: 'X', email: 'x@example.com', password: 'long-enough-pw', role: 'OWNER' },
        'body.role',
      ],
      [
        'POST',
        '/api/v1/admin/staff',
        { name: '', email: 'x@example.com', password: 'long-enough-pw', role: 'WAITER' },
        'body.name',
      ],
      [
        'POST',
        '/api/v1/admin/staff',
        { name: 'X', email: 'x@example.com', password: 'long-enough-pw', role: 'WAITER', isRoot: true },
        'body',
      ],
      ['PATCH', `/api/v1/admin/staff/${a.ids.CHEF}`, { role: 42 }, 'body.role'],
      ['PATCH', `/api/v1/admin/staff/${a.ids.CHEF}`, { active: 'yes' }, 'body.active'],
      ['PATCH', `/api/v1/admin/staff/${a.ids.CHEF}`, { passwordHash: 'x' }, 'body'],
    ];
    for (const [method, url, payload, path] of cases) {
      const res = await req(method as 'POST', url, a.cookies.ADMIN, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.some((e: { path: string }) => e.path.startsWith(path))).toBe(true);
    }
    expect((await req('GET', '/api/v1/admin/staff', a.cookies.ADMIN)).json().staff).toEqual(before);
  });
});

describe('settings', () => {
  it('ADMIN changes settings, MANAGER reads them, the change is audited', async () => {
    const res = await req('PATCH', '/api/v1/admin/settings', a.cookies.ADMIN, {
      taxRateBps: 2000,
      taxInclusive: false,
      pinLength: 6,
      orderApproval: true,
      currency: 'GBP',
      languages: ['es', 'hi'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().settings).toMatchObject({
      taxRateBps: 2000,
      taxInclusive: false,
      pinLength: 6,
      orderApproval: true,
      currency: 'GBP',
      languages: ['es', 'hi'],
    });
    const read = await req('GET', '/api/v1/admin/settings', a.cookies.MANAGER);
    expect(read.json().settings.pinLength).toBe(6);
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('restaurant_id', '=', a.restaurant.id)
      .where('action', '=', 'restaurant.settings_changed')
      .execute();
    expect(JSON.parse(rows.at(-1)!.data).pinLength).toEqual({ from: 4, to: 6 });
    expect((await req('GET', '/api/v1/admin/settings', b.cookies.ADMIN)).json().settings).toMatchObject({
      currency: 'EUR',
      languages: [],
    });
  });

  it('rejects bad settings with 400 and changes nothing', async () => {
    const before = (await req('GET', '/api/v1/admin/settings', a.cookies.ADMIN)).json();
    for (const [payload, path] of [
      [{ pinLength: 3 }, 'body.pinLength'],
      [{ pinLength: 9 }, 'body.pinLength'],
      [{ taxRateBps: -1 }, 'body.taxRateBps'],
      [{ taxRateBps: 12.5 }, 'body.taxRateBps'],
      [{ currency: 'euro' }, 'body.currency'],
      [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
      [{ serviceChargeBps: 10001 }, 'body.serviceChargeBps'],
      [{ slug: 'new' }, 'body'],
      [{ languages: ['es', 'es'] }, 'body.languages'],
      [{ languages: ['Spanish'] }, 'body.languages.0'],
      [{ languages: 'es' }, 'body.languages'],
    ] as const) {
      const res = await req('PATCH', '/api/v1/admin/settings', a.cookies.ADMIN, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.some((e: { path: string }) => e.path.startsWith(path))).toBe(true);
    }
    expect((await req('GET', '/api/v1/admin/settings', a.cookies.ADMIN)).json()).toEqual(before);
  });
});
