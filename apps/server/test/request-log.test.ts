import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createContext } from '../src/wiring.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/**
 * One log line per request, with the fields Fastify's two default lines
 * carried between them: on a busy night the log costs half the writes.
 */
let t: TestApp;
let app: FastifyInstance;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // The app as the server builds it, logging at the default level into a buffer.
  app = await buildApp(createContext({ ...t.ctx, config: { ...t.ctx.config, logLevel: 'info' } }), {
    logStream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const linesOf = (requestId: string) => lines.filter((l) => l.reqId === requestId);

describe('request log', () => {
  it('writes one line per request with method, url, client, status, time and the request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz?x=1', headers: { 'x-request-id': 'req-one-line' } });
    expect(res.statusCode).toBe(200);
    const mine = linesOf('req-one-line');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: 'req-one-line',
      req: { method: 'GET', url: '/healthz?x=1', remoteAddress: '127.0.0.1' },
      res: { statusCode: 200 },
    });
    expect(mine[0]!.responseTime).toEqual(expect.any(Number));
  });

  it('writes one line for a refused request too, and keeps a generated request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/guest/cart' });
    expect(res.statusCode).toBe(401);
    const id = String(res.headers['x-request-id']);
    const mine = linesOf(id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ req: { method: 'GET', url: '/api/v1/guest/cart' }, res: { statusCode: 401 } });
  });
});
