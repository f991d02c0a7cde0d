import { type Kysely, sql } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('table_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('table_id', 'text', (c) => c.notNull().references('dining_tables.id'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('FAMILY', 'INDIVIDUAL')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('OPEN', 'CLOSED')`))
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('pin_failures', 'integer', (c) => c.notNull())
    .addColumn('pin_blocked_until', 'text')
    .addColumn('guest_seq', 'integer', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.references('staff.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('staff.id'))
    .addColumn('close_reason', 'text')
    .execute();
  // The rule "at most one OPEN session per table" lives here, not in code.
  await sql`create unique index table_sessions_one_open on table_sessions (table_id) where status = 'OPEN'`.execute(db);
  await db.schema
    .createIndex('table_sessions_restaurant_idx')
    .on('table_sessions')
    .columns(['restaurant_id', 'status'])
    .execute();

  await db.schema
    .createTable('guests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('guests_session_name_uq', ['session_id', 'name'])
    .execute();

  await db.schema
    .createTable('guest_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('guest_id', 'text', (c) => c.notNull().references('guests.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guest_tokens_session_idx').on('guest_tokens').column('session_id').execute();

  await db.schema
    .createTable('carts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    // 'TABLE' for the shared FAMILY cart, else the owning guest's id.
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('carts_session_owner_uq', ['session_id', 'owner'])
    .execute();

  await db.schema
    .createTable('cart_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('cart_id', 'text', (c) => c.notNull().references('carts.id'))
    .addColumn('guest_id', 'text', (c) => c.references('guests.id'))
    .addColumn('menu_item_id', 'text', (c) => c.notNull().references('menu_items.id').onDelete('cascade'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 99`))
    .addColumn('option_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cart_lines_cart_idx').on('cart_lines').column('cart_id').execute();

  await db.schema
    .createTable('order_counters')
    .addColumn('restaurant_id', 'text', (c) => c.primaryKey().references('restaurants.id'))
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('table_id', 'text', (c) => c.notNull().references('dining_tables.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('approval', 'text', (c) =>
      c.notNull().check(sql`approval in ('NOT_REQUIRED', 'PENDING', 'ACCEPTED', 'REJECTED')`),
    )
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('GUEST', 'STAFF')`))
    .addColumn('guest_id', 'text', (c) => c.references('guests.id'))
    .addColumn('staff_id', 'text', (c) => c.references('staff.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('reject_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('staff.id'))
    .addUniqueConstraint('orders_restaurant_number_uq', ['restaurant_id', 'number'])
    .execute();
  // Exactly-once placement: a key names one order per session, across instances and restarts.
  await db.schema
    .createIndex('orders_idempotency_uq')
    .on('orders')
    .columns(['session_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('orders_idempotency_lookup_idx')
    .on('orders')
    .columns(['restaurant_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('orders_session_idx').on('orders').column('session_id').execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('station_id', 'text', (c) => c.notNull().references('stations.id'))
    .addColumn('menu_item_id', 'text', (c) => c.notNull())
    .addColumn('guest_id', 'text', (c) => c.references('guests.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 99`))
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('NEW', 'IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED')`),
    )
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .execute();
  await db.schema.createIndex('order_lines_order_idx').on('order_lines').column('order_id').execute();
  await db.schema.createIndex('order_lines_session_idx').on('order_lines').columns(['session_id', 'status']).execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('table_id', 'text', (c) => c.notNull().references('dining_tables.id'))
    .addColumn('guest_id', 'text', (c) => c.references('guests.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('WAITER', 'BILL')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')`))
    .addColumn('repeats', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_requested_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('staff.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('staff.id'))
    .execute();
  // One unresolved call per kind per session: repeats fold into it.
  await sql`create unique index calls_one_open on calls (session_id, kind) where status <> 'RESOLVED'`.execute(db);
  await db.schema.createIndex('calls_restaurant_status_idx').on('calls').columns(['restaurant_id', 'status']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
