import type { AppContext } from '../../context.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createRestaurant } from '../restaurants/restaurants.service.ts';
import { insertStaff } from '../staff/staff.repository.ts';
import { newId } from '../../db/ids.ts';
import { DEMO } from './demo.data.ts';

/**
 * Seeds the demo restaurant when the database has no restaurant at all, so a
 * fresh `npm start` is ready to try and an existing installation is never
 * touched. Refused in production: its password is public.
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<boolean> {
  if (ctx.config.env === 'production') return false;
  const any = await ctx.db.selectFrom('restaurants').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await seedDemo(ctx);
  return true;
}

export async function seedDemo(ctx: AppContext): Promise<void> {
  const admin = DEMO.staff.find((s) => s.role === 'ADMIN')!;
  const { restaurant } = await createRestaurant(ctx.db, {
    slug: DEMO.slug,
    name: DEMO.name,
    currency: DEMO.currency,
    locale: DEMO.locale,
    timezone: DEMO.timezone,
    admin: { name: admin.name, email: admin.email, password: DEMO.password },
  });
  const passwordHash = await hashPassword(DEMO.password);
  for (const s of DEMO.staff.filter((x) => x.role !== 'ADMIN')) {
    await insertStaff(ctx.db, { id: newId(), restaurantId: restaurant.id, name: s.name, email: s.email, role: s.role, passwordHash, stationId: null });
  }
}
