import {
  CreateStationRequest,
  IdParams,
  StationListResponse,
  StationResponse,
  UpdateStationRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { NoContent, NoQuery, PROBLEMS, PROBLEMS_WITH_CONFLICT, TAGS as tags } from './menu.schemas.ts';
import { createStation, deleteStation, getStation, listStations, updateStation } from './stations.service.ts';

export async function stationsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/admin/stations', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'Kitchen stations, by position then name',
      querystring: NoQuery,
      response: { 200: StationListResponse, ...PROBLEMS },
    },
    handler: async (request) => ({ stations: await listStations(ctx.db, requireStaff(request).restaurantId) }),
  });

  r.post('/api/v1/admin/stations', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Create a station (name unique in the restaurant)',
      querystring: NoQuery,
      body: CreateStationRequest,
      response: { 201: StationResponse, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request, reply) => {
      const { restaurantId } = requireStaff(request);
      const station = await createStation(ctx.db, restaurantId, request.body, staffActor(request));
      return reply.status(201).send({ station });
    },
  });

  r.get('/api/v1/admin/stations/:id', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'One station',
      params: IdParams,
      querystring: NoQuery,
      response: { 200: StationResponse, ...PROBLEMS },
    },
    handler: async (request) => ({
      station: await getStation(ctx.db, requireStaff(request).restaurantId, request.params.id),
    }),
  });

  r.patch('/api/v1/admin/stations/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Rename or reorder a station',
      params: IdParams,
      querystring: NoQuery,
      body: UpdateStationRequest,
      response: { 200: StationResponse, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      return {
        station: await updateStation(ctx.db, restaurantId, request.params.id, request.body, staffActor(request)),
      };
    },
  });

  r.delete('/api/v1/admin/stations/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Delete a station no item or staff member uses (else 409)',
      params: IdParams,
      querystring: NoQuery,
      response: { 204: NoContent, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request, reply) => {
      await deleteStation(ctx.db, requireStaff(request).restaurantId, request.params.id, staffActor(request));
      return reply.status(204).send(null);
    },
  });
}
