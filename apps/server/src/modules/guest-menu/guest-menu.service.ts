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

const selectMenuVersion = precompiled((db, p: { restaurantId: string }) =>
  db.selectFrom('restaurants').select('menu_version').where('id', '=', p.restaurantId),
);

const selectRestaurantFacts = precompiled((db, p: { restaurantId: string }) =>
  db.selectFrom('restaurants').select(['locale', 'currency']).where('id', '=', p.restaurantId),
);

interface MenuContent {
  categories: MenuCategory[];
  /** The locales the menu has text in. */
  locales: Set<string>;
  /** The restaurant's own locale (the fallback) and currency. */
  locale: string;
  currency: string;
}

interface RestaurantMenu {
  version: number;
  content: Promise<MenuContent>;
  byLocale: Map<string, Promise<ReadyMenu>>;
  /** The locale chosen for each wish seen (`?locale=` or Accept-Language): phones of one place send a handful. */
  chosen: Map<string, string>;
}

/** Wishes remembered per menu copy: enough for every browser language of a dining room, bounded against junk headers. */
const MAX_REMEMBERED_WISHES = 64;

/** Ready menus kept per restaurant (all its locales): a few hundred restaurants' menus fit easily. */
const MAX_CACHED_RESTAURANTS = 500;
const cached = new Map<string, RestaurantMenu>();

async function loadContent(db: Kysely<Database>, restaurantId: string): Promise<MenuContent> {
  const [restaurant] = await selectRestaurantFacts(db, { restaurantId });
  if (!restaurant) throw notFound('Restaurant');
  const categories = (await loadMenu(db, restaurantId)).filter((c) => c.items.length > 0);
  const locales = new Set<string>();
  for (const c of categories) {
    for (const key of Object.keys(c.translations)) locales.add(key);
    for (const item of c.items) for (const key of Object.keys(item.translations)) locales.add(key);
  }
  return { categories, locales, locale: restaurant.locale, currency: restaurant.currency };
}

function toGuestMenu(content: MenuContent, locale: string): GuestMenuResponse {
  return {
    locale,
    currency: content.currency,
    categories: content.categories.map((c) => ({
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
 * restaurant, menu version and locale. `menuVersion` is the one the guest's
 * token was read with, so a read costs no query at all: triggers bump the
 * version on every change of the menu and of the restaurant's locale or
 * currency, whatever instance made it, so the next read drops the old copy
 * and a sold-out item shows at once.
 */
export async function readGuestMenu(
  ctx: AppContext,
  at: { restaurantId: string; menuVersion: number },
  wish: LocaleWish,
): Promise<ReadyMenu> {
  let menu = cached.get(at.restaurantId);
  if (menu?.version !== at.menuVersion) {
    // The rows read here are at least as new as the version the token read came with, so a copy is never older than its key.
    const fresh: RestaurantMenu = {
      version: at.menuVersion,
      content: loadContent(ctx.db, at.restaurantId),
      byLocale: new Map(),
      chosen: new Map(),
    };
    fresh.content.catch(() => cached.get(at.restaurantId) === fresh && cached.delete(at.restaurantId));
    cached.delete(at.restaurantId);
    if (cached.size >= MAX_CACHED_RESTAURANTS) cached.delete(cached.keys().next().value!);
    cached.set(at.restaurantId, fresh);
    menu = fresh;
  }
  const content = await menu.content;
  const wishKey = wish.query !== undefined ? `q:${wish.query}` : `h:${wish.acceptLanguage ?? ''}`;
  let locale = menu.chosen.get(wishKey);
  if (locale === undefined) {
    const wanted = wish.query !== undefined ? [canonicalLocale(wish.query)] : parseAcceptLanguage(wish.acceptLanguage);
    locale = chooseLocale(wanted, content.locales, content.locale);
    if (menu.chosen.size < MAX_REMEMBERED_WISHES) menu.chosen.set(wishKey, locale);
  }
  let ready = menu.byLocale.get(locale);
  if (!ready) {
    const current = menu;
    ready = readyMenu(JSON.stringify(GuestMenuResponse.parse(toGuestMenu(content, locale))));
    ready.catch(() => current.byLocale.get(locale) === ready && current.byLocale.delete(locale));
    menu.byLocale.set(locale, ready);
  }
  return ready;
}

/**
 * The same menu for a waiter taking an order at the table (GET /menu): staff
 * carry no menu version with their sign-in, so it costs one small read first.
 */
export async function readStaffMenu(ctx: AppContext, restaurantId: string, wish: LocaleWish): Promise<ReadyMenu> {
  const [row] = await selectMenuVersion(ctx.db, { restaurantId });
  if (!row) throw notFound('Restaurant');
  return readGuestMenu(ctx, { restaurantId, menuVersion: row.menu_version }, wish);
}
