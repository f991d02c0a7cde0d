import { CallListResponse, CallResponse, CreateCallRequest, IdParams, NoQuery, Problem } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { GUEST, ROLES } from '../../http/access.ts';
import { guestActor, requireGuest, requireStaff } from '../../http/request-context.ts';
import { acknowledgeCall, createCall, listCalls, resolveCall } from './calls.service.ts';

const tags = ['calls'];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export async function callsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/guest/calls', {
    config: { access: GUEST },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Calls the waiter or asks for the bill',
      description:
        'Answers 201 with the call either way: a new one, or — while the table already has an unresolved call ' +
        'of this kind — that call with `repeats` counted up. A repeat within 2 minutes of the last request ' +
        'is folded silently; a later one alerts the waiters again (`call.created`).',
      body: CreateCallRequest,
      response: { 201: CallResponse, ...errors },
    },
    handler: async (request, reply) => {
      const call = await createCall(ctx, requireGuest(request), guestActor(request), request.body.kind);
      return reply.status(201).send({ call });
    },
  });

  r.get('/api/v1/calls', {
    config: { access: ROLES.floor },
    schema: {
      querystring: NoQuery,
      tags,
      summary: "The restaurant's open and acknowledged calls, oldest first",
      response: { 200: CallListResponse, ...errors },
    },
    handler: async (request) => ({ calls: await listCalls(ctx, requireStaff(request).restaurantId) }),
  });

  r.post('/api/v1/calls/:id/acknowledge', {
    config: { access: ROLES.waiterPlus },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Marks the call as seen ("on my way"); 409 INVALID_TRANSITION once resolved',
      params: IdParams,
      response: { 200: CallResponse, ...errors },
    },
    handler: async (request) => {
      const s = requireStaff(request);
      return { call: await acknowledgeCall(ctx, s.restaurantId, s.id, request.params.id) };
    },
  });

  r.post('/api/v1/calls/:id/resolve', {
    config: { access: ROLES.waiterPlus },
    schema: {
      querystring: NoQuery,
      tags,
      summary: 'Resolves the call (resolving a resolved call answers it unchanged)',
      params: IdParams,
      response: { 200: CallResponse, ...errors },
    },
    handler: async (request) => {
      const s = requireStaff(request);
      return { call: await resolveCall(ctx, s.restaurantId, s.id, request.params.id) };
    },
  });
}
