/** The contract's upper bound for `position` (admin.ts `Position`). */
export const POSITION_MAX = 10_000;

/** A new row goes after its siblings unless the admin chose a position; capped at the contract's bound. */
export const nextPosition = (currentMax: number | null | undefined): number =>
  Math.min((currentMax ?? -1) + 1, POSITION_MAX);
