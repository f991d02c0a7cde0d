import { z } from 'zod';
import { Call } from './calls.ts';
import { Id, Timestamp } from './common.ts';
import { SessionMode } from './sessions.ts';

/** Derived, never stored: the most urgent thing about the table wins. */
export const TABLE_STATUSES = [
  'FREE',
  'SEATED',
  'ORDERING',
  'WAITING_FOR_FOOD',
  'FOOD_READY',
  'BILL_REQUESTED',
] as const;
export const FloorTableStatus = z.enum(TABLE_STATUSES);
export type FloorTableStatus = z.infer<typeof FloorTableStatus>;

export const FloorTable = z
  .object({
    id: Id,
    name: z.string(),
    seats: z.number().int(),
    area: z.string(),
    status: FloorTableStatus,
    sessionId: Id.optional(),
    mode: SessionMode.optional(),
    /** When the open session began: how long the table has been sitting. */
    openedAt: Timestamp.optional(),
    guestCount: z.number().int().min(0),
    /** Lines of the open session waiting at the pass (READY): what a waiter can carry now. */
    readyCount: z.number().int().min(0),
    /** Guest orders of the open session waiting for a waiter to accept or reject them (approval on). */
    pendingCount: z.number().int().min(0),
    calls: z.array(Call),
  })
  .meta({ id: 'FloorTable' });
export type FloorTable = z.infer<typeof FloorTable>;
export const FloorResponse = z.object({ tables: z.array(FloorTable) });
export type FloorResponse = z.infer<typeof FloorResponse>;
