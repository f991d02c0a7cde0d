import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Why a PIN attempt was refused: a wrong PIN, a blocked table, or too many attempts from one address. */
export type PinFailure = 'wrong-pin' | 'blocked' | 'rate-limited';

/** How full the database's connection pool is (PostgreSQL); SQLite has one connection and no pool. */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/**
 * What one process counts for `GET /metrics`. Every instance has its own
 * registry (tests build many apps in one process; prom-client's global one
 * would refuse the second), and the counters are always there — an increment
 * costs nanoseconds — while the endpoint, the per-route histogram and the
 * process metrics (event-loop lag among them) exist only when metrics are on.
 * Counters are per process: Prometheus scrapes each instance and sums.
 */
export class Metrics {
  readonly registry = new Registry();
  /** `poolUse`: the database's pool, read at scrape time (`Db.poolUse`). */
  constructor(private readonly poolUse: () => PoolUse | undefined = () => undefined) {}

  private readonly orders = new Counter({
    name: 'plato_orders_placed_total',
    help: 'Orders placed (idempotent replays not counted), by who placed them',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  private readonly payments = new Counter({
    name: 'plato_payments_total',
    help: 'Payments recorded by staff or settled online (replays not counted), by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });
  private readonly pinFailures = new Counter({
    name: 'plato_pin_failures_total',
    help: 'Refused PIN attempts, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private instrumented = false;

  orderPlaced(source: 'guest' | 'staff'): void {
    this.orders.inc({ source });
  }

  paymentRecorded(method: string): void {
    this.payments.inc({ method });
  }

  pinFailed(reason: PinFailure): void {
    this.pinFailures.inc({ reason });
  }

  /**
   * Adds what only an exposed endpoint needs: the HTTP latency histogram
   * (returned, for the request hook), open sockets and pool use (read at
   * scrape time), and Node's process metrics with event-loop lag.
   */
  instrument(openSockets: () => number): Histogram<'method' | 'route' | 'status'> {
    if (this.instrumented) throw new Error('metrics already instrumented');
    this.instrumented = true;
    collectDefaultMetrics({ register: this.registry, prefix: 'plato_', eventLoopMonitoringPrecision: 20 });
    new Gauge({
      name: 'plato_open_sockets',
      help: 'Live (Socket.IO) connections open on this process',
      registers: [this.registry],
      collect() {
        this.set(openSockets());
      },
    });
    const pool = new Gauge({
      name: 'plato_db_pool_connections',
      help: 'Database pool connections by state (PostgreSQL only): total, idle, waiting clients, max',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: () => {
        const use = this.poolUse();
        if (!use) return;
        for (const [state, value] of Object.entries(use)) pool.set({ state }, value);
      },
    });
    return new Histogram({
      name: 'plato_http_request_duration_seconds',
      help: 'HTTP answer time by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'] as const,
      // From a cached menu read (≈1 ms) to a receipt PDF (≈100 ms) and past what a guest waits for.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }
}
