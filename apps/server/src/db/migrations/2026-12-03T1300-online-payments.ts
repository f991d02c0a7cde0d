import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * Online payments through a provider (issue 12, item 4).
 * - payments.redirect_url: the provider's hosted page for a PENDING online
 *   payment, so a repeated request (same Idempotency-Key) answers the same page;
 * - one payment per provider reference, so a webhook names exactly one payment;
 * - payment_webhook_events: every provider event applied, by its id, so a
 *   replayed or redelivered webhook changes nothing (providers deliver at
 *   least once and attackers replay).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('redirect_url', 'text').execute();
  // NULLs (cash and card payments) never collide, on SQLite and PostgreSQL alike.
  await db.schema
    .createIndex('payments_provider_ref_uq')
    .on('payments')
    .columns(['provider', 'provider_ref'])
    .unique()
    .execute();
  await db.schema
    .createTable('payment_webhook_events')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_webhook_events_pk', ['provider', 'event_id'])
    .execute();
}
