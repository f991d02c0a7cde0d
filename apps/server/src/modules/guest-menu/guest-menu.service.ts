import type { GuestMenuResponse, MenuItem } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { loadMenu } from '../menu/menu.service.ts';
import { findRestaurant } from '../restaurants/restaurants.repository.ts';
import { canonicalLocale, chooseLocale, parseAcceptLanguage, translated } from './guest-menu.locale.ts';

export interface LocaleWish {
  /** `?locale=`, an explicit choice that outranks the browser's. */
  query?: string | undefined;
  acceptLanguage?: string | undefined;
}

type GuestItem = GuestMenuResponse['categories'][number]['items'][number];

function toGuestItem(item: MenuItem, locale: string): GuestItem {
  return {
    id: item.id,
    name: translated(item.translations, locale, 'name', item.name),
    description: translated(item.translations, locale, 'description', item.description),
    priceCents: item.priceCents,
    ...(item.imageUrl !== null && { imageUrl: item.imageUrl }),
    allergens: item.allergens,
    tags: item.tags,
    available: item.available,
    modifierGroups: item.modifierGroups.map((g) => ({
      id: g.id,
      name: g.name,
      min: g.minSelections,
      max: g.maxSelections,
      options: g.options.map((o) => ({
        id: o.id,
        name: o.name,
        priceDeltaCents: o.priceDeltaCents,
        available: o.available,
      })),
    })),
  };
}

/**
 * The menu a guest browses: categories that have items, in position order,
 * with 86'd items and options still listed (`available: false`, shown as
 * sold out) and text in the best locale the menu has.
 */
export async function getGuestMenu(
  ctx: AppContext,
  restaurantId: string,
  wish: LocaleWish,
): Promise<GuestMenuResponse> {
  const restaurant = await findRestaurant(ctx.db, restaurantId);
  if (!restaurant) throw notFound('Restaurant');
  const categories = (await loadMenu(ctx.db, restaurantId)).filter((c) => c.items.length > 0);

  const available = new Set<string>();
  for (const c of categories) {
    for (const key of Object.keys(c.translations)) available.add(key);
    for (const item of c.items) for (const key of Object.keys(item.translations)) available.add(key);
  }
  const wanted = wish.query !== undefined ? [canonicalLocale(wish.query)] : parseAcceptLanguage(wish.acceptLanguage);
  const locale = chooseLocale(wanted, available, restaurant.locale);

  return {
    locale,
    currency: restaurant.currency,
    categories: categories.map((c) => ({
      id: c.id,
      name: translated(c.translations, locale, 'name', c.name),
      items: c.items.map((item) => toGuestItem(item, locale)),
    })),
  };
}
