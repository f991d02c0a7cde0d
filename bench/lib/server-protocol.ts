/** What the bench parent and its server child say to each other over IPC. */

/**
 * `baseline-guest` opens an existing database (BENCH_GUEST_DATABASE_URL, the
 * one a production Plato run set up) and replays the menu in BENCH_GUEST_MENU.
 */
export type ServerKind =
  'plato' | 'baseline-http' | 'baseline-socket' | 'baseline-guest' | 'baseline-kitchen' | 'baseline-billing';

export type ParentMessage =
  | { type: 'stop' }
  | { type: 'usage' }
  /** Gathers the database's planner statistics (PostgreSQL), as a live database has them. */
  | { type: 'analyze' }
  /** Starts V8's CPU profiler in the server, or stops it and writes the profile to `file`. */
  | { type: 'profile'; action: 'start' }
  | { type: 'profile'; action: 'stop'; file: string };

export type ChildMessage =
  | { type: 'ready'; baseUrl: string; dialect: string }
  | { type: 'usage'; userMicros: number; systemMicros: number; rssBytes: number }
  | { type: 'profiled' }
  | { type: 'analyzed' }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/** The admin the Plato child creates with its restaurant; the parent signs in as it over HTTP. */
export const BENCH_ADMIN = { email: 'admin@bench.plato', password: 'bench-password-1', slug: 'bench' } as const;
