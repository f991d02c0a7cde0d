import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { LIMITS } from '@plato/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import { sql } from 'kysely';
import type { AppContext } from './context.ts';
import { registerErrorHandling } from './errors.ts';
import { registerAccessGuard } from './http/access-guard.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerMetricsEndpoint } from './http/metrics-endpoint.ts';
import { OneLinePerRequest } from './http/request-log.ts';
import { guestPageHtml } from './http/guest-page.ts';
import { responseSerializerCompiler } from './http/response-serializers.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { menuRoutes } from './modules/menu/menu.routes.ts';
import { mediaRoot } from './modules/menu/photos.storage.ts';
import { publicRoutes } from './modules/sessions/public.routes.ts';
import { settingsRoutes } from './modules/restaurants/settings.routes.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { tablesRoutes } from './modules/tables/tables.routes.ts';
import { billingRoutes } from './modules/billing/billing.routes.ts';
import { onlinePaymentRoutes } from './modules/billing/online-payments.routes.ts';
import { type DevPayHosted, devPayHostedRoutes } from './modules/dev-pay/dev-pay.hosted.ts';
import { DevPayProvider } from './modules/dev-pay/dev-pay.provider.ts';
import type { PaymentProvider } from './modules/payments-provider/provider.ts';
import { receiptsRoutes } from './modules/billing/receipts.routes.ts';
import { callsRoutes } from './modules/calls/calls.routes.ts';
import { cartRoutes } from './modules/cart/cart.routes.ts';
import { floorRoutes } from './modules/floor/floor.routes.ts';
import { guestMenuRoutes } from './modules/guest-menu/guest-menu.routes.ts';
import { guestSessionRoutes } from './modules/guest-session/guest-session.routes.ts';
import { kitchenRoutes } from './modules/kitchen/kitchen.routes.ts';
import { ordersRoutes } from './modules/orders/orders.routes.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { sessionsRoutes } from './modules/sessions/sessions.routes.ts';
import { attachSocketServer } from './realtime/socket-server.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface BuildOptions {
  logger?: boolean;
  /**
   * Where log lines go (default: standard output, synchronously): the server
   * passes pino's asynchronous destination (pino flushes it on exit); tests
   * read the lines back.
   */
  logStream?: DestinationStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The development provider's hosted side, when it is on (tests await its delayed webhooks). */
    devPay?: DevPayHosted;
  }
}

/** Builds the whole HTTP app without listening, so tests drive it with `inject` or a real port alike. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            // No pino `redact`: Fastify's `req` and `res` serializers, which every line naming a request or an
            // answer goes through, write named fields only (method, url, host, client address; the status), never
            // headers, so the old paths (req.headers.cookie, res.headers["set-cookie"]) could match nothing, while
            // walking them cost 2–4 µs on every request's line. log-secrets.test.ts reads every line for cookies.
            ...(options.logStream && { stream: options.logStream }),
          },
    // One line per request, written when it ends, instead of Fastify's two.
    logController: new OneLinePerRequest(),
    bodyLimit: LIMITS.bodyMaxBytes,
    trustProxy: ctx.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  ctx.events.reportTo((err, event) => app.log.error({ err, event }, 'domain event listener failed'));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  // Every answer names its request id (the caller's, or one made up), errors included.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  registerErrorHandling(app);
  registerSecurityHeaders(app, {
    // No upgrade-insecure-requests: a restaurant may serve plain HTTP on its LAN.
    contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
    // Photos and QR codes are embedded by other origins' previews (e.g. a printed-card editor).
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(cookie);
  // Large JSON answers (menus, floor, audit pages) shrink by the client's Accept-Encoding; small hot ones
  // (a cart, an order) go as they are, where compressing would cost more CPU than the bytes it saves.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Answers only: compressed request bodies are not part of the API (and would sidestep the body limit's intent).
    globalDecompression: false,
    // Brotli's default (11) is for build-time assets; per request, 4 compresses as well as gzip at a fraction of the CPU.
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(multipart, { limits: { fileSize: LIMITS.photoMaxBytes, files: 1, fields: 5, parts: 6 } });
  registerAccessGuard(app, ctx);
  await registerOpenApi(app, { publicUrl: ctx.config.publicUrl });

  // Before the routes, so its timing hook reaches all of them; sockets are counted at scrape time.
  registerMetricsEndpoint(app, ctx, () => app.io.engine.clientsCount);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });

  // Online payments go through the providers configured here; a real one (Stripe, Razorpay) is added beside dev pay.
  const providers = new Map<string, PaymentProvider>();
  if (ctx.config.devPay.enabled) {
    const devPay = new DevPayProvider({
      publicUrl: ctx.config.publicUrl,
      secret: ctx.config.secret,
      webhookSecrets: ctx.config.devPay.webhookSecrets,
    });
    providers.set(devPay.name, devPay);
    app.decorate('devPay', devPayHostedRoutes(app, devPay));
  }

  await app.register(async (api) => {
    await authRoutes(api, ctx);
    await settingsRoutes(api, ctx);
    await staffRoutes(api, ctx);
    await menuRoutes(api, ctx);
    await tablesRoutes(api, ctx);
    await publicRoutes(api, ctx);
    await auditRoutes(api, ctx);
    await sessionsRoutes(api, ctx);
    await guestSessionRoutes(api, ctx);
    await guestMenuRoutes(api, ctx);
    await cartRoutes(api, ctx);
    await ordersRoutes(api, ctx);
    await kitchenRoutes(api, ctx);
    await reportsRoutes(api, ctx);
    await callsRoutes(api, ctx);
    await billingRoutes(api, ctx);
    await onlinePaymentRoutes(api, ctx, providers);
    await receiptsRoutes(api, ctx);
    await floorRoutes(api, ctx);
  });
  await attachSocketServer(app, ctx);

  // Made up front: the static plugin warns on every first start when its folder is missing.
  mkdirSync(mediaRoot(ctx.config.dataDir), { recursive: true });
  await app.register(fastifyStatic, {
    root: mediaRoot(ctx.config.dataDir),
    prefix: '/media/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
  });
  await registerWebApp(app);
  return app;
}

/**
 * Serves the built web app: guest.html for table links (`/t/…`), index.html for any other non-API path, so client
 * routes survive a reload.
 */
async function registerWebApp(app: FastifyInstance): Promise<void> {
  const hasWeb = existsSync(join(WEB_DIST, 'index.html'));
  // Read once: each table link's page is this file with its own preloads (http/guest-page.ts).
  const guestHtml = existsSync(join(WEB_DIST, 'guest.html'))
    ? readFileSync(join(WEB_DIST, 'guest.html'), 'utf8')
    : undefined;
  if (hasWeb) {
    // The build writes .br and .gz beside each asset (vite-plugin-compression2): sent as they are, never compressed per request.
    // Asset names carry their content hash, so they are cached for good; index.html and the other root files are revalidated.
    await app.register(fastifyStatic, {
      root: join(WEB_DIST, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
    });
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      globIgnore: ['assets/**'],
      index: false,
      // Not preCompressed: on a miss of the .br it retries without the caller's options, losing index.html's no-cache.
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const wantsPage = request.method === 'GET' && !/^\/(api|media|socket\.io|assets)\//.test(path);
    if (hasWeb && wantsPage) {
      // Table links open the guest app, an entry of its own (Preact, within the phone's weight budget); every
      // other page is the staff app.
      if (guestHtml !== undefined && /^\/t\//.test(path)) {
        // Varies by the reader's language (the menu it preloads) as well as by the table.
        return reply
          .header('cache-control', 'no-cache')
          .header('vary', 'Accept-Language')
          .type('text/html; charset=utf-8')
          .send(guestPageHtml(guestHtml, path, request.headers['accept-language']));
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html', WEB_DIST, { cacheControl: false });
    }
    return reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'https://plato.dev/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: `No route ${request.method} ${path}`,
        code: 'NOT_FOUND',
      });
  });
}
