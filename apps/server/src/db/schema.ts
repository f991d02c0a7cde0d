import type { ColumnType } from 'kysely';

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
  created_at: Timestamp;
}

export interface CategoriesTable {
  id: string;
  restaurant_id: string;
  name: string;
  position: number;
  translations: string;
  created_at: Timestamp;
}

export interface MenuItemsTable {
  id: string;
  restaurant_id: string;
  category_id: string;
  station_id: string;
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
  version: number;
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
  created_at: Timestamp;
}

export interface OrderCountersTable {
  restaurant_id: string;
  last_number: number;
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

/** Installation-wide facts by key (e.g. `secret_fingerprint`). */
export interface InstallationTable {
  key: string;
  value: string;
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
}
