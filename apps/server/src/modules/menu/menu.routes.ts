import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { categoriesRoutes } from './categories.routes.ts';
import { itemsRoutes } from './items.routes.ts';
import { modifiersRoutes } from './modifiers.routes.ts';
import { photosRoutes } from './photos.routes.ts';
import { stationsRoutes } from './stations.routes.ts';

/**
 * The admin menu API (`/api/v1/admin/{stations,categories,items,modifier-groups,modifier-options}`). Every change
 * that succeeded tells the restaurant's guest phones to read the menu again (`menu.updated`), so an item 86'd
 * greys out on every table at once; the answer has gone, so the change has committed.
 */
export async function menuRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onResponse', async (request, reply) => {
      if (request.method === 'GET' || reply.statusCode >= 300) return;
      const restaurantId = request.staff?.restaurantId;
      if (restaurantId) ctx.live.menuUpdated(restaurantId);
    });
    await stationsRoutes(scope, ctx);
    await categoriesRoutes(scope, ctx);
    await itemsRoutes(scope, ctx);
    await modifiersRoutes(scope, ctx);
    await photosRoutes(scope, ctx);
  });
}
