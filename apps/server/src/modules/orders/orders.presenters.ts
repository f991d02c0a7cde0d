import type { LineStatus, Order, OrderLine } from '@plato/contracts';
import { type Approval, deriveOrderStatus } from './order-status.ts';
import type { OrderLineRow, OrderRow } from './orders.repository.ts';

/** Rows → API orders. `options` is JSON text written only by order placement. */

export const toOrderLine = (r: OrderLineRow): OrderLine => ({
  id: r.id,
  menuItemId: r.menu_item_id,
  name: r.name,
  quantity: r.quantity,
  options: JSON.parse(r.options) as OrderLine['options'],
  note: r.note,
  unitPriceCents: r.unit_price_cents,
  lineTotalCents: r.unit_price_cents * r.quantity,
  status: r.status as LineStatus,
  guestId: r.guest_id,
  stationId: r.station_id,
  course: r.course,
  held: Boolean(r.held),
  cancelReason: r.cancel_reason,
});

/** `totalCents` is what is still owed for the order: cancelled lines no longer count. */
export function toOrder(r: OrderRow, lines: readonly OrderLine[]): Order {
  return {
    id: r.id,
    number: r.number,
    sessionId: r.session_id,
    tableId: r.table_id,
    status: deriveOrderStatus(
      r.approval as Approval,
      lines.map((l) => l.status),
    ),
    source: r.source as Order['source'],
    guestId: r.guest_id,
    lines: [...lines],
    totalCents: lines.reduce((sum, l) => sum + (l.status === 'CANCELLED' ? 0 : l.lineTotalCents), 0),
    createdAt: r.created_at,
    rejectReason: r.reject_reason,
    version: r.version,
  };
}

/** Nests lines (already in position order) under their orders, keeping the orders' order. */
export function assembleOrders(orders: readonly OrderRow[], lines: readonly OrderLineRow[]): Order[] {
  const byOrder = new Map<string, OrderLine[]>();
  for (const l of lines) {
    const list = byOrder.get(l.order_id) ?? [];
    list.push(toOrderLine(l));
    byOrder.set(l.order_id, list);
  }
  return orders.map((o) => toOrder(o, byOrder.get(o.id) ?? []));
}
