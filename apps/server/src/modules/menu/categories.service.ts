import { type Category, CreateCategoryRequest, UpdateCategoryRequest } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { isForeignKeyViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import {
  countItemsInCategory,
  deleteCategoryRow,
  findCategoryRow,
  insertCategoryRow,
  listCategoryRows,
  nextCategoryPosition,
  updateCategoryRow,
} from './categories.repository.ts';
import { changedFields } from './menu.audit.ts';
import { toCategory } from './menu.presenters.ts';
import { withUniqueName } from './menu.names.ts';
import { inMenuTransaction } from './menu.transaction.ts';

export type CreateCategoryInput = z.input<typeof CreateCategoryRequest>;
export type UpdateCategoryInput = z.input<typeof UpdateCategoryRequest>;

/** Categories by position, then name. */
export async function listCategories(db: Kysely<Database>, restaurantId: string): Promise<Category[]> {
  return (await listCategoryRows(db, restaurantId)).map(toCategory);
}

export async function getCategory(db: Kysely<Database>, restaurantId: string, id: string): Promise<Category> {
  const row = await findCategoryRow(db, restaurantId, id);
  if (!row) throw notFound('Category');
  return toCategory(row);
}

/** Creates a menu category; without a position it goes last. 409 on a duplicate name. */
export async function createCategory(
  db: Kysely<Database>,
  restaurantId: string,
  input: CreateCategoryInput,
  actor: AuditActor,
): Promise<Category> {
  const data = CreateCategoryRequest.parse(input);
  const id = newId();
  return withUniqueName('category', data.name, () =>
    inMenuTransaction(db, async (tx) => {
      const position = data.position ?? (await nextCategoryPosition(tx, restaurantId));
      await insertCategoryRow(tx, {
        id,
        restaurantId,
        name: data.name,
        position,
        translations: data.translations ?? {},
        taxRateBps: data.taxRateBps ?? null,
        serviceApplies: data.serviceApplies ?? true,
      });
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'menu.category.created',
        entityType: 'category',
        entityId: id,
        data: { name: data.name },
      });
      return getCategory(tx, restaurantId, id);
    }),
  );
}

export async function updateCategory(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  input: UpdateCategoryInput,
  actor: AuditActor,
): Promise<Category> {
  const data = UpdateCategoryRequest.parse(input);
  return withUniqueName('category', data.name, () =>
    inMenuTransaction(db, async (tx) => {
      const before = await getCategory(tx, restaurantId, id);
      await updateCategoryRow(tx, restaurantId, id, data);
      const changes = changedFields(before, data);
      if (changes) {
        await recordAudit(tx, {
          restaurantId,
          actor,
          action: 'menu.category.updated',
          entityType: 'category',
          entityId: id,
          data: { ...changes },
        });
      }
      return getCategory(tx, restaurantId, id);
    }),
  );
}

/** Refuses (409) while the category still has items: deleting them silently would surprise an admin. */
export async function deleteCategory(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  actor: AuditActor,
): Promise<void> {
  try {
    await inMenuTransaction(db, async (tx) => {
      const category = await getCategory(tx, restaurantId, id);
      const items = await countItemsInCategory(tx, restaurantId, id);
      if (items > 0) {
        throw new AppError(
          'CONFLICT',
          `Category "${category.name}" still has ${items} item${items === 1 ? '' : 's'}; move or delete them first`,
        );
      }
      await deleteCategoryRow(tx, restaurantId, id);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'menu.category.deleted',
        entityType: 'category',
        entityId: id,
        data: { name: category.name },
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('CONFLICT', 'The category still has items');
    throw err;
  }
}
