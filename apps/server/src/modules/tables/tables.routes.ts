import {
  CreateTableRequest,
  IdParams,
  Problem,
  TableCardsQuery,
  TableListQuery,
  TableListResponse,
  TableResponse,
  UpdateTableRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import {
  createTable,
  deleteTable,
  getTable,
  listTables,
  rotateTableToken,
  tableCardsPdf,
  tableQrSvg,
  updateTable,
} from './tables.service.ts';

const tags = ['tables'];
const reads = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const writes = { ...reads, 409: Problem };

// Documentation only: Fastify sends strings and buffers with a non-JSON type as they are.
const SvgBody = z.string().meta({ description: 'An SVG image of the QR code' });
const PdfBody = z
  .instanceof(Buffer)
  .meta({ description: 'A4 PDF, six table cards per page', type: 'string', format: 'binary' });

export async function tablesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/admin/tables', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'Every table, in natural name order ("Table 2" before "Table 10")',
      querystring: TableListQuery,
      response: { 200: TableListResponse, ...reads },
    },
    handler: async (request) => ({ tables: await listTables(ctx, requireStaff(request).restaurantId) }),
  });

  r.post('/api/v1/admin/tables', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Creates a table with a fresh QR token; 409 when the name is taken',
      body: CreateTableRequest,
      response: { 201: TableResponse, ...writes },
    },
    handler: async (request, reply) => {
      const table = await createTable(ctx, requireStaff(request).restaurantId, staffActor(request), request.body);
      return reply.status(201).send({ table });
    },
  });

  // A static path, registered beside `/:id`: Fastify's router prefers the static segment.
  r.get('/api/v1/admin/tables/qr.pdf', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'Printable A4 sheet of table cards (QR code, table name, URL); `ids` prints a subset',
      querystring: TableCardsQuery,
      produces: ['application/pdf'],
      response: { 200: PdfBody, ...reads },
    },
    handler: async (request, reply) => {
      const { filename, pdf } = await tableCardsPdf(ctx, requireStaff(request).restaurantId, request.query.ids);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="${filename}"`)
        .type('application/pdf')
        .send(pdf);
    },
  });

  r.get('/api/v1/admin/tables/:id', {
    config: { access: ROLES.adminOrManager },
    schema: { tags, summary: 'One table', params: IdParams, response: { 200: TableResponse, ...reads } },
    handler: async (request) => ({ table: await getTable(ctx, requireStaff(request).restaurantId, request.params.id) }),
  });

  r.patch('/api/v1/admin/tables/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Renames a table or changes its seats or area; 409 when the name is taken',
      params: IdParams,
      body: UpdateTableRequest,
      response: { 200: TableResponse, ...writes },
    },
    handler: async (request) => ({
      table: await updateTable(
        ctx,
        requireStaff(request).restaurantId,
        staffActor(request),
        request.params.id,
        request.body,
      ),
    }),
  });

  r.delete('/api/v1/admin/tables/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Deletes a table; 409 while sessions refer to it',
      params: IdParams,
      response: { 204: z.null(), ...writes },
    },
    handler: async (request, reply) => {
      await deleteTable(ctx, requireStaff(request).restaurantId, staffActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/admin/tables/:id/rotate-token', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Gives the table a new QR token; printed codes with the old one stop working',
      params: IdParams,
      response: { 200: TableResponse, ...reads },
    },
    handler: async (request) => ({
      table: await rotateTableToken(ctx, requireStaff(request).restaurantId, staffActor(request), request.params.id),
    }),
  });

  r.get('/api/v1/admin/tables/:id/qr.svg', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: "The table's QR code as SVG (not cached: the token may be rotated)",
      params: IdParams,
      produces: ['image/svg+xml'],
      response: { 200: SvgBody, ...reads },
    },
    handler: async (request, reply) => {
      const svg = await tableQrSvg(ctx, requireStaff(request).restaurantId, request.params.id);
      return reply.header('cache-control', 'no-store').type('image/svg+xml').send(svg);
    },
  });
}
