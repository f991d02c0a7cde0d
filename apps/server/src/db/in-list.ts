/**
 * The values of an `in (…)` list padded to a power-of-two length by
 * repeating the last one. The statement text then takes one of a handful of
 * shapes, so SQLite's statement cache prepares each shape once instead of
 * once per list length (a floor read for 25 tables used to pay a fresh
 * prepare). Repeated values change no result.
 */
export function inList<T>(values: readonly T[]): T[] {
  const last = values.at(-1);
  if (last === undefined) return [];
  let size = 1;
  while (size < values.length) size *= 2;
  const padded = values.slice();
  while (padded.length < size) padded.push(last);
  return padded;
}
