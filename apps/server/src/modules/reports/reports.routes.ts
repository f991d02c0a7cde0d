import {
  KitchenReportQuery,
  KitchenReportResponse,
  Problem,
  SalesReportQuery,
  SalesReportResponse,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff } from '../../http/request-context.ts';
import { kitchenReport } from './reports.service.ts';
import { salesCsv, salesCsvFilename } from './sales.csv.ts';
import { salesReport } from './sales.service.ts';

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

  r.get('/api/v1/reports/sales', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags: ['reports'],
      summary:
        'Sales by day, hour, item, category or payment method, with tax, service, discounts, voids, tips, payments and refunds, computed from the bills; `format=csv` for a spreadsheet',
      description:
        "A `YYYY-MM-DD` bound is the whole day in the restaurant's time zone (`to` included); an instant bound is exact (`to` excluded). Lines count where their order was placed, payments where they settled, refunds where they were given. At most 367 days.",
      querystring: SalesReportQuery,
      response: { 200: SalesReportResponse, 400: Problem, 401: Problem, 403: Problem },
    },
    handler: async (request, reply) => {
      const report = await salesReport(ctx, requireStaff(request).restaurantId, request.query);
      if (request.query.format !== 'csv') return report;
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${salesCsvFilename(report, request.query.from, request.query.to)}"`,
          )
          // The JSON response schema does not apply: Fastify sends a text/csv string as is.
          .send(salesCsv(report) as never)
      );
    },
  });
}
