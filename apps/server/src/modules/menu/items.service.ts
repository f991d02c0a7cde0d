import { CreateMenuItemRequest, type MenuItem, UpdateMenuItemRequest } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { isForeignKeyViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { findCategoryRow } from './categories.repository.ts';
import { lockRestaurant } from '../restaurants/restaurants.repository.ts';
import {
  type ItemPatch,
  countDefaultStationItems,
  deleteItemRow,
  findItemRow,
  insertItemRow,
  moveDefaultStationItems,
  nextItemPosition,
  updateItemRow,
} from './items.repository.ts';
import { changedFields } from './menu.audit.ts';
import { toMenuItem } from './menu.presenters.ts';
import { loadItem, loadItems } from './menu.service.ts';
import { inMenuTransaction } from './menu.transaction.ts';
import { removePhotoFile } from './photos.storage.ts';
import { findStationRow } from './stations.repository.ts';

export type CreateItemInput = z.input<typeof CreateMenuItemRequest>;
export type UpdateItemInput = z.input<typeof UpdateMenuItemRequest>;

/** What the services that touch photo files need; an AppContext fits. */
export interface MenuFilesContext {
  db: Kysely<Database>;
  config: { dataDir: string };
}

/** A category or station named in a request must be this restaurant's: 404 naming which one is not. */
async function assertReferences(
  db: Kysely<Database>,
  restaurantId: string,
  refs: { categoryId?: string | undefined; stationId?: string | null | undefined },
): Promise<void> {
  if (refs.categoryId !== undefined && !(await findCategoryRow(db, restaurantId, refs.categoryId))) {
    throw notFound('Category');
  }
  if (refs.stationId != null && !(await findStationRow(db, restaurantId, refs.stationId))) {
    throw notFound('Station');
  }
}

/**
 * The station an item without one of its own takes: the restaurant's
 * default, read with the restaurant's row locked (see `lockRestaurant`) so a
 * change of the default cannot pass this item by. 409 while there is none.
 */
async function defaultStationOf(db: Kysely<Database>, restaurantId: string): Promise<string> {
  const stationId = (await lockRestaurant(db, restaurantId))?.defaultStationId;
  if (!stationId) {
    throw new AppError(
      'CONFLICT',
      'The restaurant has no default station: give the item a station (stationId), ' +
        'or set a default station in the settings first',
    );
  }
  return stationId;
}

/**
 * The settings' side of the default station (the `restaurant.default-station.changing`
 * hook, in the settings' transaction): the new default must be this
 * restaurant's station (404), and the items that follow the default move
 * onto it; there may be no default (null) only while no item follows it (409).
 */
export async function followDefaultStation(
  db: Kysely<Database>,
  change: { restaurantId: string; stationId: string | null },
): Promise<void> {
  const { restaurantId, stationId } = change;
  if (stationId === null) {
    const following = await countDefaultStationItems(db, restaurantId);
    if (following > 0) {
      throw new AppError(
        'CONFLICT',
        `${following} menu item${following === 1 ? ' follows' : 's follow'} the default station; ` +
          'give them a station of their own before removing the default',
      );
    }
    return;
  }
  await assertReferences(db, restaurantId, { stationId });
  await moveDefaultStationItems(db, restaurantId, stationId);
}

/** Items with nested modifier groups, optionally of one category (404 if it is not this restaurant's). */
export async function listItems(
  db: Kysely<Database>,
  restaurantId: string,
  filter: { categoryId?: string | undefined } = {},
): Promise<MenuItem[]> {
  await assertReferences(db, restaurantId, { categoryId: filter.categoryId });
  return loadItems(db, restaurantId, { categoryId: filter.categoryId });
}

/**
 * Creates a menu item (without modifier groups); without a position it goes
 * last in its category; without a station it follows the default station.
 */
export async function createItem(
  db: Kysely<Database>,
  restaurantId: string,
  input: CreateItemInput,
  actor: AuditActor,
): Promise<MenuItem> {
  const data = CreateMenuItemRequest.parse(input);
  const id = newId();
  return inMenuTransaction(db, async (tx) => {
    await assertReferences(tx, restaurantId, data);
    const stationDefault = data.stationId == null;
    const stationId = data.stationId ?? (await defaultStationOf(tx, restaurantId));
    const position = data.position ?? (await nextItemPosition(tx, restaurantId, data.categoryId));
    await insertItemRow(tx, {
      ...data,
      id,
      restaurantId,
      stationId,
      stationDefault,
      position,
      translations: data.translations ?? {},
    });
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'menu.item.created',
      entityType: 'menu_item',
      entityId: id,
      data: { name: data.name, priceCents: data.priceCents, categoryId: data.categoryId },
    });
    return loadItem(tx, restaurantId, id);
  });
}

/**
 * Applies a partial update. Price and availability changes get their own
 * audit actions (`menu.item.price_changed`, `menu.item.availability_changed`,
 * with `{from, to}`); any other change is `menu.item.updated`.
 */
export async function updateItem(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  input: UpdateItemInput,
  actor: AuditActor,
): Promise<MenuItem> {
  const data = UpdateMenuItemRequest.parse(input);
  return inMenuTransaction(db, async (tx) => {
    const row = await findItemRow(tx, restaurantId, id);
    if (!row) throw notFound('Item');
    await assertReferences(tx, restaurantId, data);
    const before = toMenuItem(row, []);
    const audit = (action: string, changes: Record<string, unknown>) =>
      recordAudit(tx, { restaurantId, actor, action, entityType: 'menu_item', entityId: id, data: changes });

    if (!changedFields(before, data)) return loadItem(tx, restaurantId, id);
    // A station of its own, or (null) the default station from now on.
    const station: Pick<ItemPatch, 'stationId' | 'stationDefault'> =
      data.stationId === undefined || data.stationId === before.stationId
        ? {}
        : data.stationId === null
          ? { stationId: await defaultStationOf(tx, restaurantId), stationDefault: true }
          : { stationId: data.stationId, stationDefault: false };
    await updateItemRow(tx, restaurantId, id, { ...data, stationId: undefined, ...station });
    if (data.priceCents !== undefined && data.priceCents !== before.priceCents) {
      await audit('menu.item.price_changed', { from: before.priceCents, to: data.priceCents });
    }
    if (data.available !== undefined && data.available !== before.available) {
      await audit('menu.item.availability_changed', { from: before.available, to: data.available });
    }
    const others = changedFields(before, data, ['priceCents', 'available']);
    if (others) await audit('menu.item.updated', { ...others });
    return loadItem(tx, restaurantId, id);
  });
}

/** 86 an item or bring it back: the one menu change a MANAGER may make. */
export async function setItemAvailability(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  available: boolean,
  actor: AuditActor,
): Promise<MenuItem> {
  return updateItem(db, restaurantId, id, { available }, actor);
}

/**
 * Deletes an item for good, with its modifier groups and options; its photo
 * file is removed once the deletion has committed.
 */
export async function deleteItem(
  ctx: MenuFilesContext,
  restaurantId: string,
  id: string,
  actor: AuditActor,
): Promise<void> {
  let imagePath: string | null;
  try {
    imagePath = await inMenuTransaction(ctx.db, async (tx) => {
      const row = await findItemRow(tx, restaurantId, id);
      if (!row) throw notFound('Item');
      await deleteItemRow(tx, restaurantId, id);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'menu.item.deleted',
        entityType: 'menu_item',
        entityId: id,
        data: { name: row.name, priceCents: row.price_cents },
      });
      return row.image_path;
    });
  } catch (err) {
    // Rows of other modules (orders, for one) may still point at the item.
    if (isForeignKeyViolation(err)) {
      throw new AppError('CONFLICT', 'The item is still referenced; mark it unavailable instead of deleting it');
    }
    throw err;
  }
  if (imagePath) await removePhotoFile(ctx.config.dataDir, imagePath);
}
