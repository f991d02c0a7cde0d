import { FloorResponse, NoQuery, Problem } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff } from '../../http/request-context.ts';
import { getFloor } from './floor.service.ts';

export async function floorRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/floor', {
    config: { access: ROLES.floor },
    schema: {
      querystring: NoQuery,
      tags: ['floor'],
      summary: 'Every table in natural name order, with its derived status, open session and unresolved calls',
      description:
        'Status, most urgent first: BILL_REQUESTED (an unresolved bill call), FOOD_READY (a line is READY), ' +
        'WAITING_FOR_FOOD (a line is NEW or IN_PROGRESS, or an order awaits approval), ORDERING (a cart has lines), ' +
        'SEATED (an open session), FREE. Live: `table.updated` carries one table in this shape.',
      response: { 200: FloorResponse, 401: Problem, 403: Problem },
    },
    handler: async (request) => ({ tables: await getFloor(ctx, requireStaff(request).restaurantId) }),
  });
}
