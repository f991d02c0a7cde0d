import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export const CallKind = z.enum(['WAITER', 'BILL']);
export type CallKind = z.infer<typeof CallKind>;
export const CallStatus = z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']);

export const Call = z
  .object({
    id: Id,
    tableId: Id,
    sessionId: Id,
    kind: CallKind,
    status: CallStatus,
    createdAt: Timestamp,
    /** Last time a guest asked again; repeats within 2 minutes fold into this call. */
    lastRequestedAt: Timestamp,
    repeats: z.number().int().min(0),
  })
  .meta({ id: 'Call' });
export type Call = z.infer<typeof Call>;

export const CreateCallRequest = z.strictObject({ kind: CallKind });
export const CallResponse = z.object({ call: Call });
export const CallListResponse = z.object({ calls: z.array(Call) });
