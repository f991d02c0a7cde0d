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

/**
 * Who may call each route, copied from API.md's tables (not from the routes'
 * own declarations, so a route that drifts from the contract fails here).
 * "WAITER+" is WAITER, MANAGER, ADMIN; "MANAGER+" is MANAGER, ADMIN. Routes
 * API.md does not list get a role set here with the reason beside it.
 */
const ANY: readonly StaffRole[] = STAFF_ROLES;
const WAITER_PLUS: readonly StaffRole[] = ['WAITER', 'MANAGER', 'ADMIN'];
const CASHIER_PLUS: readonly StaffRole[] = ['CASHIER', 'MANAGER', 'ADMIN'];
const BILL_READERS: readonly StaffRole[] = ['WAITER', 'CASHIER', 'MANAGER', 'ADMIN'];
const MANAGER_PLUS: readonly StaffRole[] = ['MANAGER', 'ADMIN'];
const ADMIN: readonly StaffRole[] = ['ADMIN'];
/** "/api/v1/admin/… — ADMIN (MANAGER reads, toggles availability)". */
const ADMIN_READ = MANAGER_PLUS;
const ADMIN_TOGGLE = MANAGER_PLUS;
const ADMIN_WRITE = ADMIN;

type Expected = readonly StaffRole[] | 'guest' | 'public';
const API_MD: Record<string, Expected> = {
  'POST /api/v1/auth/logout': ANY,
  'GET /api/v1/auth/me': ANY,
  // Cashiers get `table.updated` (a floor table) live, so they read the floor they refetch after a reconnect.
  'GET /api/v1/floor': [...WAITER_PLUS, 'CASHIER'],
  'POST /api/v1/tables/:tableId/sessions': WAITER_PLUS,
  'GET /api/v1/reports/kitchen': MANAGER_PLUS,
  'GET /api/v1/reports/sales': MANAGER_PLUS,
  'POST /api/v1/sessions/:id/pin': WAITER_PLUS,
  'POST /api/v1/sessions/:id/move': WAITER_PLUS,
  'POST /api/v1/sessions/:id/orders': WAITER_PLUS,
  // Not in API.md: a session's orders are part of what its bill readers see.
  'GET /api/v1/sessions/:id/orders': BILL_READERS,
  // Not in API.md: the menu a waiter orders from for a table (those who may place a staff order).
  'GET /api/v1/menu': WAITER_PLUS,
  'POST /api/v1/orders/:id/accept': WAITER_PLUS,
  'POST /api/v1/orders/:id/reject': WAITER_PLUS,
  // Not in API.md: holding and firing a course is a waiter's call (PRODUCT.md "Holding and firing").
  'POST /api/v1/orders/:id/courses/:course/hold': WAITER_PLUS,
  'POST /api/v1/orders/:id/courses/:course/fire': WAITER_PLUS,
  'GET /api/v1/kitchen/tickets': ['CHEF', 'MANAGER', 'ADMIN'],
  // Which status each role may ask for is checked by the lifecycle (403 after the guard): chefs cook, waiters serve and void.
  'POST /api/v1/order-lines/:lineId/status': ['CHEF', 'WAITER', 'MANAGER', 'ADMIN'],
  'POST /api/v1/kitchen/tickets/:ticketId/bump': ['CHEF', 'MANAGER', 'ADMIN'],
  'POST /api/v1/kitchen/recall': ['CHEF', 'MANAGER', 'ADMIN'],
  'GET /api/v1/kitchen/all-day': ['CHEF', 'MANAGER', 'ADMIN'],
  // Not in API.md: the kitchen screen's station picker and thresholds, for whoever reads tickets.
  'GET /api/v1/kitchen/stations': ['CHEF', 'MANAGER', 'ADMIN'],
  'GET /api/v1/kitchen/expo': ['CHEF', 'WAITER', 'MANAGER', 'ADMIN'],
  'GET /api/v1/ready': WAITER_PLUS,
  'POST /api/v1/sessions/:id/close': CASHIER_PLUS,
  'GET /api/v1/sessions/:id/bill': BILL_READERS,
  'POST /api/v1/sessions/:id/splits': CASHIER_PLUS,
  'POST /api/v1/sessions/:id/payments': CASHIER_PLUS,
  'POST /api/v1/sessions/:id/discounts': MANAGER_PLUS,
  // Not in API.md: removing a discount is the manager's, like giving one.
  'POST /api/v1/sessions/:id/discounts/:discountId/remove': MANAGER_PLUS,
  'POST /api/v1/payments/:id/refunds': MANAGER_PLUS,
  'GET /api/v1/sessions/:id/receipt': BILL_READERS,
  'GET /api/v1/sessions/:id/receipt.pdf': BILL_READERS,
  // Not in API.md: another link to a closed session's receipt, for a guest who asks later; whoever reads receipts.
  'POST /api/v1/sessions/:id/receipt-link': BILL_READERS,
  // Not in API.md: calls are shown on the floor, so its readers list them; answering one is floor work (WAITER+).
  'GET /api/v1/calls': [...WAITER_PLUS, 'CASHIER'],
  'POST /api/v1/calls/:id/acknowledge': WAITER_PLUS,
  'POST /api/v1/calls/:id/resolve': WAITER_PLUS,
  'GET /api/v1/audit': MANAGER_PLUS,

  'GET /api/v1/admin/settings': ADMIN_READ,
  'PATCH /api/v1/admin/settings': ADMIN_WRITE,
  'GET /api/v1/admin/staff': ADMIN_READ,
  'POST /api/v1/admin/staff': ADMIN_WRITE,
  'GET /api/v1/admin/staff/:id': ADMIN_READ,
  'PATCH /api/v1/admin/staff/:id': ADMIN_WRITE,
  'GET /api/v1/admin/stations': ADMIN_READ,
  'POST /api/v1/admin/stations': ADMIN_WRITE,
  'GET /api/v1/admin/stations/:id': ADMIN_READ,
  'PATCH /api/v1/admin/stations/:id': ADMIN_WRITE,
  'DELETE /api/v1/admin/stations/:id': ADMIN_WRITE,
  'GET /api/v1/admin/categories': ADMIN_READ,
  'POST /api/v1/admin/categories': ADMIN_WRITE,
  'GET /api/v1/admin/categories/:id': ADMIN_READ,
  'PATCH /api/v1/admin/categories/:id': ADMIN_WRITE,
  'DELETE /api/v1/admin/categories/:id': ADMIN_WRITE,
  'GET /api/v1/admin/items': ADMIN_READ,
  'POST /api/v1/admin/items': ADMIN_WRITE,
  'GET /api/v1/admin/items/:id': ADMIN_READ,
  'PATCH /api/v1/admin/items/:id': ADMIN_WRITE,
  'DELETE /api/v1/admin/items/:id': ADMIN_WRITE,
  'POST /api/v1/admin/items/:id/availability': ADMIN_TOGGLE,
  'POST /api/v1/admin/items/:id/modifier-groups': ADMIN_WRITE,
  'PATCH /api/v1/admin/modifier-groups/:id': ADMIN_WRITE,
  'DELETE /api/v1/admin/modifier-groups/:id': ADMIN_WRITE,
  'POST /api/v1/admin/modifier-groups/:id/options': ADMIN_WRITE,
  'PATCH /api/v1/admin/modifier-options/:id': ADMIN_WRITE,
  'DELETE /api/v1/admin/modifier-options/:id': ADMIN_WRITE,
  'POST /api/v1/admin/modifier-options/:id/availability': ADMIN_TOGGLE,
  'PUT /api/v1/admin/items/:id/photo': ADMIN_WRITE,
  'DELETE /api/v1/admin/items/:id/photo': ADMIN_WRITE,
  'GET /api/v1/admin/tables': ADMIN_READ,
  'POST /api/v1/admin/tables': ADMIN_WRITE,
  'GET /api/v1/admin/tables/qr.pdf': ADMIN_READ,
  'GET /api/v1/admin/tables/:id': ADMIN_READ,
  'PATCH /api/v1/admin/tables/:id': ADMIN_WRITE,
  'DELETE /api/v1/admin/tables/:id': ADMIN_WRITE,
  'POST /api/v1/admin/tables/:id/rotate-token': ADMIN_WRITE,
  'GET /api/v1/admin/tables/:id/qr.svg': ADMIN_READ,

  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/public/tables/:qrToken': 'public',
  'POST /api/v1/public/tables/:qrToken/join': 'public',
  'GET /api/v1/guest/session': 'guest',
  'GET /api/v1/guest/menu': 'guest',
  'GET /api/v1/guest/cart': 'guest',
  'POST /api/v1/guest/cart/lines': 'guest',
  'PATCH /api/v1/guest/cart/lines/:lineId': 'guest',
  'DELETE /api/v1/guest/cart/lines/:lineId': 'guest',
  'POST /api/v1/guest/orders': 'guest',
  'GET /api/v1/guest/orders': 'guest',
  'POST /api/v1/guest/calls': 'guest',
  'GET /api/v1/guest/bill': 'guest',
  'POST /api/v1/guest/payments': 'guest',
  // Not in API.md: a payment provider calls it, authenticated by the webhook's signature instead of a cookie.
  'POST /api/v1/payments/webhooks/:provider': 'public',
  'GET /api/v1/public/receipts/:receiptToken': 'public',
};
const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const expectedRoles = (key: string): readonly StaffRole[] => {
  const expected = API_MD[key];
  if (!Array.isArray(expected)) throw new Error(`${key} is not a staff route in API.md`);
  return expected;
};

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

  it("every /api/v1 route is in API.md's table, with the same kind of caller", () => {
    const kinds = t.app.accessTable.map((r) => {
      const expected = API_MD[routeKey(r)];
      return [
        routeKey(r),
        expected === undefined ? 'missing from API_MD' : Array.isArray(expected) ? 'staff' : expected,
      ];
    });
    expect(kinds).toEqual(t.app.accessTable.map((r) => [routeKey(r), r.access.kind]));
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
        const allowed = expectedRoles(routeKey(route)).includes(role);
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
