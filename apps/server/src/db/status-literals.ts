import { sql } from 'kysely';

/**
 * Status values the partial unique indexes are defined on, as SQL literals
 * rather than bound parameters. With a parameter SQLite cannot know at
 * prepare time whether a partial index applies, so it re-plans the statement
 * on every run; with the literal the prepared statement is reused as is.
 */
export const OPEN = sql.lit('OPEN');
export const RESOLVED = sql.lit('RESOLVED');
