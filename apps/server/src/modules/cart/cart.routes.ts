import { AddCartLineRequest, Cart, LineIdParams, NoQuery, Problem, UpdateCartLineRequest } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST } from '../../http/access.ts';
import { requireGuest } from '../../http/request-context.ts';
import { addCartLine, changeCartLine, getCartForGuest, removeCartLine } from './cart.service.ts';

const tags = ['guest'];
const PROBLEMS = { 400: Problem, 401: Problem, 404: Problem, 409: Problem } as const;
/*
 * The cart changes answer as they are (`compress: false`), whatever the
 * plugin's threshold: a cart of a few lines is about 1 KB, and brotli would
 * spend more CPU on every tap than the few hundred bytes it saves are worth.
 */

/** The guest's cart: the table's in FAMILY mode, their own in INDIVIDUAL mode. Every change answers the new cart. */
export async function cartRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/guest/cart', {
    config: { access: GUEST },
    schema: {
      tags,
      summary: 'The cart, priced from the current menu',
      querystring: NoQuery,
      response: { 200: Cart, 400: Problem, 401: Problem },
    },
    handler: async (request) => getCartForGuest(ctx, requireGuest(request)),
  });

  r.post('/api/v1/guest/cart/lines', {
    config: { access: GUEST },
    compress: false,
    schema: {
      tags,
      summary: "Add a line; 404 unknown item, 400 choices outside a group's min/max, 409 ITEM_UNAVAILABLE",
      querystring: NoQuery,
      body: AddCartLineRequest,
      response: { 200: Cart, ...PROBLEMS },
    },
    handler: async (request) => addCartLine(ctx, requireGuest(request), request.body),
  });

  r.patch('/api/v1/guest/cart/lines/:lineId', {
    config: { access: GUEST },
    compress: false,
    schema: {
      tags,
      summary: "Change a line's quantity, note or course",
      params: LineIdParams,
      querystring: NoQuery,
      body: UpdateCartLineRequest,
      response: { 200: Cart, ...PROBLEMS },
    },
    handler: async (request) => changeCartLine(ctx, requireGuest(request), request.params.lineId, request.body),
  });

  r.delete('/api/v1/guest/cart/lines/:lineId', {
    config: { access: GUEST },
    compress: false,
    schema: {
      tags,
      summary: 'Remove a line',
      params: LineIdParams,
      querystring: NoQuery,
      response: { 200: Cart, ...PROBLEMS },
    },
    handler: async (request) => removeCartLine(ctx, requireGuest(request), request.params.lineId),
  });
}
