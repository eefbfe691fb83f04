// Log-scale histograms for latencies and sizes: fixed buckets, so they add up
// across batches and uploads (an endpoint's p95 over months is the p95 of the
// summed histogram, not an average of p95s), within about 12% of the value.

/** Bucket i holds values in [BASE^(i-1), BASE^i); bucket 0 holds values below 1. */
const BASE = 1.25;
export const HISTOGRAM_BUCKETS = 96; // up to 1.25^95 ≈ 1.6e9 (26 minutes in ms, 1.6 GB in bytes)
const LOG_BASE = Math.log(BASE);

export type Histogram = number[];

export const emptyHistogram = (): Histogram => new Array<number>(HISTOGRAM_BUCKETS).fill(0);

export function bucketOf(value: number): number {
  if (!(value >= 1)) return 0;
  return Math.min(HISTOGRAM_BUCKETS - 1, 1 + Math.floor(Math.log(value) / LOG_BASE));
}

export function addToHistogram(h: Histogram, value: number, count = 1): void {
  h[bucketOf(value)]! += count;
}

export function mergeHistograms(into: Histogram, from: Histogram): Histogram {
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

/** The value at quantile q (0..1): the geometric middle of its bucket; null when empty. */
export function quantile(h: Histogram, q: number): number | null {
  const total = h.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  let seen = 0;
  const rank = q * total;
  for (let i = 0; i < h.length; i++) {
    seen += h[i]!;
    if (seen >= rank && h[i]! > 0) return i === 0 ? 0.5 : Math.sqrt(BASE ** (i - 1) * BASE ** i);
  }
  return null;
}
