import { z } from 'zod';
import { Bill, Payment } from './billing.ts';
import { Call, CallKind } from './calls.ts';
import { Cart } from './cart.ts';
import { Id, Name } from './common.ts';
import { FloorTable } from './floor.ts';
import { KitchenTicket, TicketVoidedEvent } from './kitchen.ts';
import { LineStatus, Order } from './orders.ts';

/**
 * Live events (API.md). Each carries the new state, not a diff; clients keep
 * the highest `version` they have seen and refetch after a reconnect.
 */
export const LiveEvents = {
  'cart.updated': Cart,
  'order.placed': z.object({ order: Order }),
  'order.updated': z.object({ order: Order }),
  'line.status': z.object({ orderId: Id, lineId: Id, status: LineStatus, orderVersion: z.number().int().min(0) }),
  /** A station's new ticket (an order placed, or accepted by a waiter): no money (kitchen.ts). */
  'ticket.created': KitchenTicket,
  /** A ticket's new state (a line moved, held or fired, the table renamed). */
  'ticket.updated': KitchenTicket,
  /** Lines voided on a ticket the kitchen already has. */
  'ticket.voided': TicketVoidedEvent,
  'call.created': z.object({ callId: Id, tableId: Id, kind: CallKind }),
  'call.resolved': z.object({ callId: Id, tableId: Id, kind: CallKind }),
  /** A call's new state to its table's phones: asked (again), acknowledged by a waiter, resolved. */
  'call.updated': z.object({ call: Call }),
  'table.updated': FloorTable,
  /** With the receipt link the guests can open until 24 h after the close. */
  'session.closed': z.object({ sessionId: Id, receiptUrl: z.string().optional() }),
  /** The bill's new state (a discount, a split, a payment, a void): as GET /sessions/:id/bill. */
  'bill.updated': Bill,
  'payment.updated': z.object({ payment: Payment }),
  /** The restaurant's menu changed: guest phones read it again (an item sold out greys at once). */
  'menu.updated': z.object({}),
  /** An identity claimed by name from a new device: the table should know who now speaks as whom. */
  'guest.rejoined': z.object({ guestId: Id, name: Name }),
} as const;

export type LiveEventName = keyof typeof LiveEvents;
export type LiveEventPayload<E extends LiveEventName> = z.infer<(typeof LiveEvents)[E]>;

/** Socket.IO typing shared by the server and every client. */
export type ServerToClientEvents = { [E in LiveEventName]: (payload: LiveEventPayload<E>) => void };
