import type { AppContext } from '../../context.ts';
import { nowIso, randomToken, sha256 } from '../../db/ids.ts';
import type { Tx } from '../../db/transaction.ts';
import type { SessionCloseNotes } from '../../domain-events.ts';
import { AppError, notFound } from '../../errors.ts';
import { loadBill } from './billing.service.ts';
import { type ReceiptDocument, receiptDocument } from './receipt.document.ts';
import {
  findReceiptHeader,
  findReceiptLink,
  insertReceiptLink,
  selectLineOptions,
  selectRefundRows,
} from './receipts.repository.ts';

/** How long after the close a guest's receipt link opens the receipt. */
export const RECEIPT_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export const receiptUrl = (publicUrl: string, token: string): string => `${publicUrl}/api/v1/public/receipts/${token}`;

/**
 * In the close's transaction (wired to `session.closing`): a random link to
 * the receipt, kept only as its hash, handed to the close's answer and to
 * the table's phones with `session.closed`. It rolls back with the close.
 */
export async function createReceiptLinkOnClose(
  ctx: AppContext,
  tx: Tx,
  at: { restaurantId: string; sessionId: string; notes: SessionCloseNotes },
): Promise<void> {
  at.notes.receiptUrl = await newReceiptLink(ctx, tx, at.restaurantId, at.sessionId);
}

/** A new random token for the session's receipt, stored as its hash: answers the link, the only place the token is. */
async function newReceiptLink(ctx: AppContext, db: Tx | AppContext['db'], restaurantId: string, sessionId: string) {
  const token = randomToken();
  await insertReceiptLink(db, {
    token_hash: sha256(token),
    restaurant_id: restaurantId,
    session_id: sessionId,
    created_at: nowIso(),
  });
  return receiptUrl(ctx.config.publicUrl, token);
}

/**
 * A staff member hands the guest another link to a closed session's
 * receipt (the one made at the close went to the phones at the table; this
 * one may go to a guest who asks later). It expires with the first.
 */
export async function linkReceipt(
  ctx: AppContext,
  restaurantId: string,
  sessionId: string,
  now = Date.now(),
): Promise<{ receiptUrl: string; expiresAt: string }> {
  const header = await findReceiptHeader(ctx.db, restaurantId, sessionId);
  if (!header) throw notFound('Session');
  if (!header.closedAt) {
    throw new AppError('INVALID_TRANSITION', 'The receipt link is for a closed session; close it first');
  }
  const expires = Date.parse(header.closedAt) + RECEIPT_LINK_TTL_MS;
  if (expires <= now) {
    throw new AppError('INVALID_TRANSITION', 'Receipt links last 24 hours after the close; print the receipt instead');
  }
  return {
    receiptUrl: await newReceiptLink(ctx, ctx.db, restaurantId, sessionId),
    expiresAt: new Date(expires).toISOString(),
  };
}

/** The receipt of any session of the restaurant (an open one reads as not final); another restaurant's → 404. */
export async function loadReceipt(ctx: AppContext, restaurantId: string, sessionId: string): Promise<ReceiptDocument> {
  const header = await findReceiptHeader(ctx.db, restaurantId, sessionId);
  if (!header) throw notFound('Session');
  const [bill, lines, refunds] = await Promise.all([
    loadBill(ctx, restaurantId, sessionId),
    selectLineOptions(ctx.db, restaurantId, sessionId),
    selectRefundRows(ctx.db, restaurantId, sessionId),
  ]);
  const lineExtras = new Map(
    lines.map((l) => [
      l.id,
      { options: JSON.parse(l.options) as Array<{ name: string; priceDeltaCents: number }>, note: l.note },
    ]),
  );
  return receiptDocument({ header, bill, lineExtras, refunds });
}

/**
 * The receipt a guest's link opens: only for a closed session, until 24 h
 * after its close. Unknown, not closed or expired all answer the same 404,
 * so a link tells nothing once it stops working.
 */
export async function loadPublicReceipt(ctx: AppContext, token: string, now = Date.now()): Promise<ReceiptDocument> {
  const link = await findReceiptLink(ctx.db, sha256(token));
  if (!link?.closedAt || Date.parse(link.closedAt) + RECEIPT_LINK_TTL_MS <= now) throw notFound('Receipt');
  return loadReceipt(ctx, link.restaurantId, link.sessionId);
}
