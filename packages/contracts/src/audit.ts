import { z } from 'zod';
import { Cursor, Id, Timestamp, text } from './common.ts';

export const ACTOR_TYPES = ['STAFF', 'GUEST', 'SYSTEM', 'ANONYMOUS'] as const;
export const ActorType = z.enum(ACTOR_TYPES);

export const AuditEntry = z
  .object({
    id: Id,
    at: Timestamp,
    actorType: ActorType,
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  action: text().max(64).optional(),
  /** A staff or guest id, matched exactly. */
  actor: text().max(64).optional(),
  /** What the entry is about (`menu_item`, `table`, `staff`…), matched exactly. */
  entityType: text().max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: text().max(200).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditListResponse = z.object({ entries: z.array(AuditEntry), next: Cursor });
