/**
 * The key two guest names are the same identity by: NFKC (so "ﬁ" is "fi"
 * and a composed "Å" is a decomposed one) and case folding, done by the app
 * so SQLite and PostgreSQL agree (SQLite's `lower()` folds ASCII only).
 * Upper- then lower-casing folds what lower-casing alone misses ("ß" and
 * "SS", final and medial sigma); NFKC again because case mapping may leave
 * a string unnormalised.
 */
export const guestNameKey = (name: string): string =>
  name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
