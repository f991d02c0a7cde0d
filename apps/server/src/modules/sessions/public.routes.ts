import etag from '@fastify/etag';
import { NotModified, Problem, PublicTableParams, PublicTableResponse } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../http/access.ts';
import { getPublicTable } from './sessions.service.ts';

/** What anyone holding a table's QR code may see, before joining with the PIN. */
export async function publicRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // In a scope of its own: the ETag plugin hooks every route of the context it is registered in.
  await app.register(async (scope) => publicTableRoute(scope, ctx));
}

async function publicTableRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Every phone at the table opens this first: an ETag of the answer's bytes lets it revalidate for a 304.
  await app.register(etag);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/public/tables/:qrToken', {
    config: { access: PUBLIC },
    schema: {
      tags: ['public'],
      summary:
        'The restaurant and table behind a QR code, and whether a session is open to join. ' +
        'Carries an ETag: send it back in If-None-Match and the answer is 304 while nothing changed.',
      params: PublicTableParams,
      response: { 200: PublicTableResponse, 304: NotModified, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      // Kept, but revalidated on every use: the token may be rotated and the session state changes.
      reply.header('cache-control', 'no-cache');
      return getPublicTable(ctx, request.params.qrToken);
    },
  });
}
