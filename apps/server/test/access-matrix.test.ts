import { STAFF_ROLES, type StaffRole } from '@plato/contracts';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccessGuard } from '../src/http/access-guard.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cookies: Record<StaffRole, string>;
beforeAll(async () => {
  t = await createTestApp();
  ({ cookies } = await buildRestaurantWithStaff(t.app, t.ctx));
});
afterAll(() => t.close());

// Params get a syntactically valid id that exists nowhere: the guard must answer before any lookup.
const concrete = (url: string) => url.replace(/:(\w+)/g, '01900000-0000-7000-8000-000000000000');
const call = (method: string, url: string, cookie?: string) =>
  t.app.inject({
    method: method as 'GET',
    url: concrete(url),
    headers: cookie ? { cookie } : {},
    payload: method === 'GET' || method === 'DELETE' ? undefined : {},
  });

describe('the route × role matrix', () => {
  it('an /api/v1 route that declares no access cannot be registered', async () => {
    const bare = Fastify();
    registerAccessGuard(bare, t.ctx);
    expect(() => bare.get('/api/v1/oops', async () => 'open')).toThrow(/declares no access/);
    await bare.close();
    expect(t.app.accessTable.length).toBeGreaterThan(10);
  });

  it('staff routes: no cookie → 401, roles not listed → 403, listed roles pass the guard', async () => {
    // Logout revokes the cookie it is called with, so it goes last.
    const staffRoutes = t.app.accessTable
      .filter((r) => r.access.kind === 'staff')
      .sort((x, y) => Number(x.url.endsWith('/logout')) - Number(y.url.endsWith('/logout')));
    const failures: string[] = [];
    for (const route of staffRoutes) {
      if (route.access.kind !== 'staff') continue;
      const anonymous = await call(route.method, route.url);
      if (anonymous.statusCode !== 401)
        failures.push(`${route.method} ${route.url} anonymous → ${anonymous.statusCode}`);
      for (const role of STAFF_ROLES) {
        const res = await call(route.method, route.url, cookies[role]);
        const allowed = route.access.roles.includes(role);
        if (allowed && (res.statusCode === 401 || res.statusCode === 403))
          failures.push(`${route.method} ${route.url} ${role} → ${res.statusCode} (should pass)`);
        if (!allowed && res.statusCode !== 403)
          failures.push(`${route.method} ${route.url} ${role} → ${res.statusCode} (should be 403)`);
        if (!allowed) expect(res.json().code).toBe('FORBIDDEN');
      }
    }
    expect(failures).toEqual([]);
  });

  it('guest routes refuse callers without a guest cookie, staff included', async () => {
    for (const route of t.app.accessTable.filter((r) => r.access.kind === 'guest')) {
      expect((await call(route.method, route.url)).statusCode, `${route.method} ${route.url}`).toBe(401);
      expect((await call(route.method, route.url, cookies.ADMIN)).statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('an unknown or forged staff cookie is 401', async () => {
    const res = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: 'plato_staff=forged-token' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });
});
