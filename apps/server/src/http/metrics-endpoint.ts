import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * `GET /metrics` in Prometheus's text format, outside `/api/v1` (an
 * operator's endpoint, not part of the API: no cookie access, not in the
 * OpenAPI document) and only when `PLATO_METRICS=1` or a token is set. With
 * `PLATO_METRICS_TOKEN` it answers only `Authorization: Bearer <token>`;
 * without one, keep it off the public proxy (docs/deploy.md's nginx config
 * refuses it) and scrape each instance directly — the figures are per
 * process. Every answer's time lands in a histogram by route pattern (never
 * the raw URL: ids and tokens would make each request a series of its own).
 */
export function registerMetricsEndpoint(app: FastifyInstance, ctx: AppContext, openSockets: () => number): void {
  const { enabled, token } = ctx.config.metrics;
  if (!enabled) {
    // Said as a problem, so a scraper pointed at a process with metrics off is not handed the web app's page.
    app.get('/metrics', { schema: { hide: true } }, async () => {
      throw new AppError('NOT_FOUND', 'Metrics are off: set PLATO_METRICS=1 or PLATO_METRICS_TOKEN');
    });
    return;
  }
  const latency = ctx.metrics.instrument(openSockets);

  app.addHook('onResponse', (request, reply, done) => {
    // Unrouted requests (404s of scanners) share one label instead of one each.
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe(
      { method: request.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .type('text/plain; charset=utf-8')
        .send('metrics need the bearer token of PLATO_METRICS_TOKEN\n');
    }
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}

/** Compared as digests: equal lengths whatever was sent, so the comparison is constant-time. */
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
