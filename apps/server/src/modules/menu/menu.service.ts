import type { Category, MenuItem, ModifierGroup } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { listCategoryRows } from './categories.repository.ts';
import { type MenuScope, selectItemRows } from './items.repository.ts';
import { assembleItems, toCategory, toModifierGroup, toModifierOption } from './menu.presenters.ts';
import { findGroupRow, selectGroupRows, selectOptionRows } from './modifiers.repository.ts';

/** The read side of the menu, shared by the admin API, the guest menu and the seed. */

export type MenuCategory = Category & { items: MenuItem[] };

/**
 * Items of a restaurant (all, one category's or one item) with their modifier
 * groups and options nested, in three queries whatever the menu's size.
 * Items come ordered by position then name; groups and options by position.
 */
export async function loadItems(
  db: Kysely<Database>,
  restaurantId: string,
  scope: MenuScope = {},
): Promise<MenuItem[]> {
  const items = await selectItemRows(db, restaurantId, scope);
  if (items.length === 0) return [];
  const groups = await selectGroupRows(db, restaurantId, scope);
  const options = await selectOptionRows(db, restaurantId, scope);
  return assembleItems(items, groups, options);
}

/** One item with its groups and options; another restaurant's id is as unknown as a made-up one. */
export async function loadItem(db: Kysely<Database>, restaurantId: string, id: string): Promise<MenuItem> {
  const [item] = await loadItems(db, restaurantId, { itemId: id });
  if (!item) throw notFound('Item');
  return item;
}

export async function loadModifierGroup(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<ModifierGroup> {
  const row = await findGroupRow(db, restaurantId, id);
  if (!row) throw notFound('Modifier group');
  const options = await selectOptionRows(db, restaurantId, { groupId: id });
  return toModifierGroup(row, options.map(toModifierOption));
}

/**
 * The whole menu of a restaurant: categories (by position, then name), each
 * with its items, groups and options, in four queries. Unavailable items and
 * options are included with `available: false` (guests see them greyed out);
 * callers that must hide them filter the result.
 */
export async function loadMenu(db: Kysely<Database>, restaurantId: string): Promise<MenuCategory[]> {
  const categories = await listCategoryRows(db, restaurantId);
  const items = await loadItems(db, restaurantId);
  const byCategory = new Map<string, MenuItem[]>();
  for (const item of items) {
    const list = byCategory.get(item.categoryId) ?? [];
    list.push(item);
    byCategory.set(item.categoryId, list);
  }
  return categories.map((c) => ({ ...toCategory(c), items: byCategory.get(c.id) ?? [] }));
}
