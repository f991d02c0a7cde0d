import { GuestMenuQuery, GuestMenuResponse, Problem } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST } from '../../http/access.ts';
import { requireGuest } from '../../http/request-context.ts';
import { getGuestMenu } from './guest-menu.service.ts';

export async function guestMenuRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/guest/menu', {
    config: { access: GUEST },
    schema: {
      tags: ['guest'],
      summary: "The restaurant's menu in the guest's locale (?locale=, else Accept-Language), sold-out items included",
      querystring: GuestMenuQuery,
      response: { 200: GuestMenuResponse, 400: Problem, 401: Problem },
    },
    handler: async (request, reply) => {
      // Availability changes during service, and the answer depends on the language asked for.
      reply.header('cache-control', 'private, no-cache').header('vary', 'Accept-Language');
      return getGuestMenu(ctx, requireGuest(request).restaurantId, {
        query: request.query.locale,
        acceptLanguage: request.headers['accept-language'],
      });
    },
  });
}
