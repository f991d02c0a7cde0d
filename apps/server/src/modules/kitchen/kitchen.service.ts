import type {
  AllDayResponse,
  ExpoResponse,
  KitchenLine,
  KitchenTicket,
  ReadyResponse,
  Station,
} from '@plato/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DomainEventMap } from '../../domain-events.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuthenticatedStaff } from '../../http/access.ts';
import type { AuditActor } from '../audit/audit.repository.ts';
import { listStations } from '../menu/stations.service.ts';
import { bumpTicketLines, moveLine, recallLastBumped } from '../orders/line-lifecycle.service.ts';
import { findMovableLine, findOpenSessionIdAt } from '../orders/line-lifecycle.repository.ts';
import { currentLineSeq } from '../orders/orders.repository.ts';
import { assembleTickets, oldestFirst, optionNamesOf } from './kitchen.presenters.ts';
import { type TicketSelection, selectCookingLines, selectReadyLines, selectTicketLines } from './kitchen.repository.ts';

const HOUR_MS = 60 * 60 * 1000;

async function ticketsOf(ctx: AppContext, restaurantId: string, which: TicketSelection): Promise<KitchenTicket[]> {
  return assembleTickets(await selectTicketLines(ctx.db, restaurantId, which), which);
}

/** The station a kitchen request is about: a chef tied to a station sees that one only (another → 403). */
function stationFor(staff: AuthenticatedStaff, asked: string | undefined): string | undefined {
  if (staff.role !== 'CHEF' || staff.stationId === null) return asked;
  if (asked !== undefined && asked !== staff.stationId) {
    throw new AppError('FORBIDDEN', "A chef tied to a station sees that station's tickets only");
  }
  return staff.stationId;
}

export interface TicketQuery {
  station?: string | undefined;
  state: 'OPEN' | 'DONE';
  since?: number | undefined;
}

/**
 * GET /kitchen/tickets. Open tickets oldest first; DONE: finished in the
 * last hour, newest first; `since`: every ticket changed after that
 * sequence whatever its state. `seq` is read before the tickets: every
 * change up to it has committed (the sequence is handed out under a lock
 * held to commit), so asking `since` it next misses nothing; a change
 * after it may show twice, and its ticket's own `seq` tells which is newer.
 */
export async function listTickets(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  q: TicketQuery,
): Promise<{ tickets: KitchenTicket[]; seq: number }> {
  const stationId = stationFor(staff, q.station);
  const seq = await currentLineSeq(ctx.db, staff.restaurantId);
  if (q.since !== undefined) {
    const tickets = await ticketsOf(ctx, staff.restaurantId, { changedAfter: q.since, upTo: seq, stationId });
    return { tickets: tickets.sort((a, b) => a.seq - b.seq), seq };
  }
  if (q.state === 'DONE') {
    const doneSince = new Date(Date.now() - HOUR_MS).toISOString();
    const tickets = await ticketsOf(ctx, staff.restaurantId, { doneSince, stationId });
    const lastMove = (t: KitchenTicket) => t.lines.reduce((m, l) => (l.movedAt > m ? l.movedAt : m), '');
    return { tickets: tickets.sort((a, b) => lastMove(b).localeCompare(lastMove(a))), seq };
  }
  const tickets = await ticketsOf(ctx, staff.restaurantId, { open: true, stationId });
  return { tickets: tickets.sort(oldestFirst), seq };
}

/** The ticket a line is on, as it is now. */
async function ticketOfLine(ctx: AppContext, restaurantId: string, lineId: string): Promise<KitchenTicket> {
  const [ticket] = await ticketsOf(ctx, restaurantId, { ticketLineId: lineId });
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/** A ticket by its id (its first line's), or 404. */
async function ticketLocation(ctx: AppContext, restaurantId: string, ticketId: string) {
  const line = await findMovableLine(ctx.db, restaurantId, ticketId);
  if (!line) throw notFound('Ticket');
  const ticket = await ticketOfLine(ctx, restaurantId, ticketId);
  // Another line's id of the ticket is not the ticket's id; a pending order has no ticket yet.
  if (ticket.id !== ticketId) throw notFound('Ticket');
  return { orderId: line.orderId, stationId: line.stationId };
}

/** POST /order-lines/:id/status: the move, then the line as the kitchen sees it. */
export async function moveLineForScreen(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  lineId: string,
  request: { status: KitchenLine['status']; reason?: string | undefined },
  actor: AuditActor,
): Promise<{ line: KitchenLine; orderId: string; orderVersion: number }> {
  const change = await moveLine(ctx, staff, lineId, request, actor);
  const ticket = await ticketOfLine(ctx, staff.restaurantId, lineId);
  const line = ticket.lines.find((l) => l.id === lineId);
  if (!line) throw notFound('Order line');
  return { line, orderId: change.orderId, orderVersion: change.orderVersion };
}

export async function bumpTicket(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  ticketId: string,
  actor: AuditActor,
): Promise<KitchenTicket> {
  const where = await ticketLocation(ctx, staff.restaurantId, ticketId);
  await bumpTicketLines(ctx, staff, where, actor);
  return ticketOfLine(ctx, staff.restaurantId, ticketId);
}

export async function recallTicket(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  station: string | undefined,
  actor: AuditActor,
): Promise<KitchenTicket> {
  const change = await recallLastBumped(ctx, staff, station, actor);
  return ticketOfLine(ctx, staff.restaurantId, change.lineIds[0]!);
}

/**
 * GET /kitchen/stations: the picker of a kitchen screen and the thresholds its
 * ticking ages turn colour at. A chef tied to a station gets that one only.
 */
export async function kitchenStations(ctx: AppContext, staff: AuthenticatedStaff): Promise<Station[]> {
  const stations = await listStations(ctx.db, staff.restaurantId);
  const only = stationFor(staff, undefined);
  return only === undefined ? stations : stations.filter((s) => s.id === only);
}

/** GET /kitchen/all-day: what is still to cook, per item with its options, most first. */
export async function allDay(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  station: string | undefined,
): Promise<z.infer<typeof AllDayResponse>> {
  const rows = await selectCookingLines(ctx.db, staff.restaurantId, stationFor(staff, station));
  const counts = new Map<string, { name: string; options: string[]; quantity: number }>();
  for (const r of rows) {
    const options = optionNamesOf(r.options).sort();
    const key = JSON.stringify([r.name, options]);
    const entry = counts.get(key);
    if (entry) entry.quantity += r.quantity;
    else counts.set(key, { name: r.name, options, quantity: r.quantity });
  }
  return {
    items: [...counts.values()].sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name)),
  };
}

/** GET /kitchen/expo: each order still at the pass with its tickets across stations, and whether all are ready. */
export async function expo(ctx: AppContext, restaurantId: string): Promise<z.infer<typeof ExpoResponse>> {
  const tickets = (await ticketsOf(ctx, restaurantId, { openOrders: true })).sort(oldestFirst);
  const byOrder = new Map<string, KitchenTicket[]>();
  for (const t of tickets) byOrder.set(t.orderId, [...(byOrder.get(t.orderId) ?? []), t]);
  return {
    orders: [...byOrder.values()].map((ts) => {
      const first = ts[0]!;
      const toServe = ts.flatMap((t) => t.lines).filter((l) => l.status !== 'SERVED' && l.status !== 'CANCELLED');
      return {
        orderId: first.orderId,
        orderNumber: first.orderNumber,
        table: first.table,
        tableId: first.tableId,
        tickets: ts,
        allReady: toServe.length > 0 && toServe.every((l) => l.status === 'READY'),
      };
    }),
  };
}

/** GET /ready: READY lines to carry, by table. */
export async function readyLines(ctx: AppContext, restaurantId: string): Promise<z.infer<typeof ReadyResponse>> {
  const rows = await selectReadyLines(ctx.db, restaurantId);
  return {
    lines: rows.map((r) => ({
      id: r.id,
      orderId: r.orderId,
      orderNumber: r.orderNumber,
      tableId: r.tableId,
      table: r.tableName,
      name: r.name,
      quantity: r.quantity,
      options: optionNamesOf(r.options),
      readyAt: r.readyAt ?? r.movedAt,
    })),
  };
}

/**
 * After commit (wired to `order.lines.changed`): the tickets these lines are
 * on, as they are now, to their stations' screens: new tickets when the
 * order reached the kitchen, voids as their own event (struck through with
 * a sound), any other change as the ticket's new state.
 */
export async function publishLinesChanged(ctx: AppContext, e: DomainEventMap['order.lines.changed']): Promise<void> {
  // No kitchen screen of the restaurant is connected: nothing to read (one that connects later reads the tickets).
  if (!ctx.live.kitchenMayHear(e.restaurantId)) return;
  const changed = new Set(e.lineIds);
  const tickets = (await ticketsOf(ctx, e.restaurantId, { orderId: e.orderId })).filter((t) =>
    t.lines.some((l) => changed.has(l.id)),
  );
  for (const ticket of tickets) {
    if (e.change === 'SENT') ctx.live.ticket(e.restaurantId, 'ticket.created', ticket);
    else if (e.change === 'VOIDED') {
      const lineIds = ticket.lines.filter((l) => e.lineIds.includes(l.id)).map((l) => l.id);
      ctx.live.ticketVoided(e.restaurantId, { ticket, lineIds, reason: e.reason ?? '' });
    } else ctx.live.ticket(e.restaurantId, 'ticket.updated', ticket);
  }
}

/** After commit (wired to `session.moved`): the session's tickets still in the kitchen show the new table. */
export async function publishSessionMoved(ctx: AppContext, e: DomainEventMap['session.moved']): Promise<void> {
  if (!ctx.live.kitchenMayHear(e.restaurantId)) return;
  for (const ticket of await ticketsOf(ctx, e.restaurantId, { sessionId: e.sessionId })) {
    ctx.live.ticket(e.restaurantId, 'ticket.updated', ticket);
  }
}

/** After commit (wired to `table.renamed`): the open tickets of the table's session show its new name. */
export async function publishTableRenamed(ctx: AppContext, e: DomainEventMap['table.renamed']): Promise<void> {
  if (!ctx.live.kitchenMayHear(e.restaurantId)) return;
  const sessionId = await findOpenSessionIdAt(ctx.db, e.restaurantId, e.tableId);
  if (!sessionId) return;
  for (const ticket of await ticketsOf(ctx, e.restaurantId, { sessionId })) {
    ctx.live.ticket(e.restaurantId, 'ticket.updated', ticket);
  }
}
