import { z } from 'zod';

/** Ids are UUIDv7 strings; any non-empty bounded string is accepted so unknown ids answer 404, not 400. */
export const Id = z.string().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

export const Timestamp = z.iso.datetime();
export const Cents = z.number().int().min(0).max(100_000_000);
export const SignedCents = z.number().int().min(-100_000_000).max(100_000_000);

/** Basis points: 1 bp = 0.01 %, so 2000 = 20 % — integers keep tax maths exact. */
export const BasisPoints = z.number().int().min(0).max(10_000);

export const Name = z.string().trim().min(1).max(80);
export const Description = z.string().trim().max(500);

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
export const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a BCP 47 locale such as en or fr-FR');

/** Routes that take no query parameters refuse unknown ones, like unknown body fields. */
export const NoQuery = z.strictObject({});

/** Cursor-paged lists answer `next` (null on the last page). */
export const Cursor = z.string().max(200).nullable();

export const LIMITS = {
  cartQuantityMin: 1,
  cartQuantityMax: 99,
  noteMaxLength: 200,
  idempotencyKeyMaxLength: 100,
  /** Lines one cart may hold; an order takes a whole cart, so this also bounds a guest order. */
  cartMaxLines: 100,
  pinLengthMin: 4,
  pinLengthMax: 8,
  photoMaxBytes: 5 * 1024 * 1024,
  bodyMaxBytes: 1024 * 1024,
} as const;
