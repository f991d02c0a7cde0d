import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { categoriesRoutes } from './categories.routes.ts';
import { itemsRoutes } from './items.routes.ts';
import { modifiersRoutes } from './modifiers.routes.ts';
import { photosRoutes } from './photos.routes.ts';
import { stationsRoutes } from './stations.routes.ts';

/** The admin menu API (`/api/v1/admin/{stations,categories,items,modifier-groups,modifier-options}`). */
export async function menuRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await stationsRoutes(app, ctx);
  await categoriesRoutes(app, ctx);
  await itemsRoutes(app, ctx);
  await modifiersRoutes(app, ctx);
  await photosRoutes(app, ctx);
}
