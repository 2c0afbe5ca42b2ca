/**
 * Whole list sizes in proportion to `draws` that sum exactly to `total`, each between `min` and
 * `max`. Sizes pushed past a bound are pinned there and the rest rescaled until none is, so the
 * shape of the draws survives wherever the bounds allow. With `pinExtremes` the largest draw
 * gets exactly `max` and the smallest exactly `min`, so the whole range is on show.
 */
export function fitListSizes(
  draws: readonly number[],
  total: number,
  bounds: { min: number; max: number; pinExtremes?: boolean },
): number[] {
  const { min, max } = bounds;
  const n = draws.length;
  if (n === 0) return [];
  if (n * min > total || n * max < total) {
    throw new Error(`${n} lists between ${min} and ${max} cannot sum to ${total}`);
  }
  const sizes = draws.map((d) => Math.max(d, 1e-9));
  const pinned = new Array<boolean>(n).fill(false);
  const extremes = new Set<number>();
  if (bounds.pinExtremes && n >= 2) {
    const largest = sizes.indexOf(Math.max(...sizes));
    const smallest = sizes.indexOf(Math.min(...sizes));
    sizes[largest] = max;
    sizes[smallest] = min;
    for (const i of [largest, smallest]) {
      pinned[i] = true;
      extremes.add(i);
    }
  }
  for (let round = 0; round < n + 1; round++) {
    const pinnedSum = sizes.reduce((sum, s, i) => sum + (pinned[i] ? s : 0), 0);
    const freeSum = sizes.reduce((sum, s, i) => sum + (pinned[i] ? 0 : s), 0);
    if (freeSum === 0) break;
    const factor = (total - pinnedSum) / freeSum;
    let newlyPinned = false;
    for (let i = 0; i < n; i++) {
      if (pinned[i]) continue;
      const scaled = (sizes[i] ?? 0) * factor;
      if (scaled > max || scaled < min) {
        sizes[i] = scaled > max ? max : min;
        pinned[i] = true;
        newlyPinned = true;
      } else {
        sizes[i] = scaled;
      }
    }
    if (!newlyPinned) break;
  }
  const whole = sizes.map((s) => Math.round(s));
  // Rounding leaves the sum a few patients out: take them from (or give them to) the lists
  // that have room, largest first, one patient at a time.
  let difference = total - whole.reduce((sum, s) => sum + s, 0);
  const order = whole.map((_, i) => i).sort((a, b) => (whole[b] ?? 0) - (whole[a] ?? 0));
  while (difference !== 0) {
    let moved = false;
    for (const i of order) {
      if (difference === 0) break;
      const size = whole[i] ?? 0;
      const step = difference > 0 ? 1 : -1;
      if (size + step > max || size + step < min) continue;
      if (extremes.has(i)) continue;
      whole[i] = size + step;
      difference -= step;
      moved = true;
    }
    if (!moved) throw new Error(`cannot place ${difference} patients within the bounds`);
  }
  return whole;
}
