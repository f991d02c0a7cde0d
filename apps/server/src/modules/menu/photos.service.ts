import type { MenuItem } from '@plato/contracts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { findItemRow, updateItemRow } from './items.repository.ts';
import type { MenuFilesContext } from './items.service.ts';
import { imageUrlOf } from './menu.presenters.ts';
import { loadItem } from './menu.service.ts';
import { inMenuTransaction } from './menu.transaction.ts';
import { detectPhotoType, removePhotoFile, writePhotoFile } from './photos.storage.ts';

/**
 * Sets an item's photo from the uploaded bytes: JPEG, PNG or WebP by their
 * signature (else 415). The new file is written first, then the row points
 * at it; the previous file is removed only after that commit, and the new
 * one if the update fails, so the row never names a missing file.
 */
export async function setItemPhoto(
  ctx: MenuFilesContext,
  restaurantId: string,
  itemId: string,
  bytes: Buffer,
  actor: AuditActor,
): Promise<MenuItem> {
  if (!(await findItemRow(ctx.db, restaurantId, itemId))) throw notFound('Item');
  const ext = detectPhotoType(bytes);
  if (!ext) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The photo must be a JPEG, PNG or WebP image');

  const imagePath = await writePhotoFile(ctx.config.dataDir, restaurantId, bytes, ext);
  let previous: string | null;
  try {
    previous = await inMenuTransaction(ctx.db, async (tx) => {
      const row = await findItemRow(tx, restaurantId, itemId);
      if (!row) throw notFound('Item');
      await updateItemRow(tx, restaurantId, itemId, { imagePath });
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'menu.item.photo_changed',
        entityType: 'menu_item',
        entityId: itemId,
        data: { from: imageUrlOf(row.image_path), to: imageUrlOf(imagePath), bytes: bytes.length },
      });
      return row.image_path;
    });
  } catch (err) {
    await removePhotoFile(ctx.config.dataDir, imagePath);
    throw err;
  }
  if (previous) await removePhotoFile(ctx.config.dataDir, previous);
  return loadItem(ctx.db, restaurantId, itemId);
}

/** Removes an item's photo (row first, file after the commit); an item without one is left as it is. */
export async function removeItemPhoto(
  ctx: MenuFilesContext,
  restaurantId: string,
  itemId: string,
  actor: AuditActor,
): Promise<void> {
  const previous = await inMenuTransaction(ctx.db, async (tx) => {
    const row = await findItemRow(tx, restaurantId, itemId);
    if (!row) throw notFound('Item');
    if (!row.image_path) return null;
    await updateItemRow(tx, restaurantId, itemId, { imagePath: null });
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'menu.item.photo_removed',
      entityType: 'menu_item',
      entityId: itemId,
      data: { from: imageUrlOf(row.image_path) },
    });
    return row.image_path;
  });
  if (previous) await removePhotoFile(ctx.config.dataDir, previous);
}
