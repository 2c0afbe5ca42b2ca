/**
 * Splits a whole number into whole parts in proportion to weights, with the largest remainder
 * method: each part gets the whole part of its exact share, and what is left over goes one by
 * one to the largest remainders (ties to the larger weight, then the earlier item). The parts
 * always add up to exactly the total, and each is within one of its exact share. Used for hub
 * fair shares (slots) and for money (pence) alike, so nothing is lost or made up in rounding.
 * A negative total is split as the negation of splitting its size.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) {
    throw new RangeError(`only a whole number can be apportioned, not ${total}`);
  }
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new RangeError('weights must be finite and not negative');
  }
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError(`nothing to apportion ${total} between`);
    return [];
  }
  if (total < 0) return apportion(-total, weights).map((part) => (part === 0 ? 0 : -part));
  const sum = weights.reduce((a, b) => a + b, 0);
  // All weights nil: share equally.
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const effectiveSum = sum === 0 ? weights.length : sum;
  return roundToSum(
    effective.map((w) => (total * w) / effectiveSum),
    total,
    effective,
  );
}

/**
 * Rounds exact values to whole numbers that add up to `total` (which the values should add up
 * to): each is rounded down, and the shortfall goes one by one to the largest remainders (ties
 * to the larger tie-breaker, then the earlier item). Each result is within one of its value.
 */
export function roundToSum(
  exact: readonly number[],
  total: number,
  tieBreakers: readonly number[] = exact.map(() => 0),
): number[] {
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  if (left < 0 || (left > 0 && parts.length === 0)) {
    throw new RangeError(`the values do not add up to ${total}`);
  }
  const order = exact
    .map((value, index) => ({
      index,
      remainder: value - Math.floor(value),
      tie: tieBreakers[index] ?? 0,
    }))
    .sort((a, b) => b.remainder - a.remainder || b.tie - a.tie || a.index - b.index);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left -= 1) {
    const index = order[i]?.index ?? 0;
    parts[index] = (parts[index] ?? 0) + 1;
  }
  return parts;
}
