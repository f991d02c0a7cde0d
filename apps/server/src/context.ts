import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DialectName } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { DomainEvents } from './domain-events.ts';
import type { Metrics } from './metrics.ts';
import type { LivePublisher } from './realtime/live.ts';

/** What every service needs, built once in app.ts and handed to each module. */
export interface AppContext {
  db: Kysely<Database>;
  dialect: DialectName;
  config: Config;
  /** Live events, emitted after commit. */
  live: LivePublisher;
  /** Domain events and in-transaction hooks: how a lower domain reaches the ones above it (see wiring.ts). */
  events: DomainEvents;
  /** This process's counters (orders, payments, PIN failures) for `GET /metrics`. */
  metrics: Metrics;
}
