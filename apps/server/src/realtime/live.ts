import type {
  Bill,
  Call,
  Cart,
  Payment,
  FloorTable,
  KitchenTicket,
  LiveEventName,
  LiveEventPayload,
  Order,
  ServerToClientEvents,
} from '@plato/contracts';
import type { Server } from 'socket.io';

/**
 * Room names, in one place. A guest socket joins its session's room, its
 * own and its restaurant's guests' room; a staff socket joins its restaurant's staff room, its role's, its
 * own and its sign-in's (so they can be cut off).
 */
export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  guest: (guestId: string) => `guest:${guestId}`,
  /** Every guest phone of a restaurant, whatever its table: what they all read (the menu). */
  guests: (restaurantId: string) => `guests:${restaurantId}`,
  staff: (restaurantId: string) => `staff:${restaurantId}`,
  role: (restaurantId: string, role: string) => `role:${restaurantId}:${role}`,
  station: (restaurantId: string, stationId: string) => `station:${restaurantId}:${stationId}`,
  /** Kitchen screens that see every station: chefs tied to none, managers and admins. */
  kitchen: (restaurantId: string) => `kitchen:${restaurantId}`,
  /** Every socket that hears ticket events, whatever its station: whether a ticket is worth reading at all. */
  kitchenScreens: (restaurantId: string) => `kitchen-screens:${restaurantId}`,
  staffMember: (staffId: string) => `staff-member:${staffId}`,
  staffSignIn: (staffSessionId: string) => `staff-sign-in:${staffSessionId}`,
};

/** Roles that see the floor, calls and orders as they happen. */
const FLOOR_ROLES = ['WAITER', 'MANAGER', 'ADMIN'] as const;
const FLOOR_AND_TILL_ROLES = [...FLOOR_ROLES, 'CASHIER'] as const;
/** Roles that settle bills. */
const TILL_ROLES = ['CASHIER', 'MANAGER', 'ADMIN'] as const;

export type CartOwner = 'TABLE' | { guestId: string };

/**
 * The one publisher of live events: services call it after their
 * transaction commits (see `inTransaction`'s afterCommit), and it alone
 * decides which rooms hear what. Each event carries the new state.
 */
export class LivePublisher {
  private io: Server<Record<string, never>, ServerToClientEvents> | undefined;
  private otherInstances = false;

  /** `otherInstances`: events also reach sockets of other instances (the Redis adapter). */
  attach(io: Server<Record<string, never>, ServerToClientEvents>, options: { otherInstances: boolean }): void {
    this.io = io;
    this.otherInstances = options.otherInstances;
  }

  /**
   * Whether any kitchen screen of the restaurant may hear a ticket event:
   * reading a ticket to send it to nobody is wasted work on the order path.
   * With other instances the answer is not known here, so always yes.
   */
  kitchenMayHear(restaurantId: string): boolean {
    if (!this.io) return false;
    if (this.otherInstances) return true;
    return (this.io.sockets.adapter.rooms.get(rooms.kitchenScreens(restaurantId))?.size ?? 0) > 0;
  }

  private emit<E extends LiveEventName>(targets: string[], event: E, payload: LiveEventPayload<E>): void {
    if (!this.io || targets.length === 0) return;
    // Socket.IO's typed emit cannot follow a generic event name; the signature above keeps callers honest.
    (this.io.to(targets) as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
  }

  cartUpdated(sessionId: string, owner: CartOwner, cart: Cart): void {
    this.emit([owner === 'TABLE' ? rooms.session(sessionId) : rooms.guest(owner.guestId)], 'cart.updated', cart);
  }

  orderPlaced(restaurantId: string, order: Order): void {
    this.emit(
      [rooms.session(order.sessionId), ...FLOOR_ROLES.map((r) => rooms.role(restaurantId, r))],
      'order.placed',
      { order },
    );
  }

  orderUpdated(restaurantId: string, order: Order): void {
    this.emit(
      [rooms.session(order.sessionId), ...FLOOR_ROLES.map((r) => rooms.role(restaurantId, r))],
      'order.updated',
      { order },
    );
  }

  lineStatus(restaurantId: string, sessionId: string, payload: LiveEventPayload<'line.status'>): void {
    this.emit(
      [rooms.session(sessionId), ...FLOOR_ROLES.map((r) => rooms.role(restaurantId, r))],
      'line.status',
      payload,
    );
  }

  /**
   * A ticket's new state to the kitchen screens of its station and to those
   * that see every station. Kitchen payloads carry no money (kitchen.ts).
   */
  ticket(restaurantId: string, event: 'ticket.created' | 'ticket.updated', ticket: KitchenTicket): void {
    this.emit([rooms.station(restaurantId, ticket.station.id), rooms.kitchen(restaurantId)], event, ticket);
  }

  ticketVoided(restaurantId: string, payload: LiveEventPayload<'ticket.voided'>): void {
    this.emit(
      [rooms.station(restaurantId, payload.ticket.station.id), rooms.kitchen(restaurantId)],
      'ticket.voided',
      payload,
    );
  }

  /** The bill's new state to the table and the till. */
  billUpdated(restaurantId: string, bill: Bill): void {
    this.emit(
      [rooms.session(bill.sessionId), ...TILL_ROLES.map((r) => rooms.role(restaurantId, r))],
      'bill.updated',
      bill,
    );
  }

  paymentUpdated(restaurantId: string, sessionId: string, payment: Payment): void {
    this.emit([rooms.session(sessionId), ...TILL_ROLES.map((r) => rooms.role(restaurantId, r))], 'payment.updated', {
      payment,
    });
  }

  callCreated(restaurantId: string, call: { id: string; tableId: string; kind: 'WAITER' | 'BILL' }): void {
    this.emit(
      FLOOR_ROLES.map((r) => rooms.role(restaurantId, r)),
      'call.created',
      { callId: call.id, tableId: call.tableId, kind: call.kind },
    );
  }

  callResolved(restaurantId: string, call: { id: string; tableId: string; kind: 'WAITER' | 'BILL' }): void {
    this.emit(
      FLOOR_ROLES.map((r) => rooms.role(restaurantId, r)),
      'call.resolved',
      { callId: call.id, tableId: call.tableId, kind: call.kind },
    );
  }

  /** The menu changed (an item 86'd, a price, a photo): guest phones read it again (it revalidates by ETag). */
  menuUpdated(restaurantId: string): void {
    this.emit([rooms.guests(restaurantId)], 'menu.updated', {});
  }

  /** A call's new state to the phones of its table, so the guest sees "on the way". */
  callUpdated(call: Call): void {
    this.emit([rooms.session(call.sessionId)], 'call.updated', { call });
  }

  tableUpdated(restaurantId: string, table: FloorTable): void {
    this.emit(
      FLOOR_AND_TILL_ROLES.map((r) => rooms.role(restaurantId, r)),
      'table.updated',
      table,
    );
  }

  /**
   * Ends the live sockets of a member of staff (deactivated, new password,
   * new role or station: everywhere) or of one sign-in (logout). A socket's
   * rooms are fixed at its handshake, so a changed account reconnects to get
   * the right ones, and a revoked one is refused.
   */
  staffAccessChanged(who: { staffId: string } | { staffSessionId: string }): void {
    const room = 'staffId' in who ? rooms.staffMember(who.staffId) : rooms.staffSignIn(who.staffSessionId);
    this.io?.in(room).disconnectSockets(true);
  }

  /**
   * An identity was claimed by name from another device: the table hears it,
   * and the sockets of the devices that held it end (their tokens are
   * revoked); the new device connects after this.
   */
  guestRejoined(sessionId: string, guest: { id: string; name: string }): void {
    this.emit([rooms.session(sessionId)], 'guest.rejoined', { guestId: guest.id, name: guest.name });
    this.io?.in(rooms.guest(guest.id)).disconnectSockets(true);
  }

  sessionClosed(restaurantId: string, sessionId: string, receiptUrl: string | null = null): void {
    this.emit([rooms.session(sessionId), rooms.staff(restaurantId)], 'session.closed', {
      sessionId,
      ...(receiptUrl !== null && { receiptUrl }),
    });
    // Revoked guests must not keep listening on a socket opened before the close.
    this.io?.in(rooms.session(sessionId)).disconnectSockets(true);
  }
}
