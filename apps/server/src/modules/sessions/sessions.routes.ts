import {
  CloseSessionRequest,
  IdParams,
  MoveSessionRequest,
  NoQuery,
  OpenSessionRequest,
  CloseSessionResponse,
  OpenSessionResponse,
  PinResponse,
  Problem,
  SessionResponse,
  TableIdParams,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { joinRoutes } from './join.routes.ts';
import { closeSession, moveSession, openSession, resetPin } from './sessions.service.ts';

const tags = ['sessions'];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export async function sessionsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/tables/:tableId/sessions', {
    config: { access: ROLES.waiterPlus },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Opens a session on a free table and answers its PIN (shown once, never stored)',
      description: '409 TABLE_OCCUPIED when the table already has an open session, also when two waiters race.',
      params: TableIdParams,
      body: OpenSessionRequest,
      response: { 201: OpenSessionResponse, ...errors },
    },
    handler: async (request, reply) => {
      const result = await openSession(
        ctx,
        requireStaff(request),
        staffActor(request),
        request.params.tableId,
        request.body.mode,
      );
      return reply.status(201).send(result);
    },
  });

  r.post('/api/v1/sessions/:id/pin', {
    config: { access: ROLES.waiterPlus },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Replaces the PIN; the old one stops working and a PIN block is lifted',
      params: IdParams,
      response: { 200: PinResponse, ...errors },
    },
    handler: async (request) =>
      resetPin(ctx, requireStaff(request).restaurantId, staffActor(request), request.params.id),
  });

  r.post('/api/v1/sessions/:id/move', {
    config: { access: ROLES.waiterPlus },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Moves the session to a free table; guests, carts, orders and calls go with it',
      params: IdParams,
      body: MoveSessionRequest,
      response: { 200: SessionResponse, ...errors },
    },
    handler: async (request) => ({
      session: await moveSession(
        ctx,
        requireStaff(request).restaurantId,
        staffActor(request),
        request.params.id,
        request.body.tableId,
      ),
    }),
  });

  r.post('/api/v1/sessions/:id/close', {
    config: { access: ROLES.cashierPlus },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Closes the session: frees the table, signs every guest out, and answers the receipt link for the guest',
      description:
        '409 BALANCE_DUE while order lines are not all served or cancelled, unless a MANAGER or ADMIN gives a `reason`.',
      params: IdParams,
      // The body may be left out entirely when there is no reason to give.
      body: CloseSessionRequest.nullish(),
      response: { 200: CloseSessionResponse, ...errors },
    },
    handler: async (request) =>
      closeSession(ctx, requireStaff(request), staffActor(request), request.params.id, request.body?.reason),
  });

  await joinRoutes(app, ctx);
}
