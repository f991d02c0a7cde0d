import { KitchenReportQuery, KitchenReportResponse, Problem } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff } from '../../http/request-context.ts';
import { kitchenReport } from './reports.service.ts';

/** Reports read the ledger and never write (API.md: MANAGER+). */
export async function reportsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/reports/kitchen', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags: ['reports'],
      summary: 'Prep (fired → ready) and pass (ready → served) times per item and station: count, average, p90',
      querystring: KitchenReportQuery,
      response: { 200: KitchenReportResponse, 400: Problem, 401: Problem, 403: Problem },
    },
    handler: async (request) => kitchenReport(ctx.db, requireStaff(request).restaurantId, request.query),
  });
}
