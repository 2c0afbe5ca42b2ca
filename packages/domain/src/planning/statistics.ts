/** A mean with its confidence interval over independent replications. */
export interface Estimate {
  readonly mean: number;
  /** Half the width of the 95% confidence interval. */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  readonly replications: number;
}

// Two-sided 95% quantiles of Student's t by degrees of freedom (1-30), then the normal's.
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** The 97.5% quantile of Student's t with `df` degrees of freedom (1.96 beyond 30). */
export function tQuantile975(df: number): number {
  if (df < 1) throw new RangeError('a confidence interval needs at least two replications');
  return T_975[df - 1] ?? 1.96;
}

/** The mean of independent replications' results, with a 95% t confidence interval. */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n < 2) throw new RangeError('a confidence interval needs at least two replications');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, replications: n };
}

/** The value at a quantile (0..1) of a sample, by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const low = sorted[lower] as number;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - lower);
}
