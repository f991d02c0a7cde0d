import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** The two PIN rate limits (PRODUCT.md), kept in the database so every instance shares them. */
export const PIN_LIMITS = {
  /** Wrong PINs for one session before its PIN entry is blocked. */
  failuresBeforeBlock: 5,
  blockMs: 15 * 60 * 1000,
  /** Attempts, right or wrong, from one client address per window. */
  attemptsPerIp: 50,
  ipWindowMs: 60 * 60 * 1000,
} as const;

/** Guest tokens outlive no evening: 8 hours, or the session's close, whichever comes first. */
export const GUEST_TOKEN_TTL_MS = 8 * 60 * 60 * 1000;

/** Uniform over every `length`-digit string (leading zeros included), from the CSPRNG. */
export function generatePin(length: number): string {
  return String(randomInt(10 ** length)).padStart(length, '0');
}

/**
 * A keyed hash, not a password hash: a PIN has at most 10^8 values, so slowness
 * would not save it from an offline search, while the secret key does; the
 * rate limits guard the online side. Salting with the session id keeps two
 * tables with the same PIN from sharing a hash.
 */
export function hashPin(secret: string, sessionId: string, pin: string): string {
  return createHmac('sha256', secret).update(`${sessionId}:${pin}`).digest('hex');
}

/** Compares in constant time, so response timing tells nothing about how close a guess was. */
export function pinMatches(secret: string, sessionId: string, pin: string, storedHash: string): boolean {
  const given = Buffer.from(hashPin(secret, sessionId, pin), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
