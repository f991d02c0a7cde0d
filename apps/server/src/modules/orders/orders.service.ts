import type { Order } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuthenticatedStaff } from '../../http/access.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { assembleOrders } from './orders.presenters.ts';
import { nowIso } from '../../db/ids.ts';
import { sendAcceptedLines } from './line-lifecycle.repository.ts';
import {
  cancelOrderLines,
  nextLineSeq,
  decidePendingOrder,
  findOrderRow,
  findSessionForOrder,
  selectOrders,
} from './orders.repository.ts';

/** One order with its lines as they are now. */
export async function loadOrder(db: Kysely<Database>, restaurantId: string, orderId: string): Promise<Order> {
  const { orders, lines } = await selectOrders(db, restaurantId, { orderId });
  const [order] = assembleOrders(orders, lines);
  if (!order) throw notFound('Order');
  return order;
}

/**
 * Every order of a table session, newest first, with each line's status, in
 * two queries. INDIVIDUAL guests see the whole table's orders too: they
 * share the bill.
 */
export async function listSessionOrders(ctx: AppContext, restaurantId: string, sessionId: string): Promise<Order[]> {
  const { orders, lines } = await selectOrders(ctx.db, restaurantId, { sessionId });
  return assembleOrders(orders, lines);
}

/** Staff view of a session's orders; another restaurant's session is as unknown as a made-up id. */
export async function listOrdersOfSession(ctx: AppContext, restaurantId: string, sessionId: string): Promise<Order[]> {
  if (!(await findSessionForOrder(ctx.db, restaurantId, sessionId))) throw notFound('Session');
  return listSessionOrders(ctx, restaurantId, sessionId);
}

export interface Decision {
  accept: boolean;
  reason: string | null;
}

/**
 * A waiter accepts a PENDING guest order (it goes to the kitchen) or rejects
 * it, which cancels every line with the reason (an accept's reason is only
 * audited). Anything but PENDING → 409.
 */
export async function decideOrder(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  orderId: string,
  decision: Decision,
  actor: AuditActor,
): Promise<Order> {
  const { restaurantId } = staff;
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const row = await findOrderRow(tx, restaurantId, orderId);
    if (!row) throw notFound('Order');
    const { accept, reason } = decision;
    const approval = accept ? 'ACCEPTED' : 'REJECTED';
    // The update is conditional on PENDING, so of two waiters deciding at once exactly one wins.
    if (
      !(await decidePendingOrder(tx, restaurantId, orderId, {
        approval,
        staffId: staff.id,
        reason: accept ? null : reason,
      }))
    ) {
      throw new AppError('INVALID_TRANSITION', `Order ${row.number} is not waiting for approval`);
    }
    // Accepted: the order reaches the kitchen now (its lines not held are fired). Rejected: it never does.
    const sent = accept
      ? await sendAcceptedLines(tx, restaurantId, orderId, {
          firedAt: nowIso(),
          seq: await nextLineSeq(tx, restaurantId),
        })
      : (await cancelOrderLines(tx, restaurantId, orderId, reason), []);
    await recordAudit(tx, {
      restaurantId,
      actor,
      action: accept ? 'order.accepted' : 'order.rejected',
      entityType: 'order',
      entityId: orderId,
      data: { number: row.number, sessionId: row.session_id, ...(reason !== null && { reason }) },
    });
    const order = await loadOrder(tx, restaurantId, orderId);
    afterCommit(() => {
      ctx.live.orderUpdated(restaurantId, order);
      if (sent.length > 0)
        void ctx.events.emit('order.lines.changed', {
          restaurantId,
          sessionId: row.session_id,
          orderId,
          lineIds: sent,
          change: 'SENT',
        });
      void ctx.events.emit('table.changed', { restaurantId, tableIds: [order.tableId] });
    });
    return order;
  });
}
