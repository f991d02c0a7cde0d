import type { RestaurantSettings, StaffRole, UpdateSettingsRequest } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import { type Executor, inTransaction } from '../../db/transaction.ts';
import { notFound } from '../../errors.ts';
import { hashPassword } from '../staff/passwords.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { insertStaff } from '../staff/staff.repository.ts';
import { findRestaurant, insertRestaurant, lockRestaurant, updateRestaurant } from './restaurants.repository.ts';

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
  languages: [],
  timezone: 'Europe/Paris',
  taxRateBps: 1000,
  taxInclusive: true,
  serviceChargeBps: 0,
  pinLength: 4,
  orderApproval: false,
  defaultStationId: null,
  cashRoundingCents: 0,
  tipPresetsPercent: [10, 15, 20],
  autoClose: false,
} satisfies Partial<RestaurantSettings>;

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

/**
 * Applies a settings change, audited with what actually changed. A new
 * default station goes through the `restaurant.default-station.changing`
 * hook in the same transaction (the menu checks the station and moves the
 * items that follow the default), after the restaurant's row is locked, so
 * an item taking up the default meanwhile queues behind the change.
 */
export async function updateSettings(
  ctx: AppContext,
  restaurantId: string,
  patch: UpdateSettingsRequest,
  actor: AuditActor,
): Promise<RestaurantSettings> {
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const before = await lockRestaurant(tx, restaurantId);
    if (!before) throw notFound('Restaurant');
    if (patch.defaultStationId !== undefined && patch.defaultStationId !== before.defaultStationId) {
      const change = { restaurantId, stationId: patch.defaultStationId };
      await ctx.events.run('restaurant.default-station.changing', tx, change, afterCommit);
    }
    await updateRestaurant(tx, restaurantId, patch);
    const after = (await findRestaurant(tx, restaurantId))!;
    const keys = (Object.keys(patch) as (keyof UpdateSettingsRequest)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (keys.length > 0) {
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'restaurant.settings_changed',
        entityType: 'restaurant',
        entityId: restaurantId,
        data: Object.fromEntries(keys.map((k) => [k, { from: before[k], to: after[k] }])),
      });
    }
    return after;
  });
}
