import type { Allergen, GuestMenuResponse } from '@plato/contracts';
import { ALLERGENS } from '@plato/contracts/constants';
import { signal } from '@preact/signals';
import { localStore } from '../../lib/local-store';

type MenuItem = GuestMenuResponse['categories'][number]['items'][number];

const AVOID = 'plato.avoidAllergens';

function readAvoided(): Allergen[] {
  try {
    const stored = JSON.parse(localStore.get(AVOID) ?? '[]') as unknown;
    return Array.isArray(stored) ? ALLERGENS.filter((a) => stored.includes(a)) : [];
  } catch {
    return [];
  }
}

/** Allergens the guest avoids: items containing any are hidden. Remembered on the phone for the next visit. */
export const avoided = signal<Allergen[]>(readAvoided());
export const search = signal('');

export function toggleAvoided(allergen: Allergen): void {
  const next = avoided.value.includes(allergen)
    ? avoided.value.filter((a) => a !== allergen)
    : ALLERGENS.filter((a) => a === allergen || avoided.value.includes(a));
  avoided.value = next;
  localStore.set(AVOID, JSON.stringify(next));
}

/** Case- and accent-blind, so "creme" finds "Crème brûlée". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The categories as shown: items with an avoided allergen left out, the
 * search applied to names and descriptions, popular items first (stable
 * otherwise), empty categories dropped.
 */
export function visibleCategories(menu: GuestMenuResponse, avoid: readonly Allergen[], query: string) {
  const q = fold(query.trim());
  let hidden = 0;
  const categories = menu.categories
    .map((category) => {
      const items = category.items.filter((item) => {
        if (item.allergens.some((a) => avoid.includes(a))) {
          hidden++;
          return false;
        }
        return q === '' || fold(`${item.name} ${item.description}`).includes(q);
      });
      return { ...category, items: popularFirst(items) };
    })
    .filter((category) => category.items.length > 0);
  return { categories, hidden };
}

const popularFirst = (items: MenuItem[]) =>
  [...items].sort((a, b) => Number(b.tags.includes('POPULAR')) - Number(a.tags.includes('POPULAR')));

/** True when the item can go to the cart with one tap: nothing to choose. */
export const needsChoices = (item: MenuItem) => item.modifierGroups.some((g) => g.min > 0);

export type { MenuItem };

/** The first `limit` dishes, in menu order, and the categories they fall in; the list itself when it all fits. */
export function firstDishes<C extends { items: readonly unknown[] }>(categories: C[], limit: number): C[] {
  if (dishCount(categories) <= limit) return categories;
  let left = limit;
  const out: C[] = [];
  for (const c of categories) {
    if (left <= 0) break;
    out.push(c.items.length <= left ? c : { ...c, items: c.items.slice(0, left) });
    left -= c.items.length;
  }
  return out;
}

export const dishCount = (categories: readonly { items: readonly unknown[] }[]) =>
  categories.reduce((n, c) => n + c.items.length, 0);
