import {
  CreateModifierGroupRequest,
  CreateModifierOptionRequest,
  type ModifierGroup,
  type ModifierOption,
  UpdateModifierGroupRequest,
  UpdateModifierOptionRequest,
} from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { newId } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { findItemRow, updateItemRow } from './items.repository.ts';
import { changedFields } from './menu.audit.ts';
import { toModifierGroup, toModifierOption } from './menu.presenters.ts';
import { loadModifierGroup } from './menu.service.ts';
import { inMenuTransaction } from './menu.transaction.ts';
import {
  deleteGroupRow,
  deleteOptionRow,
  findGroupRow,
  findOptionRow,
  insertGroupRow,
  insertOptionRow,
  nextGroupPosition,
  nextOptionPosition,
  updateGroupRow,
  updateOptionRow,
} from './modifiers.repository.ts';

export type CreateModifierGroupInput = z.input<typeof CreateModifierGroupRequest>;
export type UpdateModifierGroupInput = z.input<typeof UpdateModifierGroupRequest>;
export type CreateModifierOptionInput = z.input<typeof CreateModifierOptionRequest>;
export type UpdateModifierOptionInput = z.input<typeof UpdateModifierOptionRequest>;

type Audit = (action: string, entityType: string, entityId: string, data: Record<string, unknown>) => Promise<void>;

/**
 * Runs a modifier change in one transaction with an audit helper, and bumps
 * the owning item's `updatedAt`: to a guest, the item changed.
 */
function modifierChange<T>(
  db: Kysely<Database>,
  restaurantId: string,
  actor: AuditActor,
  work: (tx: Kysely<Database>, audit: Audit) => Promise<{ itemId: string; result: T; changed: boolean }>,
): Promise<T> {
  return inMenuTransaction(db, async (tx) => {
    const audit: Audit = (action, entityType, entityId, data) =>
      recordAudit(tx, { restaurantId, actor, action, entityType, entityId, data });
    const { itemId, result, changed } = await work(tx, audit);
    if (changed) await updateItemRow(tx, restaurantId, itemId, {});
    return result;
  });
}

async function requireGroup(tx: Kysely<Database>, restaurantId: string, id: string) {
  const group = await findGroupRow(tx, restaurantId, id);
  if (!group) throw notFound('Modifier group');
  return group;
}

async function requireOption(tx: Kysely<Database>, restaurantId: string, id: string) {
  const option = await findOptionRow(tx, restaurantId, id);
  if (!option) throw notFound('Modifier option');
  const group = await requireGroup(tx, restaurantId, option.group_id);
  return { option, itemId: group.item_id };
}

// ---------------------------------------------------------------- groups

/** Adds a modifier group ("Cooking", "Sides"…) to an item; min ≤ max. Without a position it goes last. */
export async function createModifierGroup(
  db: Kysely<Database>,
  restaurantId: string,
  itemId: string,
  input: CreateModifierGroupInput,
  actor: AuditActor,
): Promise<ModifierGroup> {
  const data = CreateModifierGroupRequest.parse(input);
  const id = newId();
  return modifierChange(db, restaurantId, actor, async (tx, audit) => {
    if (!(await findItemRow(tx, restaurantId, itemId))) throw notFound('Item');
    const position = data.position ?? (await nextGroupPosition(tx, restaurantId, itemId));
    await insertGroupRow(tx, { ...data, id, restaurantId, itemId, position });
    await audit('menu.modifier_group.created', 'modifier_group', id, { itemId, name: data.name });
    return { itemId, result: await loadModifierGroup(tx, restaurantId, id), changed: true };
  });
}

/** A partial update, checked as a whole: the merged min must not exceed the merged max (400). */
export async function updateModifierGroup(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  input: UpdateModifierGroupInput,
  actor: AuditActor,
): Promise<ModifierGroup> {
  const data = UpdateModifierGroupRequest.parse(input);
  return modifierChange(db, restaurantId, actor, async (tx, audit) => {
    const before = toModifierGroup(await requireGroup(tx, restaurantId, id), []);
    const min = data.minSelections ?? before.minSelections;
    const max = data.maxSelections ?? before.maxSelections;
    if (min > max) {
      const message = `minSelections (${min}) must not exceed maxSelections (${max})`;
      const path = data.minSelections !== undefined ? 'body.minSelections' : 'body.maxSelections';
      throw new AppError('VALIDATION_FAILED', message, { errors: [{ path, message }] });
    }
    const changes = changedFields(before, data);
    if (changes) {
      await updateGroupRow(tx, restaurantId, id, data);
      await audit('menu.modifier_group.updated', 'modifier_group', id, { ...changes });
    }
    return { itemId: before.itemId, result: await loadModifierGroup(tx, restaurantId, id), changed: !!changes };
  });
}

/** Deletes a group with its options. */
export async function deleteModifierGroup(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  actor: AuditActor,
): Promise<void> {
  await modifierChange(db, restaurantId, actor, async (tx, audit) => {
    const group = await requireGroup(tx, restaurantId, id);
    await deleteGroupRow(tx, restaurantId, id);
    await audit('menu.modifier_group.deleted', 'modifier_group', id, { itemId: group.item_id, name: group.name });
    return { itemId: group.item_id, result: undefined, changed: true };
  });
}

// ---------------------------------------------------------------- options

/** Adds an option ("Rare", "Extra cheese +1.50"…) to a group. Without a position it goes last. */
export async function createModifierOption(
  db: Kysely<Database>,
  restaurantId: string,
  groupId: string,
  input: CreateModifierOptionInput,
  actor: AuditActor,
): Promise<ModifierOption> {
  const data = CreateModifierOptionRequest.parse(input);
  const id = newId();
  return modifierChange(db, restaurantId, actor, async (tx, audit) => {
    const group = await requireGroup(tx, restaurantId, groupId);
    const position = data.position ?? (await nextOptionPosition(tx, restaurantId, groupId));
    await insertOptionRow(tx, { ...data, id, restaurantId, groupId, position });
    await audit('menu.modifier_option.created', 'modifier_option', id, {
      groupId,
      name: data.name,
      priceDeltaCents: data.priceDeltaCents,
    });
    return {
      itemId: group.item_id,
      result: toModifierOption((await findOptionRow(tx, restaurantId, id))!),
      changed: true,
    };
  });
}

/**
 * A partial update. Price and availability changes get their own audit
 * actions (`menu.modifier_option.price_changed`, `…availability_changed`).
 */
export async function updateModifierOption(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  input: UpdateModifierOptionInput,
  actor: AuditActor,
): Promise<ModifierOption> {
  const data = UpdateModifierOptionRequest.parse(input);
  return modifierChange(db, restaurantId, actor, async (tx, audit) => {
    const found = await requireOption(tx, restaurantId, id);
    const before = toModifierOption(found.option);
    if (!changedFields(before, data)) return { itemId: found.itemId, result: before, changed: false };
    await updateOptionRow(tx, restaurantId, id, data);
    if (data.priceDeltaCents !== undefined && data.priceDeltaCents !== before.priceDeltaCents) {
      await audit('menu.modifier_option.price_changed', 'modifier_option', id, {
        from: before.priceDeltaCents,
        to: data.priceDeltaCents,
      });
    }
    if (data.available !== undefined && data.available !== before.available) {
      await audit('menu.modifier_option.availability_changed', 'modifier_option', id, {
        from: before.available,
        to: data.available,
      });
    }
    const others = changedFields(before, data, ['priceDeltaCents', 'available']);
    if (others) await audit('menu.modifier_option.updated', 'modifier_option', id, { ...others });
    return {
      itemId: found.itemId,
      result: toModifierOption((await findOptionRow(tx, restaurantId, id))!),
      changed: true,
    };
  });
}

/** 86 an option (e.g. "no more avocado") or bring it back; MANAGER may do this too. */
export async function setModifierOptionAvailability(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  available: boolean,
  actor: AuditActor,
): Promise<ModifierOption> {
  return updateModifierOption(db, restaurantId, id, { available }, actor);
}

export async function deleteModifierOption(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  actor: AuditActor,
): Promise<void> {
  await modifierChange(db, restaurantId, actor, async (tx, audit) => {
    const { option, itemId } = await requireOption(tx, restaurantId, id);
    await deleteOptionRow(tx, restaurantId, id);
    await audit('menu.modifier_option.deleted', 'modifier_option', id, { groupId: option.group_id, name: option.name });
    return { itemId, result: undefined, changed: true };
  });
}
