import {
  AvailabilityRequest,
  CreateModifierGroupRequest,
  CreateModifierOptionRequest,
  IdParams,
  ModifierGroupResponse,
  ModifierOptionResponse,
  UpdateModifierGroupRequest,
  UpdateModifierOptionRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { NoContent, NoQuery, PROBLEMS, TAGS as tags } from './menu.schemas.ts';
import {
  createModifierGroup,
  createModifierOption,
  deleteModifierGroup,
  deleteModifierOption,
  setModifierOptionAvailability,
  updateModifierGroup,
  updateModifierOption,
} from './modifiers.service.ts';

/** Modifier groups and options are read through their item (GET /admin/items/:id); these routes change them. */
export async function modifiersRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/admin/items/:id/modifier-groups', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Add a modifier group to an item (minSelections ≤ maxSelections)',
      params: IdParams,
      querystring: NoQuery,
      body: CreateModifierGroupRequest,
      response: { 201: ModifierGroupResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const { restaurantId } = requireStaff(request);
      const { id } = request.params;
      const modifierGroup = await createModifierGroup(ctx.db, restaurantId, id, request.body, staffActor(request));
      return reply.status(201).send({ modifierGroup });
    },
  });

  r.patch('/api/v1/admin/modifier-groups/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Change a modifier group; the merged minSelections must not exceed maxSelections',
      params: IdParams,
      querystring: NoQuery,
      body: UpdateModifierGroupRequest,
      response: { 200: ModifierGroupResponse, ...PROBLEMS },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      const { id } = request.params;
      return { modifierGroup: await updateModifierGroup(ctx.db, restaurantId, id, request.body, staffActor(request)) };
    },
  });

  r.delete('/api/v1/admin/modifier-groups/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Delete a modifier group with its options',
      params: IdParams,
      querystring: NoQuery,
      response: { 204: NoContent, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      await deleteModifierGroup(ctx.db, requireStaff(request).restaurantId, request.params.id, staffActor(request));
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/admin/modifier-groups/:id/options', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Add an option to a modifier group',
      params: IdParams,
      querystring: NoQuery,
      body: CreateModifierOptionRequest,
      response: { 201: ModifierOptionResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const { restaurantId } = requireStaff(request);
      const { id } = request.params;
      const modifierOption = await createModifierOption(ctx.db, restaurantId, id, request.body, staffActor(request));
      return reply.status(201).send({ modifierOption });
    },
  });

  r.patch('/api/v1/admin/modifier-options/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Change a modifier option; a price change is audited',
      params: IdParams,
      querystring: NoQuery,
      body: UpdateModifierOptionRequest,
      response: { 200: ModifierOptionResponse, ...PROBLEMS },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      const { id } = request.params;
      return {
        modifierOption: await updateModifierOption(ctx.db, restaurantId, id, request.body, staffActor(request)),
      };
    },
  });

  r.delete('/api/v1/admin/modifier-options/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Delete a modifier option',
      params: IdParams,
      querystring: NoQuery,
      response: { 204: NoContent, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      await deleteModifierOption(ctx.db, requireStaff(request).restaurantId, request.params.id, staffActor(request));
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/admin/modifier-options/:id/availability', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: '86 a modifier option or bring it back (ADMIN or MANAGER)',
      params: IdParams,
      querystring: NoQuery,
      body: AvailabilityRequest,
      response: { 200: ModifierOptionResponse, ...PROBLEMS },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      const { id } = request.params;
      const { available } = request.body;
      return {
        modifierOption: await setModifierOptionAvailability(ctx.db, restaurantId, id, available, staffActor(request)),
      };
    },
  });
}
