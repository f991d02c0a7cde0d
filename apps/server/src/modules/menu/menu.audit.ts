/** What an update changed, for the audit log: only the fields whose value differs. */
export interface FieldChanges {
  from: Record<string, unknown>;
  to: Record<string, unknown>;
}

/**
 * Compares each defined field of `patch` with `before` (as JSON, so arrays and
 * objects compare by value) and answers the changed ones, or undefined when
 * nothing changed so no empty audit record is written.
 */
export function changedFields<T extends object>(
  before: T,
  patch: Partial<T>,
  ignore: readonly (keyof T)[] = [],
): FieldChanges | undefined {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const key of Object.keys(patch) as (keyof T & string)[]) {
    const value = patch[key];
    if (value === undefined || ignore.includes(key)) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    from[key] = before[key];
    to[key] = value;
  }
  return Object.keys(to).length > 0 ? { from, to } : undefined;
}
