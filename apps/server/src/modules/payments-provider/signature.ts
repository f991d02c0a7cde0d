import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookRefused } from './provider.ts';

/**
 * Webhook signatures as Stripe makes them, which most providers copy:
 * header `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, each v1 an HMAC-SHA256 of
 * `${t}.${rawBody}` under one of the endpoint's secrets. Several v1 values
 * come while a secret is rotated (the provider signs with the old and the new
 * one), and the receiver may hold several secrets for the same reason: any
 * pair that matches is enough. The timestamp is signed too, so an old
 * delivery cannot be replayed with a fresh `t`; more than `toleranceSeconds`
 * away from now is refused.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function signPayload(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header a provider sends: one v1 per secret it signs with. */
export function signatureHeader(secrets: readonly string[], timestamp: number, rawBody: Buffer | string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signPayload(s, timestamp, rawBody)}`)].join(',');
}

/** Throws WebhookRefused unless one of the header's v1 signatures is one of `secrets`' and `t` is recent. */
export function verifySignatureHeader(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): void {
  if (!header) throw new WebhookRefused('No signature header');
  let timestamp: number | undefined;
  const given: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Other schemes (v0, future ones) are skipped, as Stripe's own libraries do.
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) given.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || given.length === 0) throw new WebhookRefused('Malformed signature header');
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) {
    throw new WebhookRefused('Signature timestamp outside the tolerance');
  }
  // Every comparison is made (no early exit), each in constant time: the time taken says nothing about the secret.
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signPayload(secret, timestamp, rawBody), 'hex');
    for (const g of given) if (timingSafeEqual(expected, g)) matched = true;
  }
  if (!matched) throw new WebhookRefused('No signature matches');
}
