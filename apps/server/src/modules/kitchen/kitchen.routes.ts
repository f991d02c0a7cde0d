import {
  AllDayResponse,
  ExpoResponse,
  KitchenTicketResponse,
  KitchenTicketsQuery,
  KitchenTicketsResponse,
  LineIdParams,
  LineStatusRequest,
  LineStatusResponse,
  NoQuery,
  Problem,
  ReadyResponse,
  RecallRequest,
  StationListResponse,
  StationQuery,
  TicketIdParams,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import {
  allDay,
  bumpTicket,
  expo,
  kitchenStations,
  listTickets,
  moveLineForScreen,
  readyLines,
  recallTicket,
} from './kitchen.service.ts';

const PROBLEMS = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem } as const;
const READ_PROBLEMS = { 400: Problem, 401: Problem, 403: Problem } as const;

/** The kitchen display's routes (API.md): every answer is shaped by the kitchen contracts, which carry no money. */
export async function kitchenRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/kitchen/tickets', {
    config: { access: ROLES.kitchen },
    schema: {
      tags: ['kitchen'],
      summary:
        "A station's tickets (or every station's): open ones oldest first, DONE ones of the last hour, or all changed since a sequence",
      querystring: KitchenTicketsQuery,
      response: { 200: KitchenTicketsResponse, ...READ_PROBLEMS },
    },
    handler: async (request) => listTickets(ctx, requireStaff(request), request.query),
  });

  r.post('/api/v1/order-lines/:lineId/status', {
    config: { access: ROLES.lineMovers },
    schema: {
      tags: ['kitchen'],
      summary:
        'Move a line: chefs start, ready and recall; waiters serve and void (with a reason); managers and admins all',
      params: LineIdParams,
      querystring: NoQuery,
      body: LineStatusRequest,
      response: { 200: LineStatusResponse, ...PROBLEMS },
    },
    handler: async (request) =>
      moveLineForScreen(ctx, requireStaff(request), request.params.lineId, request.body, staffActor(request)),
  });

  r.post('/api/v1/kitchen/tickets/:ticketId/bump', {
    config: { access: ROLES.kitchen },
    schema: {
      tags: ['kitchen'],
      summary: 'Bump a ticket: every line on it still to cook (not held) becomes READY',
      params: TicketIdParams,
      querystring: NoQuery,
      response: { 200: KitchenTicketResponse, ...PROBLEMS },
    },
    handler: async (request) => ({
      ticket: await bumpTicket(ctx, requireStaff(request), request.params.ticketId, staffActor(request)),
    }),
  });

  r.post('/api/v1/kitchen/recall', {
    config: { access: ROLES.kitchen },
    schema: {
      tags: ['kitchen'],
      summary:
        "Recall the last bumped ticket (of the station, the chef's own, or any): its READY lines back to IN_PROGRESS",
      querystring: NoQuery,
      body: RecallRequest,
      response: { 200: KitchenTicketResponse, ...PROBLEMS },
    },
    handler: async (request) => ({
      ticket: await recallTicket(ctx, requireStaff(request), request.body?.station, staffActor(request)),
    }),
  });

  r.get('/api/v1/kitchen/stations', {
    config: { access: ROLES.kitchen },
    schema: {
      tags: ['kitchen'],
      summary:
        'The stations a kitchen screen may show, with their warning and late thresholds (a chef tied to a station: that one)',
      querystring: NoQuery,
      response: { 200: StationListResponse, ...READ_PROBLEMS },
    },
    handler: async (request) => ({ stations: await kitchenStations(ctx, requireStaff(request)) }),
  });

  r.get('/api/v1/kitchen/all-day', {
    config: { access: ROLES.kitchen },
    schema: {
      tags: ['kitchen'],
      summary: 'All day: how many of each item (with its options) are still to cook',
      querystring: StationQuery,
      response: { 200: AllDayResponse, ...READ_PROBLEMS },
    },
    handler: async (request) => allDay(ctx, requireStaff(request), request.query.station),
  });

  r.get('/api/v1/kitchen/expo', {
    config: { access: ROLES.expo },
    schema: {
      tags: ['kitchen'],
      summary: 'The pass: orders still to serve with their tickets across stations, and whether all are ready',
      querystring: NoQuery,
      response: { 200: ExpoResponse, ...READ_PROBLEMS },
    },
    handler: async (request) => expo(ctx, requireStaff(request).restaurantId),
  });

  r.get('/api/v1/ready', {
    config: { access: ROLES.waiterPlus },
    schema: {
      tags: ['kitchen'],
      summary: 'READY lines to carry to their tables',
      querystring: NoQuery,
      response: { 200: ReadyResponse, ...READ_PROBLEMS },
    },
    handler: async (request) => readyLines(ctx, requireStaff(request).restaurantId),
  });
}
