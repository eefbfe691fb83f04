// Robust statistics for baselines: medians and median absolute deviations,
// so the outlier being judged (or a few like it) cannot drag the norm towards
// itself the way a mean and a standard deviation would.

export type Norm = { typical: number; spread: number; n: number };

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median and scaled MAD (comparable to a standard deviation for normal data). */
export function normOf(values: number[]): Norm {
  const typical = median(values);
  const spread = 1.4826 * median(values.map((v) => Math.abs(v - typical)));
  return { typical, spread, n: values.length };
}

/**
 * How far above its norm a value is, in spreads; the spread is floored at a
 * tenth of the typical value and at 1, so a flat norm (every user reads one
 * account an hour) does not make a value of 2 look infinite.
 */
export function excess(value: number, norm: Norm): number {
  const spread = Math.max(norm.spread, norm.typical / 10, 1);
  return (value - norm.typical) / spread;
}

/** An order of magnitude above the norm, and far outside its spread: the bar every baseline detector uses. */
export const FAR_RATIO = 10;
export const FAR_SPREADS = 8;
export function isFar(value: number, norm: Norm): boolean {
  return value >= FAR_RATIO * Math.max(norm.typical, 1) && excess(value, norm) >= FAR_SPREADS;
}

/** A plain "12 ± 4" for explanations. */
export function describeNorm(norm: Norm): string {
  const r = (x: number) => (x >= 10 ? Math.round(x).toLocaleString("en") : String(Math.round(x * 10) / 10));
  return norm.spread > 0 ? `${r(norm.typical)} ± ${r(norm.spread)}` : r(norm.typical);
}
