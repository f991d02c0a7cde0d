import { z } from 'zod';
import { Currency, Locale, Name, text } from './common.ts';

/** A table's QR token (`randomToken(16)`: 22 base64url characters); anything unknown answers 404. */
export const QrToken = text().min(1).max(64);
export const PublicTableParams = z.strictObject({ qrToken: QrToken });

export const PublicTableResponse = z.object({
  restaurant: z.object({ name: Name, currency: Currency, locale: Locale }),
  table: z.object({ name: z.string() }),
  /** How many digits the table's PIN has: the phone submits by itself on the last one. */
  pinLength: z.number().int(),
  sessionOpen: z.boolean(),
});
export type PublicTableResponse = z.infer<typeof PublicTableResponse>;
