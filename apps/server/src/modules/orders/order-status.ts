import type { LineStatus, OrderStatus } from '@plato/contracts';

export type Approval = 'NOT_REQUIRED' | 'PENDING' | 'ACCEPTED' | 'REJECTED';

const ALL = (statuses: readonly LineStatus[], allowed: readonly LineStatus[]) =>
  statuses.every((s) => allowed.includes(s));

/**
 * An order's status follows from its approval and its lines (PRODUCT.md):
 * waiting for a waiter or rejected first; then the slowest line decides,
 * cancelled lines not counting once anything else is left.
 */
export function deriveOrderStatus(approval: Approval, lines: readonly LineStatus[]): OrderStatus {
  if (approval === 'PENDING') return 'PENDING';
  if (approval === 'REJECTED') return 'REJECTED';
  if (lines.length > 0 && ALL(lines, ['CANCELLED'])) return 'CANCELLED';
  if (ALL(lines, ['SERVED', 'CANCELLED'])) return 'SERVED';
  if (ALL(lines, ['READY', 'SERVED', 'CANCELLED'])) return 'READY';
  if (lines.some((s) => s === 'IN_PROGRESS' || s === 'READY' || s === 'SERVED')) return 'IN_PROGRESS';
  return 'NEW';
}
