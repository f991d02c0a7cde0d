import {
  CreateGuestPaymentRequest,
  GuestPaymentResponse,
  IdempotencyHeaders,
  NoQuery,
  Problem,
  WebhookParams,
  WebhookResponse,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { GUEST, PUBLIC } from '../../http/access.ts';
import { guestActor, requireGuest } from '../../http/request-context.ts';
import type { PaymentProviders } from '../payments-provider/provider.ts';
import { applyProviderWebhook, startOnlinePayment } from './online-payments.service.ts';

/** The provider new online payments go through: the first one configured. */
const currentProvider = (providers: PaymentProviders) => providers.values().next().value;

export async function onlinePaymentRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  providers: PaymentProviders,
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/guest/payments', {
    config: { access: GUEST },
    schema: {
      tags: ['guest'],
      summary:
        "Pay (part of) the bill online: 201 with the PENDING payment, which holds its amount, and the provider's hosted page to send the guest to; 200 and the same for a repeated key; 409 OVERPAYMENT",
      headers: IdempotencyHeaders,
      querystring: NoQuery,
      body: CreateGuestPaymentRequest,
      response: {
        200: GuestPaymentResponse,
        201: GuestPaymentResponse,
        400: Problem,
        401: Problem,
        409: Problem,
        503: Problem,
      },
    },
    handler: async (request, reply) => {
      const started = await startOnlinePayment(
        ctx,
        currentProvider(providers),
        requireGuest(request),
        { key: request.headers['idempotency-key'], body: request.body },
        guestActor(request),
      );
      return reply
        .status(started.created ? 201 : 200)
        .send({ payment: started.payment, redirectUrl: started.redirectUrl });
    },
  });

  // The signature is over the bytes as sent, so this route alone keeps the raw body (any content type).
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    raw.withTypeProvider<ZodTypeProvider>().post('/api/v1/payments/webhooks/:provider', {
      config: { access: PUBLIC },
      schema: {
        tags: ['billing'],
        summary:
          "A payment provider's signed webhook: applied once per event id; a bad, stale or unknown one is refused with nothing changed",
        params: WebhookParams,
        querystring: NoQuery,
        response: { 200: WebhookResponse, 400: Problem, 404: Problem },
      },
      handler: async (request) => {
        const provider = providers.get(request.params.provider);
        if (!provider) throw notFound('Payment provider');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        await applyProviderWebhook(ctx, provider, body, request.headers);
        return { received: true as const };
      },
    });
  });
}
