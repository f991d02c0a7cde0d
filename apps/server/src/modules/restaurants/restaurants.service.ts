import type { RestaurantSettings, StaffRole } from '@plato/contracts';
import { newId } from '../../db/ids.ts';
import { type Executor, inTransaction } from '../../db/transaction.ts';
import { hashPassword } from '../staff/passwords.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { insertStaff } from '../staff/staff.repository.ts';
import { insertRestaurant } from './restaurants.repository.ts';

export interface CreateRestaurantInput {
  slug: string;
  name: string;
  currency?: string;
  locale?: string;
  timezone?: string;
  admin: { name: string; email: string; password: string };
}

export const DEFAULT_SETTINGS = {
  currency: 'EUR',
  locale: 'en',
  timezone: 'Europe/Paris',
  taxRateBps: 1000,
  taxInclusive: true,
  serviceChargeBps: 0,
  pinLength: 4,
  orderApproval: false,
} as const;

/** Creates a tenant with its first admin: the operator's entry point (CLI) and the seed's. */
export async function createRestaurant(
  db: Executor,
  input: CreateRestaurantInput,
): Promise<{ restaurant: RestaurantSettings; adminId: string }> {
  const restaurant: RestaurantSettings = {
    ...DEFAULT_SETTINGS,
    id: newId(),
    slug: input.slug,
    name: input.name,
    ...(input.currency && { currency: input.currency }),
    ...(input.locale && { locale: input.locale }),
    ...(input.timezone && { timezone: input.timezone }),
  };
  const adminId = newId();
  const passwordHash = await hashPassword(input.admin.password);
  await inTransaction(db, async (tx) => {
    await insertRestaurant(tx, restaurant);
    await insertStaff(tx, {
      id: adminId,
      restaurantId: restaurant.id,
      name: input.admin.name,
      email: input.admin.email,
      role: 'ADMIN' satisfies StaffRole,
      passwordHash,
      stationId: null,
    });
    await recordAudit(tx, {
      restaurantId: restaurant.id,
      actor: { type: 'SYSTEM', label: 'restaurant:create' },
      action: 'restaurant.created',
      entityType: 'restaurant',
      entityId: restaurant.id,
      data: { slug: restaurant.slug, adminEmail: input.admin.email },
    });
  });
  return { restaurant, adminId };
}
