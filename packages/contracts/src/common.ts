import { z } from 'zod';
import { LIMITS } from './constants.ts';

export { LIMITS } from './constants.ts';

/*
 * Text a request carries. Every string field of every request contract starts
 * from `text()` — names, notes, reasons, translations, emails, filters, ids in
 * paths, headers — so one rule holds everywhere: no control characters.
 * (Closed formats — Currency, Locale, Pin, RestaurantSlug — keep their own
 * pattern, which admits letters, digits and dashes only.) A NUL is refused by
 * PostgreSQL (SQLSTATE 22021, which would surface as a 500), the other C0/C1
 * controls (escape sequences, BEL, backspace…) have no business in a name a
 * kitchen screen or a receipt prints, and a lone UTF-16 surrogate is not text
 * at all (the database driver would silently store U+FFFD instead).
 * Multi-line free text (descriptions, kitchen notes) keeps tab and line breaks:
 * they are typed in a textarea, are harmless in both databases, and a note
 * such as "no onions⏎sauce on the side" means something; every other field is
 * one line, so a newline there is as foreign as any other control.
 * The C0 and C1 ranges are written out rather than as `\p{Cc}` so the OpenAPI
 * `pattern` reads the same in any regex engine; with the `u` flag a
 * well-formed surrogate pair is one code point, so the surrogate range
 * matches only a lone surrogate.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\ud800-\udfff]*$/u;
// eslint-disable-next-line no-control-regex -- as above
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]*$/u;

/**
 * A request string that refuses control characters (see above). `trim` trims
 * before the check, so surrounding whitespace is forgiven, not refused;
 * `multiline` lets tab, CR and LF through.
 */
export const text = (options: { trim?: boolean; multiline?: boolean } = {}) => {
  const base = options.trim ? z.string().trim() : z.string();
  return options.multiline
    ? base.regex(MULTI_LINE, 'must not contain control characters other than tab and line breaks')
    : base.regex(ONE_LINE, 'must not contain control characters or line breaks');
};

/** Ids are UUIDv7 strings; any non-empty bounded string is accepted so unknown ids answer 404, not 400. */
export const Id = text().min(1).max(64);
export const IdParams = z.strictObject({ id: Id });

export const Timestamp = z.iso.datetime();

/**
 * Courses a line may be ordered for: 1 is "now"; later ones wait (held) until
 * a waiter fires them. Here rather than in orders.ts because carts (which
 * orders.ts builds on) carry it too.
 */
export const COURSE_MAX = 5;
export const Course = z.number().int().min(1).max(COURSE_MAX);

/** Basis points: 1 bp = 0.01 %, so 2000 = 20 % — integers keep tax maths exact. */
export const BasisPoints = z.number().int().min(0).max(10_000);

export const Name = text({ trim: true }).min(1).max(80);
export const Description = text({ trim: true, multiline: true }).max(500);

/* Closed formats (a pattern of letters or digits) admit no control character already, so they keep z.string(). */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
export const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a BCP 47 locale such as en or fr-FR');

/** Routes that take no query parameters refuse unknown ones, like unknown body fields. */
export const NoQuery = z.strictObject({});

/** Cursor-paged lists answer `next` (null on the last page). */
export const Cursor = z.string().max(200).nullable();

/** A non-negative amount of money up to `max` minor units. */
export const centsUpTo = (max: number) => z.number().int().min(0).max(max);
export const Cents = centsUpTo(LIMITS.moneyMaxCents);
export const SignedCents = z.number().int().min(-LIMITS.moneyMaxCents).max(LIMITS.moneyMaxCents);

/** A 304 answer to a conditional GET: no body, the copy named by If-None-Match is current. */
export const NotModified = z.null().meta({ description: 'Not modified: the copy named in If-None-Match is current' });
