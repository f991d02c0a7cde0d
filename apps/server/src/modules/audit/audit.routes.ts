import { AuditListResponse, AuditQuery, Problem } from '@plato/contracts';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff } from '../../http/request-context.ts';
import { listAudit } from './audit.repository.ts';

const CSV_COLUMNS = [
  'id',
  'at',
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'entityType',
  'entityId',
  'data',
  'ip',
  'userAgent',
] as const;
const CSV_BATCH = 500;
const CSV_MAX_ROWS = 100_000;

export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/audit', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first; `next` pages on; `format=csv` exports every matching entry',
      querystring: AuditQuery,
      response: { 200: AuditListResponse, 400: Problem },
    },
    handler: async (request, reply) => {
      const { restaurantId } = requireStaff(request);
      const { format, limit, cursor, ...filter } = request.query;
      if (format === 'csv') {
        const rows: string[][] = [];
        let before = cursor;
        for (;;) {
          const batch = await listAudit(ctx.db, restaurantId, { ...filter, before, limit: CSV_BATCH });
          for (const e of batch)
            rows.push(CSV_COLUMNS.map((c) => (c === 'data' ? JSON.stringify(e.data) : String(e[c] ?? ''))));
          if (batch.length < CSV_BATCH || rows.length >= CSV_MAX_ROWS) break;
          before = batch[batch.length - 1]!.id;
        }
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="audit.csv"')
            // The JSON response schema does not apply: Fastify sends a text/csv string as is.
            .send(stringify(rows, { header: true, columns: [...CSV_COLUMNS], escape_formulas: true }) as never)
        );
      }
      const entries = await listAudit(ctx.db, restaurantId, { ...filter, before: cursor, limit: limit + 1 });
      const page = entries.slice(0, limit);
      return { entries: page, next: entries.length > limit ? page[page.length - 1]!.id : null };
    },
  });
}
