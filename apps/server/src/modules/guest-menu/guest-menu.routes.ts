import { negotiate } from '@fastify/accept-negotiator';
import { GuestMenuQuery, GuestMenuResponse, NotModified, Problem } from '@plato/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST, ROLES } from '../../http/access.ts';
import { requireGuest, requireStaff } from '../../http/request-context.ts';
import { type MenuEncoding, type ReadyMenu, etagOf, matchesMenu } from './guest-menu.ready.ts';
import { readGuestMenu, readStaffMenu } from './guest-menu.service.ts';

const ENCODINGS: MenuEncoding[] = ['br', 'gzip', 'identity'];

export async function guestMenuRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/guest/menu', {
    config: { access: GUEST },
    // The bytes are compressed once per menu version, not by the compression plugin on every read.
    compress: false,
    schema: {
      tags: ['guest'],
      summary:
        "The restaurant's menu in the guest's locale (?locale=, else Accept-Language), sold-out items included. " +
        'Carries a strong ETag: send it back in If-None-Match and the answer is 304 while the menu is unchanged.',
      querystring: GuestMenuQuery,
      response: { 200: GuestMenuResponse, 304: NotModified, 400: Problem, 401: Problem },
    },
    handler: async (request, reply) => {
      const menu = await readGuestMenu(ctx, requireGuest(request), {
        query: request.query.locale,
        acceptLanguage: request.headers['accept-language'],
      });
      return sendMenu(request, reply, menu);
    },
  });

  r.get('/api/v1/menu', {
    config: { access: ROLES.waiterPlus },
    compress: false,
    schema: {
      tags: ['orders'],
      summary:
        "The menu as guests see it (?locale=, else Accept-Language), for a waiter ordering for a table; ETag as the guest's",
      querystring: GuestMenuQuery,
      response: { 200: GuestMenuResponse, 304: NotModified, 400: Problem, 401: Problem, 403: Problem },
    },
    handler: async (request, reply) => {
      const menu = await readStaffMenu(ctx, requireStaff(request).restaurantId, {
        query: request.query.locale,
        acceptLanguage: request.headers['accept-language'],
      });
      return sendMenu(request, reply, menu);
    },
  });
}

/** The ready bytes in the encoding the client takes, or a bodiless 304 when its copy is current. */
function sendMenu(request: FastifyRequest, reply: FastifyReply, menu: ReadyMenu): FastifyReply {
  const encoding = (negotiate(request.headers['accept-encoding'] ?? '', ENCODINGS) ?? 'identity') as MenuEncoding;
  // Availability changes during service: clients keep the bytes but ask every time (a 304 costs next to nothing).
  reply
    .header('cache-control', 'private, no-cache')
    .header('vary', 'Accept-Language, Accept-Encoding')
    .header('etag', etagOf(menu, encoding));
  if (matchesMenu(request.headers['if-none-match'], menu)) return reply.status(304).send(null);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  // Sent as bytes, so no serializer runs: they were checked against GuestMenuResponse when built.
  return reply.type('application/json; charset=utf-8').send(menu.bodies[encoding]);
}
