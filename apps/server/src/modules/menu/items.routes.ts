import {
  AvailabilityRequest,
  CreateMenuItemRequest,
  IdParams,
  MenuItemListQuery,
  MenuItemListResponse,
  MenuItemResponse,
  UpdateMenuItemRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { createItem, deleteItem, listItems, setItemAvailability, updateItem } from './items.service.ts';
import { NoContent, NoQuery, PROBLEMS, PROBLEMS_WITH_CONFLICT, TAGS as tags } from './menu.schemas.ts';
import { loadItem } from './menu.service.ts';

export async function itemsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/admin/items', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'Menu items with their modifier groups and options, optionally of one category',
      querystring: MenuItemListQuery,
      response: { 200: MenuItemListResponse, ...PROBLEMS },
    },
    handler: async (request) => ({ items: await listItems(ctx.db, requireStaff(request).restaurantId, request.query) }),
  });

  r.post('/api/v1/admin/items', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Create a menu item (its category and station must be this restaurant’s, else 404)',
      querystring: NoQuery,
      body: CreateMenuItemRequest,
      response: { 201: MenuItemResponse, ...PROBLEMS },
    },
    handler: async (request, reply) => {
      const item = await createItem(ctx.db, requireStaff(request).restaurantId, request.body, staffActor(request));
      return reply.status(201).send({ item });
    },
  });

  r.get('/api/v1/admin/items/:id', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'One menu item with its modifier groups and options',
      params: IdParams,
      querystring: NoQuery,
      response: { 200: MenuItemResponse, ...PROBLEMS },
    },
    handler: async (request) => ({
      item: await loadItem(ctx.db, requireStaff(request).restaurantId, request.params.id),
    }),
  });

  r.patch('/api/v1/admin/items/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Change a menu item; a price change is audited as menu.item.price_changed',
      params: IdParams,
      querystring: NoQuery,
      body: UpdateMenuItemRequest,
      response: { 200: MenuItemResponse, ...PROBLEMS },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      return { item: await updateItem(ctx.db, restaurantId, request.params.id, request.body, staffActor(request)) };
    },
  });

  r.delete('/api/v1/admin/items/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Delete a menu item for good, with its modifier groups and photo',
      params: IdParams,
      querystring: NoQuery,
      response: { 204: NoContent, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request, reply) => {
      await deleteItem(ctx, requireStaff(request).restaurantId, request.params.id, staffActor(request));
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/admin/items/:id/availability', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: '86 an item or bring it back (ADMIN or MANAGER)',
      params: IdParams,
      querystring: NoQuery,
      body: AvailabilityRequest,
      response: { 200: MenuItemResponse, ...PROBLEMS },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      const { id } = request.params;
      return { item: await setItemAvailability(ctx.db, restaurantId, id, request.body.available, staffActor(request)) };
    },
  });
}
