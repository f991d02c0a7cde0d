import {
  CourseParams,
  CourseResponse,
  IdParams,
  IdempotencyHeaders,
  NoQuery,
  OrderListResponse,
  OrderResponse,
  PlaceGuestOrderRequest,
  PlaceStaffOrderRequest,
  Problem,
  RejectOrderRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST, GUEST_CHECKED_BY_ROUTE, ROLES } from '../../http/access.ts';
import { originOf, requireGuest, requireGuestToken, requireStaff, staffActor } from '../../http/request-context.ts';
import { placeGuestOrder, placeStaffOrder } from './order-placement.service.ts';
import { holdOrFireCourse } from './line-lifecycle.service.ts';
import { decideOrder, listOrdersOfSession, listSessionOrders } from './orders.service.ts';

const PROBLEMS = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem } as const;
/** Accept and reject both take `{reason?}`; the body may be left out altogether. */
const DecisionBody = RejectOrderRequest.nullish();

export async function ordersRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/guest/orders', {
    // The order's own first statement checks the guest token: one round trip fewer on the hottest route.
    config: { access: GUEST_CHECKED_BY_ROUTE },
    // Sent as it is, like a cart change: a few-line order is just over 1 KB, not worth brotli's CPU on every order.
    compress: false,
    schema: {
      tags: ['guest'],
      summary: 'Order the cart: 201 a new order, 200 the first order again for a repeated Idempotency-Key',
      headers: IdempotencyHeaders,
      querystring: NoQuery,
      body: PlaceGuestOrderRequest,
      response: { 200: OrderResponse, 201: OrderResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const placed = await placeGuestOrder(
        ctx,
        requireGuestToken(request),
        { key: request.headers['idempotency-key'], cartVersion: request.body?.cartVersion },
        originOf(request),
      );
      return reply.status(placed.created ? 201 : 200).send({ order: placed.order });
    },
  });

  r.get('/api/v1/guest/orders', {
    config: { access: GUEST },
    schema: {
      tags: ['guest'],
      summary: "The table session's orders, newest first, with each line's status",
      querystring: NoQuery,
      response: { 200: OrderListResponse, 400: Problem, 401: Problem },
    },
    handler: async (request) => {
      const guest = requireGuest(request);
      return { orders: await listSessionOrders(ctx, guest.restaurantId, guest.sessionId) };
    },
  });

  r.post('/api/v1/sessions/:id/orders', {
    config: { access: ROLES.waiterPlus },
    schema: {
      tags: ['orders'],
      summary: 'A waiter orders for the table (no approval needed); same key and body again → 200 and the first order',
      params: IdParams,
      headers: IdempotencyHeaders,
      querystring: NoQuery,
      body: PlaceStaffOrderRequest,
      response: { 200: OrderResponse, 201: OrderResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const placed = await placeStaffOrder(
        ctx,
        requireStaff(request),
        request.params.id,
        { key: request.headers['idempotency-key'], body: request.body },
        staffActor(request),
      );
      return reply.status(placed.created ? 201 : 200).send({ order: placed.order });
    },
  });

  r.get('/api/v1/sessions/:id/orders', {
    config: { access: ROLES.billReaders },
    schema: {
      tags: ['orders'],
      summary: "A table session's orders, newest first",
      params: IdParams,
      querystring: NoQuery,
      response: { 200: OrderListResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
    handler: async (request) => ({
      orders: await listOrdersOfSession(ctx, requireStaff(request).restaurantId, request.params.id),
    }),
  });

  for (const action of ['accept', 'reject'] as const) {
    r.post(`/api/v1/orders/:id/${action}`, {
      config: { access: ROLES.waiterPlus },
      schema: {
        tags: ['orders'],
        summary:
          action === 'accept'
            ? 'Accept a PENDING guest order: it goes to the kitchen'
            : 'Reject a PENDING guest order: every line is cancelled with the reason',
        params: IdParams,
        querystring: NoQuery,
        body: DecisionBody,
        response: { 200: OrderResponse, ...PROBLEMS },
      },
      handler: async (request) => {
        const decision = { accept: action === 'accept', reason: request.body?.reason ?? null };
        return {
          order: await decideOrder(ctx, requireStaff(request), request.params.id, decision, staffActor(request)),
        };
      },
    });
  }

  for (const action of ['hold', 'fire'] as const) {
    r.post(`/api/v1/orders/:id/courses/:course/${action}`, {
      config: { access: ROLES.waiterPlus },
      schema: {
        tags: ['orders'],
        summary:
          action === 'hold'
            ? "Hold a course: its lines not started wait, greyed and untimed on the kitchen's tickets"
            : 'Fire a held course: its lines go to the kitchen now',
        params: CourseParams,
        querystring: NoQuery,
        response: { 200: CourseResponse, ...PROBLEMS },
      },
      handler: async (request) => {
        const { id: orderId, course } = request.params;
        const change = await holdOrFireCourse(
          ctx,
          requireStaff(request),
          { orderId, course },
          action === 'hold',
          staffActor(request),
        );
        return { orderId, course, lineIds: change.lineIds };
      },
    });
  }
}
