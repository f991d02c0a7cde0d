import type { AuditEntry } from '@plato/contracts';
import type { Insertable, Kysely } from 'kysely';
import { precompiled } from '../../db/precompiled.ts';
import { newId, nowIso } from '../../db/ids.ts';
import type { AuditLogTable, Database } from '../../db/schema.ts';
import type { AuditActor } from '../../http/request-context.ts';

// Who acted is the request's business (http/ builds it); the audit log's callers keep importing it from here.
export type { AuditActor };

export interface AuditRecord {
  restaurantId: string;
  actor: AuditActor;
  action: string;
  entityType?: string;
  entityId?: string;
  data?: Record<string, unknown>;
}

// Columns are named one by one: the parameter stand-ins cannot be spread.
const insertAudit = precompiled((db, p: AuditRow) =>
  db.insertInto('audit_log').values({
    id: p.id,
    restaurant_id: p.restaurant_id,
    at: p.at,
    actor_type: p.actor_type,
    actor_id: p.actor_id,
    actor_label: p.actor_label,
    action: p.action,
    entity_type: p.entity_type,
    entity_id: p.entity_id,
    data: p.data,
    ip: p.ip,
    user_agent: p.user_agent,
  }),
);

export type AuditRow = Insertable<AuditLogTable>;

/** The row an audit record is stored as (for callers that write it inside a larger statement). */
export function auditRow(record: AuditRecord): AuditRow {
  return {
    id: newId(),
    restaurant_id: record.restaurantId,
    at: nowIso(),
    actor_type: record.actor.type,
    actor_id: record.actor.id ?? null,
    actor_label: record.actor.label ?? null,
    action: record.action,
    entity_type: record.entityType ?? null,
    entity_id: record.entityId ?? null,
    data: JSON.stringify(record.data ?? {}),
    ip: record.actor.ip ?? null,
    user_agent: record.actor.userAgent ?? null,
  };
}

/** Called with the transaction of the action it records, so both commit or neither does. */
export async function recordAudit(db: Kysely<Database>, record: AuditRecord): Promise<void> {
  await insertAudit(db, auditRow(record));
}

/** Writes a row made by `auditRow`, in the caller's transaction. */
export async function insertAuditRow(db: Kysely<Database>, row: AuditRow): Promise<void> {
  await insertAudit(db, row);
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  entityType?: string | undefined;
  /** Entries older than this id (ids are time-ordered UUIDv7). */
  before?: string | undefined;
  limit: number;
}

export async function listAudit(db: Kysely<Database>, restaurantId: string, f: AuditFilter): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('restaurant_id', '=', restaurantId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actor) q = q.where('actor_id', '=', f.actor);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorType: r.actor_type as AuditEntry['actorType'],
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}
