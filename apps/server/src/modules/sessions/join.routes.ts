import { JoinRequest, JoinResponse, NoQuery, Problem, PublicTableParams } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../http/access.ts';
import { GUEST_COOKIE, setAuthCookie } from '../../http/cookies.ts';
import { originOf } from '../../http/request-context.ts';
import { joinTable } from './join.service.ts';

/** The guest's way in: QR code + PIN (the way back, the session as it is now, is the guest-session read model's). */
export async function joinRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/public/tables/:qrToken/join', {
    config: { access: PUBLIC },
    schema: {
      querystring: NoQuery,
      tags: ['public'],
      summary: "Joins the table's open session with its PIN; sets the plato_guest cookie",
      description:
        'A `name` the session already knows (any case) reclaims that guest, with its cart and orders; otherwise a ' +
        'new guest is made ("Guest N" without a name). 401 PIN_INVALID carries `attemptsLeft`; after 5 wrong PINs ' +
        'the table answers 429 PIN_BLOCKED with `Retry-After` for 15 minutes, even to the right PIN, until a ' +
        'waiter sets a new one. 50 attempts an hour from one address, then 429 RATE_LIMITED.',
      params: PublicTableParams,
      body: JoinRequest,
      response: { 200: JoinResponse, 400: Problem, 401: Problem, 404: Problem, 429: Problem },
    },
    handler: async (request, reply) => {
      const { token, expiresAt, guest, session } = await joinTable(
        ctx,
        request.params.qrToken,
        request.body,
        originOf(request),
      );
      setAuthCookie(request, reply, GUEST_COOKIE, token, expiresAt);
      reply.header('cache-control', 'no-store');
      return { guest, session };
    },
  });
}
