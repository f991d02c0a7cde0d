/*
 * Exact money arithmetic for bills and splits: integers of minor units only,
 * never a float on the way. Products are taken in BigInt (amounts up to 10^8
 * times weights up to 10^8 pass 2^53).
 */

/**
 * Splits `total` into parts proportional to `weights` so that they sum to
 * `total` exactly (largest-remainder / Hamilton): each part gets the floor of
 * its exact share, and the cents left over go one each to the largest
 * fractional remainders, ties to the earlier part. Zero weights get zero;
 * when every weight is zero the total is split equally. A negative total is
 * split as its opposite and negated.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`allocate: total ${total} is not an integer`);
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('allocate: no parts to allocate to');
    return [];
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('allocate: weights must be non-negative integers');
  }
  if (total < 0) return allocate(-total, weights).map((x) => (x === 0 ? 0 : -x));
  const sum = weights.reduce((a, b) => a + b, 0);
  const ws = sum === 0 ? weights.map(() => 1) : weights;
  const whole = BigInt(sum === 0 ? weights.length : sum);
  const t = BigInt(total);
  const parts: number[] = [];
  const remainders: { index: number; rest: bigint }[] = [];
  let given = 0n;
  ws.forEach((w, index) => {
    const exact = t * BigInt(w);
    const part = exact / whole;
    parts.push(Number(part));
    given += part;
    remainders.push({ index, rest: exact % whole });
  });
  let left = Number(t - given);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * `amount × numerator / denominator`, rounded half up (away from zero for
 * the halves of a positive amount): how tax, service and percentage
 * discounts round, once per amount they apply to.
 */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('mulDivRound: denominator must be positive');
  const n = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return Number(negative ? -q : q);
}

/** Cash rounding: `amount` to the nearest multiple of `step` (halves up); a step of 1 or less leaves it. */
export function roundToStep(amount: number, step: number): number {
  if (step <= 1) return amount;
  return mulDivRound(amount, 1, step) * step;
}
