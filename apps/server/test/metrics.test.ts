import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payAtTill, tableWithOrder } from './support/billing-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, client } from './support/order-factories.ts';
import { buildTable, openSession } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/** One sample of the exposition text: `name{labels} value`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  describe('when enabled', () => {
    let t: TestApp;
    let r: OrderingRestaurant;
    beforeAll(async () => {
      t = await createTestApp({ PLATO_METRICS: '1' });
      r = await buildOrderingRestaurant(t);
    });
    afterAll(() => t.close());
    const scrape = async () => {
      const res = await t.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.body;
    };

    it('counts orders, payments and PIN failures, and times each route by its pattern', async () => {
      const seated = await tableWithOrder(t, r); // one guest order
      const cashier = client(t.app, r.cookies.CASHIER);
      const paid = await payAtTill(cashier, seated.sessionId, { method: 'CARD', amountCents: 500 }, 'pay-once');
      expect(paid.statusCode).toBe(201);
      // A replay answers the first payment and is not counted again.
      expect(
        (await payAtTill(cashier, seated.sessionId, { method: 'CARD', amountCents: 500 }, 'pay-once')).statusCode,
      ).toBe(200);
      const table = await buildTable(t.ctx, r.restaurant.id);
      const { pin } = await openSession(t.app, r.cookies.WAITER, table.id);
      const wrong = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/tables/${table.qrToken}/join`,
        payload: { pin: pin === '0000' ? '1111' : '0000', name: 'Mallory' },
      });
      expect(wrong.json<{ code: string }>().code).toBe('PIN_INVALID');

      const text = await scrape();
      expect(sample(text, 'plato_orders_placed_total', { source: 'guest' })).toBe(1);
      expect(sample(text, 'plato_payments_total', { method: 'CARD' })).toBe(1);
      expect(sample(text, 'plato_pin_failures_total', { reason: 'wrong-pin' })).toBe(1);
      expect(
        sample(text, 'plato_http_request_duration_seconds_count', {
          method: 'POST',
          route: '/api/v1/sessions/:id/payments',
          status: '2xx',
        }),
      ).toBe(2);
      // The raw URL (with its ids) never becomes a label.
      expect(text).not.toContain(seated.sessionId);
      expect(sample(text, 'plato_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'plato_open_sockets')).toBe(0);
      if (t.dialect === 'postgres') {
        expect(sample(text, 'plato_db_pool_connections', { state: 'max' })).toBe(10);
        expect(sample(text, 'plato_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      }
    });

    it('is not an API route: outside the access table and the OpenAPI document', async () => {
      expect(t.app.accessTable.some((e) => e.url === '/metrics')).toBe(false);
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(doc.paths)).not.toContain('/metrics');
    });
  });

  it('is off by default: 404, and no histogram is kept', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(404);
      // A problem, not the web app's page (which answers unknown paths when the web app is built).
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(await t.ctx.metrics.registry.metrics()).not.toContain('plato_http_request_duration_seconds');
    } finally {
      await t.close();
    }
  });

  it('with PLATO_METRICS_TOKEN answers only the bearer of that token', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const t = await createTestApp({ PLATO_METRICS_TOKEN: token });
    try {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
        const res = await t.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
        expect(res.statusCode, String(authorization)).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.body).not.toContain('plato_');
      }
      const ok = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('plato_orders_placed_total');
    } finally {
      await t.close();
    }
  });

  it('takes an empty token for none (a compose file passes `${PLATO_METRICS_TOKEN:-}`)', async () => {
    const t = await createTestApp({ PLATO_METRICS_TOKEN: '' });
    try {
      expect(t.ctx.config.metrics).toEqual({ enabled: false, token: undefined });
      expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('refuses a token too short to be a secret at start-up', async () => {
    await expect(createTestApp({ PLATO_METRICS_TOKEN: 'short' })).rejects.toThrow(/PLATO_METRICS_TOKEN/);
  });
});
