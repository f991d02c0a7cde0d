import type { RestaurantSettings, UpdateSettingsRequest } from '@plato/contracts';
import type { Kysely, Selectable } from 'kysely';
import { flag, nowIso } from '../../db/ids.ts';
import type { Database, RestaurantsTable } from '../../db/schema.ts';

export const toSettings = (r: Selectable<RestaurantsTable>): RestaurantSettings => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  currency: r.currency,
  locale: r.locale,
  languages: JSON.parse(r.languages) as string[],
  timezone: r.timezone,
  taxRateBps: r.tax_rate_bps,
  taxInclusive: Boolean(r.tax_inclusive),
  serviceChargeBps: r.service_charge_bps,
  pinLength: r.pin_length,
  orderApproval: Boolean(r.order_approval),
  defaultStationId: r.default_station_id,
  cashRoundingCents: r.cash_rounding_cents as 0 | 5 | 10,
  tipPresetsPercent: JSON.parse(r.tip_presets) as number[],
  autoClose: Boolean(r.auto_close),
});

export async function findRestaurant(db: Kysely<Database>, id: string): Promise<RestaurantSettings | undefined> {
  const row = await db.selectFrom('restaurants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSettings(row);
}

/**
 * The restaurant's settings, its row held until the caller's transaction
 * ends: a no-op update takes the row lock on PostgreSQL (SQLite transactions
 * already run one at a time). What depends on the default station (an item
 * that follows it, a change of it) reads it this way, so a change of the
 * default and an item taking it up queue instead of missing each other.
 */
export async function lockRestaurant(db: Kysely<Database>, id: string): Promise<RestaurantSettings | undefined> {
  const row = await db
    .updateTable('restaurants')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toSettings(row);
}

export async function findRestaurantBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<RestaurantSettings | undefined> {
  const row = await db.selectFrom('restaurants').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toSettings(row);
}

export async function insertRestaurant(db: Kysely<Database>, r: RestaurantSettings): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('restaurants')
    .values({
      id: r.id,
      slug: r.slug,
      name: r.name,
      currency: r.currency,
      locale: r.locale,
      languages: JSON.stringify(r.languages),
      timezone: r.timezone,
      tax_rate_bps: r.taxRateBps,
      tax_inclusive: flag(r.taxInclusive),
      service_charge_bps: r.serviceChargeBps,
      pin_length: r.pinLength,
      order_approval: flag(r.orderApproval),
      default_station_id: r.defaultStationId,
      cash_rounding_cents: r.cashRoundingCents,
      tip_presets: JSON.stringify(r.tipPresetsPercent),
      auto_close: flag(r.autoClose),
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function updateRestaurant(db: Kysely<Database>, id: string, p: UpdateSettingsRequest): Promise<void> {
  await db
    .updateTable('restaurants')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.currency !== undefined && { currency: p.currency }),
      ...(p.locale !== undefined && { locale: p.locale }),
      ...(p.languages !== undefined && { languages: JSON.stringify(p.languages) }),
      ...(p.timezone !== undefined && { timezone: p.timezone }),
      ...(p.taxRateBps !== undefined && { tax_rate_bps: p.taxRateBps }),
      ...(p.taxInclusive !== undefined && { tax_inclusive: flag(p.taxInclusive) }),
      ...(p.serviceChargeBps !== undefined && { service_charge_bps: p.serviceChargeBps }),
      ...(p.pinLength !== undefined && { pin_length: p.pinLength }),
      ...(p.orderApproval !== undefined && { order_approval: flag(p.orderApproval) }),
      ...(p.defaultStationId !== undefined && { default_station_id: p.defaultStationId }),
      ...(p.cashRoundingCents !== undefined && { cash_rounding_cents: p.cashRoundingCents }),
      ...(p.tipPresetsPercent !== undefined && { tip_presets: JSON.stringify(p.tipPresetsPercent) }),
      ...(p.autoClose !== undefined && { auto_close: flag(p.autoClose) }),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}
