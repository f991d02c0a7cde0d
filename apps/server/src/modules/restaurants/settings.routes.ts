import { Problem, SettingsResponse, UpdateSettingsRequest } from '@plato/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { notFound } from '../../errors.ts';
import { ROLES } from '../../http/access.ts';
import { requireStaff, staffActor } from '../../http/request-context.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findRestaurant, updateRestaurant } from './restaurants.repository.ts';

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
      summary: 'Change settings (currency, tax, service charge, PIN length, order approval…)',
      body: UpdateSettingsRequest,
      response: { 200: SettingsResponse, 400: Problem },
    },
    handler: async (request) => {
      const { restaurantId } = requireStaff(request);
      const settings = await inTransaction(ctx.db, async (tx) => {
        const before = await findRestaurant(tx, restaurantId);
        if (!before) throw notFound('Restaurant');
        await updateRestaurant(tx, restaurantId, request.body);
        const after = (await findRestaurant(tx, restaurantId))!;
        const changed = Object.fromEntries(
          Object.keys(request.body)
            .filter((k) => before[k as keyof typeof before] !== after[k as keyof typeof after])
            .map((k) => [k, { from: before[k as keyof typeof before], to: after[k as keyof typeof after] }]),
        );
        if (Object.keys(changed).length > 0) {
          await recordAudit(tx, {
            restaurantId,
            actor: staffActor(request),
            action: 'restaurant.settings_changed',
            entityType: 'restaurant',
            entityId: restaurantId,
            data: changed,
          });
        }
        return after;
      });
      return { settings };
    },
  });
}
