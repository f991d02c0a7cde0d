import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../src/modules/auth/auth.service.ts';
import { buildRestaurant, buildStaff, login, TEST_PASSWORD } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const attempt = (slug: string, email: string, password: string, remoteAddress = '10.1.1.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { restaurant: slug, email, password },
    remoteAddress,
  });

describe('staff sign-in', () => {
  it('sets an HttpOnly SameSite=Lax cookie, stores only its hash, and /me answers the staff member', async () => {
    const { restaurant } = await buildRestaurant(t.ctx);
    const waiter = await buildStaff(t.ctx, restaurant.id, 'WAITER');
    const res = await attempt(restaurant.slug, waiter.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().staff).toMatchObject({ id: waiter.id, role: 'WAITER', restaurantId: restaurant.id });
    const cookie = res.cookies.find((c) => c.name === 'plato_staff')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    const stored = await t.ctx.db.selectFrom('staff_sessions').selectAll().where('staff_id', '=', waiter.id).execute();
    // Hashed here rather than with the app's helper, so a change to how tokens are stored cannot pass unseen.
    expect(stored.map((s) => s.token_hash)).toEqual([createHash('sha256').update(cookie.value).digest('hex')]);
    expect(JSON.stringify(stored)).not.toContain(cookie.value);

    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `plato_staff=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().staff.id).toBe(waiter.id);
  });

  it('answers 401 problem+json for a wrong password, unknown email or unknown restaurant, and audits the failure', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    for (const [slug, email, password] of [
      [restaurant.slug, adminEmail, 'S3cret-typo'],
      [restaurant.slug, 'nobody@x.test', TEST_PASSWORD],
      ['no-such-place', adminEmail, TEST_PASSWORD],
    ] as const) {
      const res = await attempt(slug, email, password, '10.1.2.3');
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(res.cookies).toHaveLength(0);
    }
    const failures = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('restaurant_id', '=', restaurant.id)
      .where('action', '=', 'staff.login.failed')
      .execute();
    expect(failures).toHaveLength(2);
    expect(failures.every((f) => f.ip === '10.1.2.3')).toBe(true);
    expect(JSON.stringify(failures)).not.toContain('S3cret-typo');
  });

  it('audits a successful sign-in', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    await login(t.app, restaurant.slug, adminEmail);
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('restaurant_id', '=', restaurant.id)
      .where('action', '=', 'staff.login')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('locks an account after repeated wrong passwords, even for the right one, from any address', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount; i++) {
      expect((await attempt(restaurant.slug, adminEmail, 'nope-nope', `10.2.0.${i}`)).statusCode).toBe(401);
    }
    const blocked = await attempt(restaurant.slug, adminEmail, TEST_PASSWORD, '10.2.1.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('compares at most the allowed number of concurrent wrong passwords from many addresses, then refuses the right one', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(restaurant.slug, adminEmail, 'nope-nope', `10.9.0.${i + 1}`)),
    );
    // Each attempt reserved a slot on the account before its password was checked, or was refused unchecked.
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(LOGIN_LIMITS.failuresPerAccount);
    const limited = results.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(30 - LOGIN_LIMITS.failuresPerAccount);
    for (const r of limited) {
      expect(r.json().code).toBe('RATE_LIMITED');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    const failed = await t.ctx.db
      .selectFrom('audit_log')
      .select('data')
      .where('restaurant_id', '=', restaurant.id)
      .where('action', '=', 'staff.login.failed')
      .execute();
    expect(failed.map((e) => JSON.parse(e.data).reason).filter((x) => x === 'wrong-password')).toHaveLength(
      LOGIN_LIMITS.failuresPerAccount,
    );
    const right = await attempt(restaurant.slug, adminEmail, TEST_PASSWORD, '10.9.1.1');
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('RATE_LIMITED');
    expect(right.cookies).toHaveLength(0);
  });

  it('limits attempts per client address across accounts', async () => {
    const { restaurant } = await buildRestaurant(t.ctx);
    for (let i = 0; i < LOGIN_LIMITS.attemptsPerIp; i++) {
      expect((await attempt(restaurant.slug, `x${i}@y.test`, 'whatever-1', '10.3.3.3')).statusCode).toBe(401);
    }
    const res = await attempt(restaurant.slug, 'x@y.test', 'whatever-1', '10.3.3.3');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await attempt(restaurant.slug, 'x@y.test', 'whatever-1', '10.3.3.4')).statusCode).toBe(401);
  });

  it('logout revokes the session server-side', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    const cookie = await login(t.app, restaurant.slug, adminEmail);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(
      204,
    );
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('a deactivated account is signed out and cannot sign in', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    const admin = await login(t.app, restaurant.slug, adminEmail);
    const chef = await buildStaff(t.ctx, restaurant.id, 'CHEF');
    const chefCookie = await login(t.app, restaurant.slug, chef.email);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/staff/${chef.id}`,
      headers: { cookie: admin },
      payload: { active: false },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: chefCookie } })).statusCode).toBe(401);
    expect((await attempt(restaurant.slug, chef.email, TEST_PASSWORD, '10.4.4.4')).statusCode).toBe(401);
  });

  it('rejects malformed sign-in bodies with 400 and field paths', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { restaurant: 'demo', email: 'not-an-email', password: 'x', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.email']));
  });
});
