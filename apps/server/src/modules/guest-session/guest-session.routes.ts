import { GuestSessionResponse, NoQuery, Problem } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST } from '../../http/access.ts';
import { requireGuest } from '../../http/request-context.ts';
import { getGuestSession } from './guest-session.service.ts';

/** The guest's way back: the session as it is now, after a reload or reconnect. */
export async function guestSessionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/guest/session', {
    config: { access: GUEST },
    schema: {
      querystring: NoQuery,
      tags: ['guest'],
      summary: "The guest's session as it is now: table, guests, the cart this guest sees, the table's orders",
      response: { 200: GuestSessionResponse, 401: Problem },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getGuestSession(ctx, requireGuest(request));
    },
  });
}
