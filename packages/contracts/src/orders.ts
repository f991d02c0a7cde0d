import { z } from 'zod';
import { Note, Quantity } from './cart.ts';
import { Course, Id, LIMITS, Name, SignedCents, Timestamp, centsUpTo, text } from './common.ts';

export const LINE_STATUSES = ['NEW', 'IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED'] as const;
export const LineStatus = z.enum(LINE_STATUSES);
export type LineStatus = z.infer<typeof LineStatus>;

/** The order-line state machine as data (PRODUCT.md); every other move answers 409 INVALID_TRANSITION. */
export const LINE_TRANSITIONS: Record<LineStatus, readonly LineStatus[]> = {
  NEW: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['READY', 'CANCELLED'],
  READY: ['SERVED', 'IN_PROGRESS', 'CANCELLED'],
  SERVED: [],
  CANCELLED: [],
};

export const ORDER_STATUSES = ['PENDING', 'REJECTED', 'NEW', 'IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderLine = z
  .object({
    id: Id,
    menuItemId: Id,
    name: Name,
    quantity: z.number().int(),
    options: z.array(z.object({ id: Id, name: Name, priceDeltaCents: SignedCents })),
    note: z.string(),
    /** Snapshotted when ordered, within the bounds every order write checks (LIMITS). */
    unitPriceCents: centsUpTo(LIMITS.lineTotalCentsMax),
    lineTotalCents: centsUpTo(LIMITS.lineTotalCentsMax),
    status: LineStatus,
    guestId: Id.nullable(),
    stationId: Id,
    /** 1 is "now"; a later course waits (held) until a waiter fires it. */
    course: Course,
    held: z.boolean(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'OrderLine' });
export type OrderLine = z.infer<typeof OrderLine>;

export const Order = z
  .object({
    id: Id,
    number: z.number().int().min(1),
    sessionId: Id,
    tableId: Id,
    status: OrderStatus,
    source: z.enum(['GUEST', 'STAFF']),
    guestId: Id.nullable(),
    lines: z.array(OrderLine),
    totalCents: centsUpTo(LIMITS.orderTotalCentsMax),
    createdAt: Timestamp,
    rejectReason: z.string().nullable(),
    /** Bumped by every move of one of its lines: keep the highest seen. */
    version: z.number().int().min(0),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof Order>;

export const OrderResponse = z.object({ order: Order });
export const OrderListResponse = z.object({ orders: z.array(Order) });

export const IdempotencyKey = text({ trim: true }).min(1).max(LIMITS.idempotencyKeyMaxLength);
export const IdempotencyHeaders = z.looseObject({ 'idempotency-key': IdempotencyKey });

/**
 * Optional: the cart version the guest saw when pressing "order" (a retry sends the same one).
 * The body itself may be left out (Fastify then hands the validator `null`).
 */
export const PlaceGuestOrderRequest = z.strictObject({ cartVersion: z.number().int().min(0).optional() }).nullish();

export const StaffOrderLine = z.strictObject({
  menuItemId: Id,
  quantity: Quantity,
  optionIds: z.array(Id).max(LIMITS.optionsPerLineMax).default([]),
  note: Note.optional(),
  /** 1 (default) is "now"; a later course is held until a waiter fires it. */
  course: Course.default(1),
});
export const PlaceStaffOrderRequest = z.strictObject({
  lines: z.array(StaffOrderLine).min(1).max(LIMITS.cartMaxLines),
});
export type PlaceStaffOrderRequest = z.infer<typeof PlaceStaffOrderRequest>;
export const RejectOrderRequest = z.strictObject({ reason: text({ trim: true }).min(1).max(200).optional() });
