import type { AdminTable, CreateTableRequest, UpdateTableRequest } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.ts';
import { newId, randomToken } from '../../db/ids.ts';
import { type Executor, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { findRestaurant } from '../restaurants/restaurants.repository.ts';
import { renderQrSvg, renderTableCardsPdf } from './table-qr.ts';
import * as repo from './tables.repository.ts';

/** 16 random bytes: 128 bits, 22 base64url characters — short enough for a small QR code, far beyond guessing. */
const QR_TOKEN_BYTES = 16;

/** "Table 2" before "Table 10", case and accents aside. */
const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const naturally = (a: repo.TableRow, b: repo.TableRow) =>
  byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The URL a table's QR code carries; the web app's `/t/:token` page takes the guest from there. */
export const tableUrl = (publicUrl: string, qrToken: string): string => `${publicUrl}/t/${qrToken}`;

const present = (ctx: AppContext, r: repo.TableRow): AdminTable => ({
  id: r.id,
  name: r.name,
  seats: r.seats,
  area: r.area,
  qrToken: r.qr_token,
  qrUrl: tableUrl(ctx.config.publicUrl, r.qr_token),
  createdAt: r.created_at,
});

const duplicateName = (name: string) => new AppError('CONFLICT', `The restaurant already has a table named "${name}"`);

async function mustFind(db: Executor, restaurantId: string, id: string): Promise<repo.TableRow> {
  const row = await repo.findTable(db, restaurantId, id);
  if (!row) throw notFound('Table');
  return row;
}

export async function listTables(ctx: AppContext, restaurantId: string): Promise<AdminTable[]> {
  const rows = await repo.listTables(ctx.db, restaurantId);
  return rows.sort(naturally).map((r) => present(ctx, r));
}

export async function getTable(ctx: AppContext, restaurantId: string, id: string): Promise<AdminTable> {
  return present(ctx, await mustFind(ctx.db, restaurantId, id));
}

export async function createTable(
  ctx: AppContext,
  restaurantId: string,
  actor: AuditActor,
  input: CreateTableRequest,
): Promise<AdminTable> {
  const id = newId();
  try {
    const row = await inTransaction(ctx.db, async (tx) => {
      await repo.insertTable(tx, { id, restaurantId, ...input, qrToken: randomToken(QR_TOKEN_BYTES) });
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'table.created',
        entityType: 'table',
        entityId: id,
        data: { name: input.name, seats: input.seats, area: input.area },
      });
      return mustFind(tx, restaurantId, id);
    });
    return present(ctx, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(input.name);
    throw err;
  }
}

export async function updateTable(
  ctx: AppContext,
  restaurantId: string,
  actor: AuditActor,
  id: string,
  input: UpdateTableRequest,
): Promise<AdminTable> {
  // An empty patch changes nothing, so it leaves no trace in the audit log either.
  if (Object.values(input).every((v) => v === undefined)) return getTable(ctx, restaurantId, id);
  try {
    const row = await inTransaction(ctx.db, async (tx, afterCommit) => {
      if (!(await repo.updateTable(tx, restaurantId, id, input))) throw notFound('Table');
      const updated = await mustFind(tx, restaurantId, id);
      // A new name reaches what shows the table: the kitchen's open tickets (and screens catching up with `since`).
      if (input.name !== undefined) {
        await ctx.events.run('table.renaming', tx, { restaurantId, tableId: id }, afterCommit);
        afterCommit(() => void ctx.events.emit('table.renamed', { restaurantId, tableId: id }));
      }
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'table.updated',
        entityType: 'table',
        entityId: id,
        data: { name: updated.name, changes: input },
      });
      return updated;
    });
    return present(ctx, row);
  } catch (err) {
    if (isUniqueViolation(err) && input.name !== undefined) throw duplicateName(input.name);
    throw err;
  }
}

/** Refused with 409 while anything (table sessions, from a later issue) still refers to the table. */
export async function deleteTable(ctx: AppContext, restaurantId: string, actor: AuditActor, id: string): Promise<void> {
  try {
    await inTransaction(ctx.db, async (tx) => {
      const row = await mustFind(tx, restaurantId, id);
      await repo.deleteTable(tx, restaurantId, id);
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'table.deleted',
        entityType: 'table',
        entityId: id,
        data: { name: row.name },
      });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) {
      throw new AppError('CONFLICT', 'The table has sessions on record and cannot be deleted; rename it instead');
    }
    throw err;
  }
}

/**
 * Gives the table a new QR token at once: the old one stops resolving, so
 * lost or copied prints no longer lead anywhere. The tokens themselves stay
 * out of the audit log, which more people may read than may print codes.
 */
export async function rotateTableToken(
  ctx: AppContext,
  restaurantId: string,
  actor: AuditActor,
  id: string,
): Promise<AdminTable> {
  const row = await inTransaction(ctx.db, async (tx) => {
    const table = await mustFind(tx, restaurantId, id);
    const qrToken = randomToken(QR_TOKEN_BYTES);
    await repo.updateTableToken(tx, restaurantId, id, qrToken);
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: 'table.token.rotated',
      entityType: 'table',
      entityId: id,
      data: { name: table.name },
    });
    return { ...table, qr_token: qrToken };
  });
  return present(ctx, row);
}

export async function tableQrSvg(ctx: AppContext, restaurantId: string, id: string): Promise<string> {
  const row = await mustFind(ctx.db, restaurantId, id);
  return renderQrSvg(tableUrl(ctx.config.publicUrl, row.qr_token));
}

/** The printable cards of the given tables (all when `ids` is absent), in natural name order; any unknown id is a 404. */
export async function tableCardsPdf(
  ctx: AppContext,
  restaurantId: string,
  ids: readonly string[] | undefined,
): Promise<{ filename: string; pdf: Buffer }> {
  const restaurant = await findRestaurant(ctx.db, restaurantId);
  if (!restaurant) throw notFound('Restaurant');
  let rows: repo.TableRow[];
  if (ids) {
    const wanted = [...new Set(ids)];
    rows = await repo.findTables(ctx.db, restaurantId, wanted);
    if (rows.length !== wanted.length) throw notFound('Table');
  } else {
    rows = await repo.listTables(ctx.db, restaurantId);
  }
  const pdf = await renderTableCardsPdf({
    restaurantName: restaurant.name,
    title: `${restaurant.name} — table cards`,
    cards: rows.sort(naturally).map((r) => ({ tableName: r.name, url: tableUrl(ctx.config.publicUrl, r.qr_token) })),
  });
  return { filename: `${restaurant.slug}-table-cards.pdf`, pdf };
}
