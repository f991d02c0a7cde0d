import type {
  Allergen,
  Category,
  DietaryTag,
  MenuItem,
  ModifierGroup,
  ModifierOption,
  Station,
  Translations,
} from '@plato/contracts';
import type { Selectable } from 'kysely';
import type {
  CategoriesTable,
  MenuItemsTable,
  ModifierGroupsTable,
  ModifierOptionsTable,
  StationsTable,
} from '../../db/schema.ts';

/** Rows → API shapes. JSON columns are text written by this module only, so they parse. */

export type StationRow = Selectable<StationsTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type ItemRow = Selectable<MenuItemsTable>;
export type GroupRow = Selectable<ModifierGroupsTable>;
export type OptionRow = Selectable<ModifierOptionsTable>;

/** Photos are served by app.ts under /media/ from `<dataDir>/media/<image_path>`. */
export const imageUrlOf = (imagePath: string | null): string | null => (imagePath ? `/media/${imagePath}` : null);

export const toStation = (r: StationRow): Station => ({
  id: r.id,
  name: r.name,
  position: r.position,
  warnMinutes: r.warn_minutes,
  lateMinutes: r.late_minutes,
});

export const toCategory = (r: CategoryRow): Category => ({
  id: r.id,
  name: r.name,
  position: r.position,
  translations: JSON.parse(r.translations) as Translations,
  taxRateBps: r.tax_rate_bps,
  serviceApplies: Boolean(r.service_applies),
});

export const toModifierOption = (r: OptionRow): ModifierOption => ({
  id: r.id,
  groupId: r.group_id,
  name: r.name,
  priceDeltaCents: r.price_delta_cents,
  available: Boolean(r.available),
  position: r.position,
});

export const toModifierGroup = (r: GroupRow, options: ModifierOption[]): ModifierGroup => ({
  id: r.id,
  itemId: r.item_id,
  name: r.name,
  minSelections: r.min_selections,
  maxSelections: r.max_selections,
  position: r.position,
  options,
});

export const toMenuItem = (r: ItemRow, modifierGroups: ModifierGroup[]): MenuItem => ({
  id: r.id,
  categoryId: r.category_id,
  // An item that follows the default station says so; its station_id only mirrors the default for order lines.
  stationId: r.station_default ? null : r.station_id,
  name: r.name,
  description: r.description,
  priceCents: r.price_cents,
  imageUrl: imageUrlOf(r.image_path),
  allergens: JSON.parse(r.allergens) as Allergen[],
  tags: JSON.parse(r.tags) as DietaryTag[],
  available: Boolean(r.available),
  position: r.position,
  translations: JSON.parse(r.translations) as Translations,
  modifierGroups,
  updatedAt: r.updated_at,
});

/** Nests options into groups and groups into items; the rows arrive already ordered. */
export function assembleItems(items: ItemRow[], groups: GroupRow[], options: OptionRow[]): MenuItem[] {
  const optionsByGroup = new Map<string, ModifierOption[]>();
  for (const o of options) {
    const list = optionsByGroup.get(o.group_id) ?? [];
    list.push(toModifierOption(o));
    optionsByGroup.set(o.group_id, list);
  }
  const groupsByItem = new Map<string, ModifierGroup[]>();
  for (const g of groups) {
    const list = groupsByItem.get(g.item_id) ?? [];
    list.push(toModifierGroup(g, optionsByGroup.get(g.id) ?? []));
    groupsByItem.set(g.item_id, list);
  }
  return items.map((i) => toMenuItem(i, groupsByItem.get(i.id) ?? []));
}
