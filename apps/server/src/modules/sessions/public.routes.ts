import { Problem, PublicTableParams, PublicTableResponse } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { PUBLIC } from '../../http/access.ts';
import { getPublicTable } from './sessions.service.ts';

/** What anyone holding a table's QR code may see, before joining with the PIN. */
export async function publicRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/public/tables/:qrToken', {
    config: { access: PUBLIC },
    schema: {
      tags: ['public'],
      summary: 'The restaurant and table behind a QR code, and whether a session is open to join',
      params: PublicTableParams,
      response: { 200: PublicTableResponse, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      // Not cached anywhere: the token may be rotated and the session state changes.
      reply.header('cache-control', 'no-store');
      return getPublicTable(ctx, request.params.qrToken);
    },
  });
}
