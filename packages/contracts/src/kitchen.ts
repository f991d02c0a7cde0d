import { z } from 'zod';
import { Allergen } from './admin.ts';
import type { StaffRole } from './auth.ts';
import { COURSE_MAX, Course, Id, Name, Timestamp, text } from './common.ts';
import { LINE_STATUSES, LineStatus } from './orders.ts';

/*
 * The kitchen's view of orders (PRODUCT.md "Kitchen display"). None of these
 * schemas has a price, total, tax, tip or payment field: every kitchen
 * response and live event is shaped by them, and the objects are built
 * field by field from them, so money cannot reach a kitchen screen.
 */

/**
 * Who may move a line to which status (API.md): chefs cook (start, ready,
 * recall), waiters serve and void, managers and admins do all. A role asking
 * for a status it may never set gets 403 whatever the line's state; a move
 * the transitions table (LINE_TRANSITIONS) does not have gets 409.
 */
export const LINE_MOVES_BY_ROLE: Record<StaffRole, readonly LineStatus[]> = {
  CHEF: ['IN_PROGRESS', 'READY'],
  WAITER: ['SERVED', 'CANCELLED'],
  MANAGER: LINE_STATUSES.filter((s) => s !== 'NEW'),
  ADMIN: LINE_STATUSES.filter((s) => s !== 'NEW'),
  CASHIER: [],
};

/** A ticket's state follows its lines (see `ticketStatusOf`). */
export const TICKET_STATUSES = ['NEW', 'IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Against its station's thresholds; HELD while nothing on it may be cooked yet. */
export const TicketTiming = z.enum(['ON_TIME', 'WARNING', 'LATE', 'HELD', 'DONE']);
export type TicketTiming = z.infer<typeof TicketTiming>;

export const KitchenLine = z
  .strictObject({
    id: Id,
    name: Name,
    quantity: z.number().int().min(1),
    options: z.array(Name),
    note: z.string(),
    allergens: z.array(Allergen),
    course: Course,
    /** Waiting for its course to be fired: shown greyed, untimed, cannot be started. */
    held: z.boolean(),
    status: LineStatus,
    /** Why it was voided (CANCELLED only). */
    cancelReason: z.string().nullable(),
    /** Who moved it last (null: nobody since it was placed) and when its status last changed. */
    movedBy: z.strictObject({ id: Id, name: z.string() }).nullable(),
    movedAt: Timestamp,
  })
  .meta({ id: 'KitchenLine' });
export type KitchenLine = z.infer<typeof KitchenLine>;

export const KitchenTicket = z
  .strictObject({
    /** Stable: the id of the ticket's first line. */
    id: Id,
    orderId: Id,
    orderNumber: z.number().int().min(1),
    /** The table's name as it is now (a moved session shows its new table). */
    table: z.string(),
    tableId: Id,
    station: z.strictObject({ id: Id, name: Name }),
    status: TicketStatus,
    /** When the order reached the kitchen (placed, or accepted by a waiter). */
    createdAt: Timestamp,
    /** Since the first line it may cook was fired; 0 while everything on it is held. */
    ageSeconds: z.number().int().min(0),
    timing: TicketTiming,
    /** The restaurant's line-change sequence at the ticket's last change: keep the highest, ask `since` it. */
    seq: z.number().int().min(0),
    lines: z.array(KitchenLine),
  })
  .meta({ id: 'KitchenTicket' });
export type KitchenTicket = z.infer<typeof KitchenTicket>;

const StationFilter = Id.optional();
/** Sequences are stored as 32-bit integers: a larger `since` is a 400, not a database error. */
const Since = z.coerce.number().int().min(0).max(2_147_483_647).optional();

export const KitchenTicketsQuery = z.strictObject({
  station: StationFilter,
  /**
   * OPEN (default): tickets with something still to cook, oldest first.
   * DONE: tickets finished in the last hour, newest first (for recall).
   */
  state: z.enum(['OPEN', 'DONE']).default('OPEN'),
  /** Only tickets changed after this sequence, whatever their state (a screen catching up after a drop). */
  since: Since,
});
export const KitchenTicketsResponse = z.object({
  tickets: z.array(KitchenTicket),
  /** The sequence this answer is complete up to: ask `since` it next. */
  seq: z.number().int().min(0),
});
export const TicketIdParams = z.strictObject({ ticketId: Id });
export const KitchenTicketResponse = z.object({ ticket: KitchenTicket });

export const LineStatusRequest = z.strictObject({
  status: LineStatus,
  /** Required to void (CANCELLED). */
  reason: text({ trim: true }).min(1).max(200).optional(),
});
export const LineStatusResponse = z.object({
  line: KitchenLine,
  orderId: Id,
  /** The order's version after the move. */
  orderVersion: z.number().int().min(0),
});

export const RecallRequest = z.strictObject({ station: Id.optional() }).nullish();

export const StationQuery = z.strictObject({ station: StationFilter });
export const AllDayResponse = z.object({
  items: z.array(z.object({ name: Name, options: z.array(Name), quantity: z.number().int().min(1) })),
});

export const ExpoOrder = z.object({
  orderId: Id,
  orderNumber: z.number().int().min(1),
  table: z.string(),
  tableId: Id,
  tickets: z.array(KitchenTicket),
  /** Every line still to serve is READY: the waiter can take the whole order at once. */
  allReady: z.boolean(),
});
export type ExpoOrder = z.infer<typeof ExpoOrder>;
export const ExpoResponse = z.object({ orders: z.array(ExpoOrder) });

export const ReadyLine = z.object({
  id: Id,
  orderId: Id,
  orderNumber: z.number().int().min(1),
  tableId: Id,
  table: z.string(),
  name: Name,
  quantity: z.number().int().min(1),
  options: z.array(Name),
  readyAt: Timestamp,
});
export type ReadyLine = z.infer<typeof ReadyLine>;
export const ReadyResponse = z.object({ lines: z.array(ReadyLine) });

export const CourseParams = z.strictObject({ id: Id, course: z.coerce.number().int().min(1).max(COURSE_MAX) });
export const CourseResponse = z.object({
  orderId: Id,
  course: Course,
  /** The lines that changed (held or fired). */
  lineIds: z.array(Id),
});

/** Prep times of lines whose order was placed in [from, to) (ISO 8601 instants; from before to). */
export const KitchenReportQuery = z
  .strictObject({ from: Timestamp, to: Timestamp })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] });
export type KitchenReportQuery = z.infer<typeof KitchenReportQuery>;
/**
 * Over the window's lines that reached the kitchen and were not voided:
 * `lines` counts them; prep figures cover those that were fired and got
 * ready, pass figures those that were ready and got served (a recalled line
 * counts from its last ready). p90 is the nearest-rank 90th percentile.
 */
const PrepStats = z.object({
  lines: z.number().int().min(0),
  /** Fired → ready, seconds. */
  prepAvgSeconds: z.number().min(0).nullable(),
  prepP90Seconds: z.number().min(0).nullable(),
  /** Ready → served, seconds. */
  passAvgSeconds: z.number().min(0).nullable(),
  passP90Seconds: z.number().min(0).nullable(),
});
export const KitchenReportResponse = z.object({
  from: Timestamp,
  to: Timestamp,
  /** By item (the menu's name today), then by station; each sorted by name. */
  items: z.array(PrepStats.extend({ name: Name, menuItemId: Id })),
  stations: z.array(PrepStats.extend({ name: Name, stationId: Id })),
});
export type KitchenReportResponse = z.infer<typeof KitchenReportResponse>;

/** A line voided on a ticket the kitchen already has: strike it through, with a sound. */
export const TicketVoidedEvent = z.object({ ticket: KitchenTicket, lineIds: z.array(Id), reason: z.string() });
