import { Problem, SettingsResponse, UpdateSettingsRequest } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { findRestaurant } from './restaurants.repository.ts';
import { updateSettings } from './restaurants.service.ts';

export async function settingsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/admin/settings', {
    config: { access: ROLES.adminOrManager },
    schema: { tags: ['admin'], summary: "The restaurant's settings", response: { 200: SettingsResponse } },
    handler: async (request) => {
      const settings = await findRestaurant(ctx.db, requireStaff(request).restaurantId);
      if (!settings) throw notFound('Restaurant');
      return { settings };
    },
  });

  r.patch('/api/v1/admin/settings', {
    config: { access: ROLES.admin },
    schema: {
      tags: ['admin'],
      summary: 'Change settings (currency, tax, service charge, PIN length, order approval, default station…)',
      body: UpdateSettingsRequest,
      response: { 200: SettingsResponse, 400: Problem, 404: Problem, 409: Problem },
    },
    handler: async (request) => ({
      settings: await updateSettings(ctx, requireStaff(request).restaurantId, request.body, staffActor(request)),
    }),
  });
}
