import type { AppContext } from './context.ts';
import { DomainEvents } from './domain-events.ts';
import { Metrics, type PoolUse } from './metrics.ts';
import { publishBillAfterVoid, requireSettledToClose } from './modules/billing/billing.service.ts';
import { createReceiptLinkOnClose } from './modules/billing/receipts.service.ts';
import { resolveSessionCalls } from './modules/calls/calls.service.ts';
import { fenceSessionCarts } from './modules/cart/cart.repository.ts';
import { publishTables, publishTablesSoon } from './modules/floor/floor.service.ts';
import { publishLinesChanged, publishSessionMoved, publishTableRenamed } from './modules/kitchen/kitchen.service.ts';
import { followDefaultStation } from './modules/menu/items.service.ts';
import { restampMovedSession, restampRenamedTable } from './modules/orders/line-lifecycle.service.ts';
import { LivePublisher } from './realtime/live.ts';

/** An app context with its live publisher and its domain events wired: the app, the CLI, tests and benches build it here. */
export function createContext(
  base: Pick<AppContext, 'db' | 'dialect' | 'config'> & { poolUse?: () => PoolUse | undefined },
): AppContext {
  const { poolUse, ...rest } = base;
  const ctx: AppContext = {
    ...rest,
    live: new LivePublisher(),
    events: new DomainEvents(),
    metrics: new Metrics(poolUse),
  };
  wireDomains(ctx);
  return ctx;
}

/**
 * Every way a higher domain reacts to a lower one, in one place: the lower
 * domain runs a hook or emits an event and imports nothing from above (see
 * docs/architecture.md, "The domain stack").
 */
function wireDomains(ctx: AppContext): void {
  const { events } = ctx;

  // In the same transaction: an order placed meanwhile read the session where it was, so its carts are fenced
  // (the order then reads again, or reads the session closed); a closed session leaves no call open.
  events.within('session.moving', (tx, s) => fenceSessionCarts(tx, s.restaurantId, s.sessionId));
  events.within('session.closing', (tx, s) => fenceSessionCarts(tx, s.restaurantId, s.sessionId));
  events.within('session.closing', (tx, s, afterCommit) => resolveSessionCalls(ctx, tx, s, afterCommit));
  // After the carts are fenced, so no order can land after the balance was read.
  events.within('session.closing', (tx, s) => requireSettledToClose(ctx, tx, s));
  // A new default station must be the restaurant's, and the items that follow the default move with it.
  events.within('restaurant.default-station.changing', (tx, change) => followDefaultStation(tx, change));
  // Once the close is allowed: the guests' receipt link, in the close's answer and its live event.
  events.within('session.closing', (tx, s) => createReceiptLinkOnClose(ctx, tx, s));
  // A moved session's lines still in the kitchen take a new sequence: screens catching up see the new table.
  events.within('session.moving', (tx, s) => restampMovedSession(tx, s.restaurantId, s.sessionId));

  // After commit, the kitchen sends its screens the tickets that changed.
  events.on('order.lines.changed', (e) => publishLinesChanged(ctx, e));
  // A void changes the bill: the table and the till get it.
  events.on('order.lines.changed', (e) => publishBillAfterVoid(ctx, e));
  events.on('session.moved', (e) => publishSessionMoved(ctx, e));
  // A renamed table: its open session's kitchen lines are restamped in the rename, and its tickets sent after it.
  events.within('table.renaming', (tx, e) => restampRenamedTable(tx, e.restaurantId, e.tableId));
  events.on('table.renamed', (e) => publishTableRenamed(ctx, e));

  // After commit, the floor read model announces the tables' new state: at once for the session's and calls'
  // changes (the answer waits for it), gathered over a few milliseconds for the hot paths (carts, orders, joins).
  events.on('table.changed', (e) => publishTablesSoon(ctx, e.restaurantId, e.tableIds));
  events.on('session.opened', (e) => publishTables(ctx, e.restaurantId, [e.tableId]));
  events.on('session.moved', (e) => publishTables(ctx, e.restaurantId, [e.from, e.to]));
  events.on('session.closed', (e) => publishTables(ctx, e.restaurantId, [e.tableId]));
  events.on('call.changed', (e) => publishTables(ctx, e.restaurantId, [e.tableId]));
}
