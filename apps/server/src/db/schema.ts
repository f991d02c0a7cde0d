import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the database. Both dialects store the same shapes:
 * - ids are UUIDv7 text, money integer minor units;
 * - timestamps are ISO-8601 UTC text written by the app (they sort as text and
 *   read back identically on SQLite and PostgreSQL);
 * - flags are `boolean` columns written as 0/1, because better-sqlite3 cannot
 *   bind JS booleans; SQLite reads them back as 0/1, PostgreSQL as booleans,
 *   so repositories read them through `Boolean()`;
 * - JSON values are text.
 */
export type Flag = ColumnType<boolean | number, 0 | 1, 0 | 1>;
export type Timestamp = string;

export interface RestaurantsTable {
  id: string;
  slug: string;
  name: string;
  currency: string;
  locale: string;
  timezone: string;
  tax_rate_bps: number;
  tax_inclusive: Flag;
  service_charge_bps: number;
  pin_length: number;
  order_approval: Flag;
  /** Where lines of items without a station of their own go (`menu_items.station_default`). */
  default_station_id: string | null;
  /** Cash rounding step in minor units (0: none; 5 or 10). */
  cash_rounding_cents: Generated<number>;
  /** Tip presets in percent, JSON. */
  tip_presets: Generated<string>;
  /** The menu's other languages (locales besides `locale`), JSON. */
  languages: Generated<string>;
  auto_close: ColumnType<boolean | number, 0 | 1 | undefined, 0 | 1>;
  /** Bumped by triggers on every menu change (see the menu-version migration). */
  menu_version: ColumnType<number, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffTable {
  id: string;
  restaurant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  active: Flag;
  station_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffSessionsTable {
  id: string;
  token_hash: string;
  staff_id: string;
  restaurant_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface AuditLogTable {
  id: string;
  restaurant_id: string;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  data: string;
  ip: string | null;
  user_agent: string | null;
}

export interface StationsTable {
  id: string;
  restaurant_id: string;
  name: string;
  position: number;
  warn_minutes: Generated<number>;
  late_minutes: Generated<number>;
  created_at: Timestamp;
}

export interface CategoriesTable {
  id: string;
  restaurant_id: string;
  name: string;
  position: number;
  translations: string;
  /** Overrides the restaurant's tax rate for this category's items (null: the restaurant's). */
  tax_rate_bps: ColumnType<number | null, number | null | undefined, number | null>;
  service_applies: ColumnType<boolean | number, 0 | 1 | undefined, 0 | 1>;
  created_at: Timestamp;
}

export interface MenuItemsTable {
  id: string;
  restaurant_id: string;
  category_id: string;
  /** When `station_default` is set, kept equal to the restaurant's default station. */
  station_id: string;
  station_default: ColumnType<boolean | number, 0 | 1 | undefined, 0 | 1>;
  name: string;
  description: string;
  price_cents: number;
  image_path: string | null;
  allergens: string;
  tags: string;
  available: Flag;
  position: number;
  translations: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ModifierGroupsTable {
  id: string;
  restaurant_id: string;
  item_id: string;
  name: string;
  min_selections: number;
  max_selections: number;
  position: number;
}

export interface ModifierOptionsTable {
  id: string;
  restaurant_id: string;
  group_id: string;
  name: string;
  price_delta_cents: number;
  available: Flag;
  position: number;
}

export interface DiningTablesTable {
  id: string;
  restaurant_id: string;
  name: string;
  seats: number;
  area: string;
  qr_token: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TableSessionsTable {
  id: string;
  restaurant_id: string;
  table_id: string;
  mode: string;
  status: string;
  pin_hash: string;
  pin_failures: number;
  pin_blocked_until: Timestamp | null;
  /** Numbers default guest names ("Guest 2"), bumped atomically per join. */
  guest_seq: number;
  opened_by: string | null;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by: string | null;
  close_reason: string | null;
  /** Bumped by every change of the bill; its row is locked while a payment is decided. */
  bill_version: Generated<number>;
}

export interface GuestsTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  name: string;
  /** `guestNameKey(name)`, unique per session; null only for pre-key duplicates that lost their name to an older guest. */
  name_key: string | null;
  /** SHA-256 of the device key that owns this identity (unique per session); null for guests older than device keys. */
  device_hash: string | null;
  /** When a device last used this identity, bumped at most once a minute; it decides whether a name claim is allowed. */
  last_seen_at: Timestamp | null;
  created_at: Timestamp;
}

export interface GuestTokensTable {
  token_hash: string;
  guest_id: string;
  session_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface CartsTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  owner: string;
  version: Generated<number>;
  /**
   * What has been ordered from this cart so far (the table's cart also counts
   * waiters' orders): the session's orders total the sum over its carts.
   * Written only by order placement.
   */
  ordered_cents: ColumnType<number, number | undefined, number>;
}

export interface CartLinesTable {
  id: string;
  restaurant_id: string;
  cart_id: string;
  guest_id: string | null;
  menu_item_id: string;
  quantity: number;
  option_ids: string;
  note: string;
  course: Generated<number>;
  created_at: Timestamp;
}

export interface OrderCountersTable {
  restaurant_id: string;
  last_number: number;
  /** The restaurant's line-change sequence (see the kitchen migration). */
  line_seq: Generated<number>;
}

export interface OrdersTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  table_id: string;
  number: number;
  approval: string;
  source: string;
  guest_id: string | null;
  staff_id: string | null;
  idempotency_key: string;
  request_hash: string;
  total_cents: number;
  reject_reason: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
  /** Bumped by every move of one of its lines. */
  version: Generated<number>;
}

export interface OrderLinesTable {
  id: string;
  restaurant_id: string;
  order_id: string;
  session_id: string;
  station_id: string;
  menu_item_id: string;
  guest_id: string | null;
  position: number;
  name: string;
  quantity: number;
  unit_price_cents: number;
  options: string;
  note: string;
  status: string;
  status_changed_at: Timestamp;
  cancel_reason: string | null;
  /** The restaurant's line-change sequence at this line's last change a kitchen screen shows. */
  seq: Generated<number>;
  course: Generated<number>;
  /** Waiting for a waiter to fire its course: shown, untimed, not startable. */
  held: ColumnType<boolean | number, 0 | 1 | undefined, 0 | 1>;
  /** When the kitchen got it to cook (placed, accepted or fired); null while held or pending. */
  fired_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  started_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  ready_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  served_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** The staff member who moved it last (null: placed, never moved). */
  status_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CallsTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  table_id: string;
  guest_id: string | null;
  kind: string;
  status: string;
  repeats: number;
  created_at: Timestamp;
  last_requested_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface DiscountsTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  kind: string;
  /** PERCENT: basis points; AMOUNT: minor units. */
  value: number;
  line_id: string | null;
  reason: string;
  created_by: string;
  created_at: Timestamp;
  removed_at: Timestamp | null;
  removed_by: string | null;
  remove_reason: string | null;
}

export interface SplitsTable {
  session_id: string;
  restaurant_id: string;
  method: string;
  /** The parts as computed when proposed (JSON). */
  parts: string;
  /** The bill's total they were computed for; null for splits made before it was kept. */
  total_cents: number | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PaymentsTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  method: string;
  status: string;
  amount_cents: number;
  tip_cents: number;
  rounding_cents: number;
  tendered_cents: number | null;
  change_cents: number | null;
  split_part: number | null;
  idempotency_key: string;
  request_hash: string;
  staff_id: string | null;
  guest_id: string | null;
  provider: string | null;
  provider_ref: string | null;
  expires_at: Timestamp | null;
  created_at: Timestamp;
  settled_at: Timestamp | null;
  /** ONLINE: the provider's hosted page, once the intent is made. */
  redirect_url: string | null;
}

/** A provider's webhook event applied once: its id is never applied again. */
export interface PaymentWebhookEventsTable {
  provider: string;
  event_id: string;
  payment_id: string;
  kind: string;
  received_at: Timestamp;
}

export interface RefundsTable {
  id: string;
  restaurant_id: string;
  session_id: string;
  payment_id: string;
  amount_cents: number;
  tip_cents: number;
  reason: string;
  idempotency_key: string;
  request_hash: string;
  staff_id: string;
  created_at: Timestamp;
}

/** Installation-wide facts by key (e.g. `secret_fingerprint`). */
export interface InstallationTable {
  key: string;
  value: string;
  created_at: Timestamp;
}

/** A receipt link's token, hashed; it opens the receipt until 24 h after the session's close. */
export interface ReceiptLinksTable {
  token_hash: string;
  restaurant_id: string;
  session_id: string;
  created_at: Timestamp;
}

export interface Database {
  restaurants: RestaurantsTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
  stations: StationsTable;
  categories: CategoriesTable;
  menu_items: MenuItemsTable;
  modifier_groups: ModifierGroupsTable;
  modifier_options: ModifierOptionsTable;
  dining_tables: DiningTablesTable;
  table_sessions: TableSessionsTable;
  guests: GuestsTable;
  guest_tokens: GuestTokensTable;
  carts: CartsTable;
  cart_lines: CartLinesTable;
  order_counters: OrderCountersTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  calls: CallsTable;
  installation: InstallationTable;
  discounts: DiscountsTable;
  splits: SplitsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  payment_webhook_events: PaymentWebhookEventsTable;
  receipt_links: ReceiptLinksTable;
}
