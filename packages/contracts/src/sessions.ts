import { z } from 'zod';
import { Id, Name, Timestamp, text } from './common.ts';

export const SESSION_MODES = ['FAMILY', 'INDIVIDUAL'] as const;
export const SessionMode = z.enum(SESSION_MODES);
export type SessionMode = z.infer<typeof SessionMode>;
export const SessionStatus = z.enum(['OPEN', 'CLOSED']);

export const TableSession = z
  .object({
    id: Id,
    mode: SessionMode,
    tableId: Id,
    status: SessionStatus,
    openedAt: Timestamp,
    closedAt: Timestamp.nullable(),
  })
  .meta({ id: 'TableSession' });
export type TableSession = z.infer<typeof TableSession>;

export const OpenSessionRequest = z.strictObject({ mode: SessionMode });
export const OpenSessionResponse = z.object({ session: TableSession, pin: z.string() });
export type OpenSessionResponse = z.infer<typeof OpenSessionResponse>;
export const PinResponse = z.object({ pin: z.string() });
export const MoveSessionRequest = z.strictObject({ tableId: Id });
export const CloseSessionRequest = z.strictObject({ reason: text({ trim: true }).min(1).max(200).optional() });
export const SessionResponse = z.object({ session: TableSession });
/** The close's answer: with the receipt link to hand the guest (it opens the receipt until 24 h after the close). */
export const CloseSessionResponse = SessionResponse.extend({ receiptUrl: z.string().nullable() });
export type CloseSessionResponse = z.infer<typeof CloseSessionResponse>;
export const TableIdParams = z.strictObject({ tableId: Id });

/** What a guest types: digits only (so no control character); the length is the restaurant's. */
export const Pin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');
export const GuestName = text({ trim: true }).min(1).max(40);

export const JoinRequest = z.strictObject({ pin: Pin, name: GuestName.optional() });
export type JoinRequest = z.infer<typeof JoinRequest>;
export const Guest = z.object({ id: Id, name: Name }).meta({ id: 'Guest' });
export type Guest = z.infer<typeof Guest>;
export const JoinResponse = z.object({
  guest: Guest,
  session: z.object({ id: Id, mode: SessionMode }),
});
export type JoinResponse = z.infer<typeof JoinResponse>;
export const QrTokenParams = z.strictObject({ qrToken: text().min(1).max(100) });
