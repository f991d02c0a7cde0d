import type { Tx } from './db/transaction.ts';

/**
 * What a domain announces after its change has committed, for the domains
 * and read models above it to react to (the floor today; kitchen and billing
 * next). A lower domain says what happened; it never knows who listens.
 */
export interface DomainEventMap {
  /** What these tables show may have changed (a cart, an order, a guest joining): listeners may coalesce a burst. */
  'table.changed': { restaurantId: string; tableIds: readonly string[] };
  'session.opened': { restaurantId: string; sessionId: string; tableId: string };
  'session.moved': { restaurantId: string; sessionId: string; from: string; to: string };
  'session.closed': { restaurantId: string; sessionId: string; tableId: string };
  /**
   * Lines of an order changed in a way the kitchen shows: SENT (the order
   * reached the kitchen: placed without approval, or accepted), MOVED (a
   * status, a hold or a fire), VOIDED (cancelled, with the reason).
   */
  'order.lines.changed': {
    restaurantId: string;
    sessionId: string;
    orderId: string;
    lineIds: readonly string[];
    change: 'SENT' | 'MOVED' | 'VOIDED';
    reason?: string;
  };
  /** An admin renamed a table (what shows its name should show the new one). */
  'table.renamed': { restaurantId: string; tableId: string };
  /** A call was made, raised again, acknowledged or resolved. */
  'call.changed': { restaurantId: string; callId: string; tableId: string };
}

/**
 * Moments inside a lower domain's transaction where a higher domain must
 * change its own state in the same transaction (closing a session fences its
 * carts and resolves its calls). Hooks are handed in at wiring time, so the
 * lower domain imports nothing from above.
 */
export interface TransactionHookMap {
  'session.moving': { restaurantId: string; sessionId: string; from: string; to: string };
  /** A table's name is changing: the kitchen lines of its open session take a new sequence. */
  'table.renaming': { restaurantId: string; tableId: string };
  /**
   * `override`: the closer is a manager or admin who gave a reason (a bill with a balance may then close).
   * `staffId` null: the session closed itself (the restaurant's auto-close, on the last payment).
   * `notes`: what higher domains add to the close's answer and its live event.
   */
  'session.closing': {
    restaurantId: string;
    sessionId: string;
    staffId: string | null;
    override: boolean;
    notes: SessionCloseNotes;
  };
  /**
   * The restaurant's default station is about to change (settings), its row
   * already locked: the menu checks the station is the restaurant's and moves
   * the items that follow the default onto it, or refuses.
   */
  'restaurant.default-station.changing': { restaurantId: string; stationId: string | null };
}

/** Filled in by `session.closing` hooks: billing makes the guest's receipt link. */
export interface SessionCloseNotes {
  receiptUrl: string | null;
}

export type DomainEventName = keyof DomainEventMap;
export type TransactionHookName = keyof TransactionHookMap;
export type AfterCommit = (fn: () => void) => void;
export type DomainEventListener<E extends DomainEventName> = (payload: DomainEventMap[E]) => void | Promise<void>;
export type TransactionHook<H extends TransactionHookName> = (
  tx: Tx,
  payload: TransactionHookMap[H],
  afterCommit: AfterCommit,
) => Promise<void>;

export type ListenerErrorReporter = (err: unknown, event: DomainEventName) => void;

/**
 * A small in-process bus, one per app context. Events are dispatched
 * synchronously, in the order listeners subscribed; reaching other
 * instances is the live layer's job (Socket.IO's Redis adapter), not this.
 */
export class DomainEvents {
  private readonly listeners = new Map<DomainEventName, DomainEventListener<never>[]>();
  private readonly hooks = new Map<TransactionHookName, TransactionHook<never>[]>();

  constructor(private reporter: ListenerErrorReporter = reportToStderr) {}

  /** Where listener failures go; the app points this at its logger. */
  reportTo(reporter: ListenerErrorReporter): void {
    this.reporter = reporter;
  }

  report(err: unknown, event: DomainEventName): void {
    this.reporter(err, event);
  }

  on<E extends DomainEventName>(event: E, listener: DomainEventListener<E>): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as DomainEventListener<never>]);
  }

  /**
   * Announces a committed change: call it after commit (from `inTransaction`'s
   * afterCommit, or once a single-statement write has returned). Every
   * listener starts before this returns. The promise settles when their
   * async work has, and never rejects: a listener's failure is reported,
   * never thrown into the emitter, whose change is already done. Await it to
   * answer only once the reactions went out; `void` it on hot paths.
   */
  emit<E extends DomainEventName>(event: E, payload: DomainEventMap[E]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const listener of (this.listeners.get(event) ?? []) as DomainEventListener<E>[]) {
      try {
        const result = listener(payload);
        if (result) pending.push(result.catch((err: unknown) => this.report(err, event)));
      } catch (err) {
        this.report(err, event);
      }
    }
    return Promise.all(pending).then(() => undefined);
  }

  /** Registers work that must commit or roll back with the change that runs the hook. */
  within<H extends TransactionHookName>(hook: H, fn: TransactionHook<H>): void {
    this.hooks.set(hook, [...(this.hooks.get(hook) ?? []), fn as TransactionHook<never>]);
  }

  /**
   * Runs a hook's registered work inside the caller's transaction, one after
   * the other. Unlike listeners, a failure here is the transaction's: it
   * throws and everything rolls back.
   */
  async run<H extends TransactionHookName>(
    hook: H,
    tx: Tx,
    payload: TransactionHookMap[H],
    afterCommit: AfterCommit,
  ): Promise<void> {
    for (const fn of (this.hooks.get(hook) ?? []) as TransactionHook<H>[]) await fn(tx, payload, afterCommit);
  }
}

function reportToStderr(err: unknown, event: DomainEventName): void {
  console.error(`domain event listener for ${event} failed:`, err);
}
