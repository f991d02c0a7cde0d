import { JoinRequest, JoinResponse, NoQuery, Problem, PublicTableParams } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../http/access.ts';
import { DEVICE_COOKIE, GUEST_COOKIE, setAuthCookie, setDeviceCookie } from '../../http/cookies.ts';
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
        'The device key (the long-lived `plato_device` cookie, set here on the first join) gets the device its own ' +
        'guest of this session back, whatever name it types. Otherwise a `name` the session already knows (any case, ' +
        'any Unicode form) claims that guest, with its cart and orders, only if no device has used it for 10 minutes ' +
        '(the table hears `guest.rejoined`); while one has, 409 NAME_IN_USE. A new name makes a new guest ("Guest N" ' +
        'without a name). 401 PIN_INVALID carries `attemptsLeft`; after 5 wrong PINs the table answers 429 ' +
        'PIN_BLOCKED with `Retry-After` for 15 minutes, even to the right PIN, until a waiter sets a new one. 50 ' +
        'attempts an hour from one address, then 429 RATE_LIMITED.',
      params: PublicTableParams,
      body: JoinRequest,
      response: { 200: JoinResponse, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 429: Problem },
    },
    handler: async (request, reply) => {
      const { token, expiresAt, deviceKey, guest, session } = await joinTable(
        ctx,
        request.params.qrToken,
        request.body,
        originOf(request),
        request.cookies[DEVICE_COOKIE],
      );
      setAuthCookie(request, reply, GUEST_COOKIE, token, expiresAt);
      setDeviceCookie(request, reply, deviceKey);
      reply.header('cache-control', 'no-store');
      return { guest, session };
    },
  });
}
