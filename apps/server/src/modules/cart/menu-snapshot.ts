import type { FieldProblem } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { onBatchRolledBack } from '../../db/sqlite-group-commit.ts';
import { AppError } from '../../errors.ts';
import { type MenuFactRow, menuVersionOf, selectMenuFacts } from './menu-snapshot.repository.ts';

/**
 * The one place that checks a chosen item + options against the menu and
 * prices it: cart adds, guest orders and staff orders all go through here,
 * always with facts freshly read from the database (never the client's).
 */

export interface FactOption {
  id: string;
  groupId: string;
  name: string;
  priceDeltaCents: number;
  available: boolean;
}

export interface FactGroup {
  id: string;
  name: string;
  min: number;
  max: number;
}

export interface FactItem {
  id: string;
  name: string;
  priceCents: number;
  available: boolean;
  stationId: string;
  groups: FactGroup[];
  /** In menu order: by group, then by option position. */
  options: FactOption[];
}

export type MenuFacts = ReadonlyMap<string, FactItem>;

/** What a guest or waiter picked; the note is already trimmed ('' when none). */
export interface LineChoice {
  menuItemId: string;
  quantity: number;
  optionIds: readonly string[];
  note: string;
  /** 1 unless the guest or waiter chose a later course. */
  course?: number;
}

export interface PricedLine {
  menuItemId: string;
  name: string;
  stationId: string;
  quantity: number;
  options: { id: string; name: string; priceDeltaCents: number }[];
  note: string;
  unitPriceCents: number;
  lineTotalCents: number;
  /** False when the item or a chosen option is 86'd or gone. */
  available: boolean;
}

/** Something a line needs that the kitchen cannot make right now; `option` when only a choice is gone. */
export interface Unavailable {
  menuItemId: string;
  name: string;
  option?: { id: string; name: string };
}

/** Menus kept per restaurant with the version they were read at; a few hundred restaurants fit easily. */
const MAX_CACHED_MENUS = 500;
const cachedMenus = new Map<string, { version: number; facts: Map<string, FactItem> }>();
// On SQLite a menu may be read (and kept) inside a batch that then fails to commit: that version never existed,
// and the next real change will reuse its number. Forget every menu then; the next read of each fills it again.
onBatchRolledBack(() => cachedMenus.clear());

function toFacts(rows: readonly MenuFactRow[]): Map<string, FactItem> {
  const facts = new Map<string, FactItem>();
  for (const r of rows) {
    let item = facts.get(r.itemId);
    if (!item) {
      item = {
        id: r.itemId,
        name: r.itemName,
        priceCents: r.priceCents,
        available: Boolean(r.itemAvailable),
        stationId: r.stationId,
        groups: [],
        options: [],
      };
      facts.set(r.itemId, item);
    }
    if (r.groupId === null || r.groupName === null || r.min === null || r.max === null) continue;
    if (item.groups.at(-1)?.id !== r.groupId) {
      item.groups.push({ id: r.groupId, name: r.groupName, min: r.min, max: r.max });
    }
    if (r.optionId === null || r.optionName === null || r.priceDeltaCents === null) continue;
    item.options.push({
      id: r.optionId,
      groupId: r.groupId,
      name: r.optionName,
      priceDeltaCents: r.priceDeltaCents,
      available: Boolean(r.optionAvailable),
    });
  }
  return facts;
}

/**
 * The menu facts of the given items, as the database has them now: inside
 * the caller's transaction the restaurant's menu version is read, and the
 * whole menu is read again only when it changed since this process last
 * read it (every menu change bumps the version, by trigger). So each order
 * is priced from the menu as committed, at the cost of one tiny read.
 */
export async function loadMenuFacts(
  db: Kysely<Database>,
  restaurantId: string,
  itemIds: Iterable<string>,
  /** The menu version when the caller already read it in this transaction (orders read it with the session). */
  knownVersion?: number,
): Promise<MenuFacts> {
  const ids = new Set(itemIds);
  const picked = new Map<string, FactItem>();
  if (ids.size === 0) return picked;
  const version = knownVersion ?? (await menuVersionOf(db, restaurantId));
  if (version === undefined) return picked;
  let menu = cachedMenus.get(restaurantId);
  if (menu?.version !== version) {
    menu = { version, facts: toFacts(await selectMenuFacts(db, { restaurantId })) };
    if (cachedMenus.size >= MAX_CACHED_MENUS) cachedMenus.delete(cachedMenus.keys().next().value!);
    cachedMenus.set(restaurantId, menu);
  }
  for (const id of ids) {
    const item = menu.facts.get(id);
    if (item) picked.set(id, item);
  }
  return picked;
}

function countRule(g: FactGroup): string {
  if (g.min === g.max) return `exactly ${g.min}`;
  if (g.min === 0) return `at most ${g.max}`;
  return `between ${g.min} and ${g.max}`;
}

/** Problems with the options of a choice: repeats, options of another item, and each group's min/max. */
export function choiceProblems(item: FactItem, optionIds: readonly string[], path: string): FieldProblem[] {
  const at = `${path}.optionIds`;
  const problems: FieldProblem[] = [];
  const chosen = new Set(optionIds);
  if (chosen.size !== optionIds.length) problems.push({ path: at, message: 'must not repeat an option' });
  const known = new Map(item.options.map((o) => [o.id, o]));
  const foreign = [...chosen].filter((id) => !known.has(id));
  if (foreign.length > 0) {
    problems.push({
      path: at,
      message: `${foreign.join(', ')} ${foreign.length === 1 ? 'is not a choice' : 'are not choices'} of "${item.name}"`,
    });
  }
  for (const g of item.groups) {
    const count = item.options.filter((o) => o.groupId === g.id && chosen.has(o.id)).length;
    if (count < g.min || count > g.max) {
      problems.push({
        path: at,
        message: `"${g.name}" needs ${countRule(g)} choice${g.max === 1 ? '' : 's'} (got ${count})`,
      });
    }
  }
  return problems;
}

/** The 86'd parts of a choice: the item itself, else each chosen option that is off. */
export function unavailableParts(item: FactItem, optionIds: readonly string[]): Unavailable[] {
  if (!item.available) return [{ menuItemId: item.id, name: item.name }];
  const chosen = new Set(optionIds);
  return item.options
    .filter((o) => chosen.has(o.id) && !o.available)
    .map((o) => ({ menuItemId: item.id, name: item.name, option: { id: o.id, name: o.name } }));
}

/** 409 ITEM_UNAVAILABLE naming what is gone, with `items` for clients to grey out. */
export function itemUnavailable(gone: readonly Unavailable[]): AppError {
  const names = gone.map((g) => (g.option ? `${g.name} (${g.option.name})` : g.name));
  const verb = names.length === 1 ? 'is' : 'are';
  return new AppError('ITEM_UNAVAILABLE', `${names.join(', ')} ${verb} no longer available`, {
    extras: { items: gone },
  });
}

/** The same thing gone twice (two lines of one item) is named once. */
function distinct(gone: readonly Unavailable[]): Unavailable[] {
  const seen = new Map<string, Unavailable>();
  for (const g of gone) seen.set(`${g.menuItemId}/${g.option?.id ?? ''}`, g);
  return [...seen.values()];
}

/**
 * New lines (a cart add, a waiter's order) must each name an item of this
 * restaurant (404), choose options within each group's rules (400, every
 * problem of every line at once) and ask for nothing 86'd (409, naming all
 * of it). Returns the lines' items, in order.
 */
export function requireOrderable(
  facts: MenuFacts,
  choices: readonly LineChoice[],
  pathOf: (index: number) => string,
): FactItem[] {
  const items = choices.map((c) => {
    const item = facts.get(c.menuItemId);
    if (!item) throw new AppError('NOT_FOUND', `Menu item ${c.menuItemId} not found`);
    return item;
  });
  const problems = choices.flatMap((c, i) => choiceProblems(items[i]!, c.optionIds, pathOf(i)));
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
      errors: problems,
    });
  }
  const gone = distinct(choices.flatMap((c, i) => unavailableParts(items[i]!, c.optionIds)));
  if (gone.length > 0) throw itemUnavailable(gone);
  return items;
}

/**
 * Lines taken from a cart at order time must still be orderable as they were
 * chosen: 409 ITEM_UNAVAILABLE naming every item or option that was 86'd or
 * removed, or whose groups changed under it. Returns the lines' items.
 */
export function requireStillOrderable(facts: MenuFacts, choices: readonly LineChoice[]): FactItem[] {
  const gone = distinct(choices.flatMap((c) => blockersOf(facts, c)));
  if (gone.length > 0) throw itemUnavailable(gone);
  return choices.map((c) => facts.get(c.menuItemId)!);
}

/**
 * Why a line already in a cart cannot be ordered now: its item or a choice
 * was 86'd or removed, or the item's groups changed under it. Empty when it can.
 */
function blockersOf(facts: MenuFacts, choice: LineChoice): Unavailable[] {
  const item = facts.get(choice.menuItemId);
  if (!item) return [{ menuItemId: choice.menuItemId, name: 'A removed item' }];
  if (item.available && choiceProblems(item, choice.optionIds, '').length > 0) {
    return [{ menuItemId: item.id, name: item.name }];
  }
  return unavailableParts(item, choice.optionIds);
}

/** Today's price of a choice: item price plus option deltas (never below zero), times the quantity. */
export function priceLine(item: FactItem, choice: LineChoice): PricedLine {
  const chosen = new Set(choice.optionIds);
  const options = item.options.filter((o) => chosen.has(o.id));
  const unitPriceCents = Math.max(0, item.priceCents + options.reduce((sum, o) => sum + o.priceDeltaCents, 0));
  return {
    menuItemId: item.id,
    name: item.name,
    stationId: item.stationId,
    quantity: choice.quantity,
    options: options.map((o) => ({ id: o.id, name: o.name, priceDeltaCents: o.priceDeltaCents })),
    note: choice.note,
    unitPriceCents,
    lineTotalCents: unitPriceCents * choice.quantity,
    available: item.available && options.length === chosen.size && options.every((o) => o.available),
  };
}
