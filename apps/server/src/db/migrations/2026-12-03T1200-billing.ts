import { type Kysely, sql } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * Bills and payments (issue 12). The bill itself is never stored: it is
 * computed from the order lines and what is stored here, so a bill, a split,
 * a receipt and the reports cannot disagree.
 * - restaurants: cash rounding step (0 = none, 5, 10 minor units), tip
 *   presets (percent, JSON), whether the last payment closes the session;
 * - categories: a tax rate and whether service applies, overriding the
 *   restaurant's (drinks and food taxed differently);
 * - discounts (removable, never deleted), the session's current split
 *   proposal, payments (idempotent per session and key, like orders) and
 *   refunds (idempotent per payment and key);
 * - table_sessions.bill_version, bumped by every change of the bill, which
 *   also serialises payments: the row is locked while one is decided.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('restaurants')
    .addColumn('cash_rounding_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('restaurants')
    .addColumn('tip_presets', 'text', (c) => c.notNull().defaultTo('[10,15,20]'))
    .execute();
  await db.schema
    .alterTable('restaurants')
    .addColumn('auto_close', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
    .execute();
  await db.schema.alterTable('categories').addColumn('tax_rate_bps', 'integer').execute();
  await db.schema
    .alterTable('categories')
    .addColumn('service_applies', 'boolean', (c) => c.notNull().defaultTo(sql`true`))
    .execute();
  await db.schema
    .alterTable('table_sessions')
    .addColumn('bill_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('discounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('PERCENT', 'AMOUNT')`))
    .addColumn('value', 'integer', (c) => c.notNull().check(sql`value > 0`))
    .addColumn('line_id', 'text', (c) => c.references('order_lines.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text', (c) => c.references('staff.id'))
    .addColumn('remove_reason', 'text')
    .execute();
  await db.schema.createIndex('discounts_session_idx').on('discounts').column('session_id').execute();

  await db.schema
    .createTable('splits')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('table_sessions.id'))
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('parts', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('CASH', 'CARD', 'ONLINE')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED')`))
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('tip_cents', 'integer', (c) => c.notNull().check(sql`tip_cents >= 0`))
    .addColumn('rounding_cents', 'integer', (c) => c.notNull())
    .addColumn('tendered_cents', 'integer')
    .addColumn('change_cents', 'integer')
    .addColumn('split_part', 'integer')
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('guest_id', 'text', (c) => c.references('guests.id'))
    .addColumn('provider', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('settled_at', 'text')
    .execute();
  // Exactly-once payments: a key names one payment per session, across instances and restarts.
  await db.schema
    .createIndex('payments_idempotency_uq')
    .on('payments')
    .columns(['session_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('payments_restaurant_created_idx')
    .on('payments')
    .columns(['restaurant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('tip_cents', 'integer', (c) => c.notNull().check(sql`tip_cents >= 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('refunds_idempotency_uq')
    .on('refunds')
    .columns(['payment_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema.createIndex('refunds_session_idx').on('refunds').column('session_id').execute();
}
