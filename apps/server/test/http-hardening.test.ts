import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('HTTP hardening', () => {
  it('refuses bodies over 1 MiB with 413 problem+json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ restaurant: 'demo', email: 'a@b.co', password: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON and wrong content types with 4xx problem+json', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"restaurant":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('sends security headers and a request id on every answer', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBe('trace-123');
    const other = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Refusals and unknown routes carry them too.
    for (const url of ['/api/v1/floor', '/api/v1/no-such-route']) {
      const refused = await t.app.inject({ url, headers: { 'x-request-id': 'trace-456' } });
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
      expect(refused.headers['content-security-policy']).toContain("img-src 'self' data:");
      expect(refused.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(refused.headers['cross-origin-resource-policy']).toBe('same-site');
      expect(refused.headers['x-request-id']).toBe('trace-456');
    }
  });

  it('reports readiness from the database', async () => {
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('answers unknown API routes with 404 problem+json', async () => {
    const res = await t.app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('serves an OpenAPI 3 document generated from the contracts, and the docs page', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/admin/tables',
        '/api/v1/admin/items/{id}',
        '/api/v1/audit',
      ]),
    );
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect((await t.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });
});
