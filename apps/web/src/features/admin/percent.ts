/** A rate in basis points as an admin types it: 825 → "8.25". */
export const percentText = (bps: number): string => String(bps / 100);

/** "8.25" (or "8,25") → 825 basis points; NaN when it is not a percentage with at most two decimals. */
export function basisPoints(text: string): number {
  const cleaned = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return Number.NaN;
  return Math.round(Number(cleaned) * 100);
}
