import { GuestMenuResponse, type MenuItem } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { type MenuCategory, loadMenu } from '../menu/menu.service.ts';
import { canonicalLocale, chooseLocale, parseAcceptLanguage, translated } from './guest-menu.locale.ts';
import { type ReadyMenu, readyMenu } from './guest-menu.ready.ts';

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

/** What a guest menu depends on besides the menu rows: one tiny read per request tells whether the ready bytes are current. */
const selectMenuHead = precompiled((db, p: { restaurantId: string }) =>
  db.selectFrom('restaurants').select(['menu_version', 'locale', 'currency']).where('id', '=', p.restaurantId),
);

interface RestaurantMenu {
  /** Menu version, default locale and currency: any change makes new bytes. */
  stamp: string;
  locale: string;
  currency: string;
  content: Promise<{ categories: MenuCategory[]; locales: Set<string> }>;
  byLocale: Map<string, Promise<ReadyMenu>>;
}

/** Ready menus kept per restaurant (all its locales): a few hundred restaurants' menus fit easily. */
const MAX_CACHED_RESTAURANTS = 500;
const cached = new Map<string, RestaurantMenu>();

async function loadContent(db: Kysely<Database>, restaurantId: string): Promise<Awaited<RestaurantMenu['content']>> {
  const categories = (await loadMenu(db, restaurantId)).filter((c) => c.items.length > 0);
  const locales = new Set<string>();
  for (const c of categories) {
    for (const key of Object.keys(c.translations)) locales.add(key);
    for (const item of c.items) for (const key of Object.keys(item.translations)) locales.add(key);
  }
  return { categories, locales };
}

function toGuestMenu(menu: RestaurantMenu, categories: MenuCategory[], locale: string): GuestMenuResponse {
  return {
    locale,
    currency: menu.currency,
    categories: categories.map((c) => ({
      id: c.id,
      name: translated(c.translations, locale, 'name', c.name),
      items: c.items.map((item) => toGuestItem(item, locale)),
    })),
  };
}

/**
 * The menu a guest browses, as ready bytes: categories that have items, in
 * position order, with 86'd items and options still listed (`available:
 * false`, shown as sold out) and text in the best locale the menu has. Built
 * (checked against its contract, serialized, compressed) once per
 * restaurant, menu version and locale; every menu change bumps the version
 * in the database (by trigger), so every instance drops its copy on the next
 * read and a sold-out item shows at once.
 */
export async function readGuestMenu(ctx: AppContext, restaurantId: string, wish: LocaleWish): Promise<ReadyMenu> {
  const [head] = await selectMenuHead(ctx.db, { restaurantId });
  if (!head) throw notFound('Restaurant');
  const stamp = `${head.menu_version}|${head.locale}|${head.currency}`;
  let menu = cached.get(restaurantId);
  if (menu?.stamp !== stamp) {
    // The rows read here are at least as new as the version read above, so a copy is never older than its stamp.
    const fresh: RestaurantMenu = {
      stamp,
      locale: head.locale,
      currency: head.currency,
      content: loadContent(ctx.db, restaurantId),
      byLocale: new Map(),
    };
    fresh.content.catch(() => cached.get(restaurantId) === fresh && cached.delete(restaurantId));
    cached.delete(restaurantId);
    if (cached.size >= MAX_CACHED_RESTAURANTS) cached.delete(cached.keys().next().value!);
    cached.set(restaurantId, fresh);
    menu = fresh;
  }
  const { categories, locales } = await menu.content;
  const wanted = wish.query !== undefined ? [canonicalLocale(wish.query)] : parseAcceptLanguage(wish.acceptLanguage);
  const locale = chooseLocale(wanted, locales, menu.locale);
  let ready = menu.byLocale.get(locale);
  if (!ready) {
    const current = menu;
    ready = readyMenu(JSON.stringify(GuestMenuResponse.parse(toGuestMenu(current, categories, locale))));
    ready.catch(() => current.byLocale.get(locale) === ready && current.byLocale.delete(locale));
    menu.byLocale.set(locale, ready);
  }
  return ready;
}
