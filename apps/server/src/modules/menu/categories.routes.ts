import {
  CreateCategoryRequest,
  IdParams,
  CategoryListResponse,
  CategoryResponse,
  UpdateCategoryRequest,
} from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { NoContent, NoQuery, PROBLEMS, PROBLEMS_WITH_CONFLICT, TAGS as tags } from './menu.schemas.ts';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from './categories.service.ts';

export async function categoriesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/admin/categories', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'Menu categories, by position then name',
      querystring: NoQuery,
      response: { 200: CategoryListResponse, ...PROBLEMS },
    },
    handler: async (request) => ({ categories: await listCategories(ctx.db, requireStaff(request).restaurantId) }),
  });

  r.post('/api/v1/admin/categories', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Create a category (name unique in the restaurant)',
      querystring: NoQuery,
      body: CreateCategoryRequest,
      response: { 201: CategoryResponse, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request, reply) => {
      const { restaurantId } = requireStaff(request);
      const category = await createCategory(ctx.db, restaurantId, request.body, staffActor(request));
      return reply.status(201).send({ category });
    },
  });

  r.get('/api/v1/admin/categories/:id', {
    config: { access: ROLES.adminOrManager },
    schema: {
      tags,
      summary: 'One category',
      params: IdParams,
      querystring: NoQuery,
      response: { 200: CategoryResponse, ...PROBLEMS },
    },
    handler: async (request) => ({
      category: await getCategory(ctx.db, requireStaff(request).restaurantId, request.params.id),
    }),
  });

  r.patch('/api/v1/admin/categories/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Rename, reorder or translate a category',
      params: IdParams,
      querystring: NoQuery,
      body: UpdateCategoryRequest,
      response: { 200: CategoryResponse, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      return {
        category: await updateCategory(ctx.db, restaurantId, request.params.id, request.body, staffActor(request)),
      };
    },
  });

  r.delete('/api/v1/admin/categories/:id', {
    config: { access: ROLES.admin },
    schema: {
      tags,
      summary: 'Delete a category that has no items (else 409)',
      params: IdParams,
      querystring: NoQuery,
      response: { 204: NoContent, ...PROBLEMS_WITH_CONFLICT },
    },
    handler: async (request, reply) => {
      await deleteCategory(ctx.db, requireStaff(request).restaurantId, request.params.id, staffActor(request));
      return reply.status(204).send(null);
    },
  });
}
