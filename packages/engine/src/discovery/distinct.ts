// Distinct-count sketch (HyperLogLog, 1,024 registers, about 3% error) for
// "how many actors call this endpoint": mergeable across batches, 1 KB per
// endpoint whatever the traffic, and it keeps no identity in clear.

import { fnv1a } from "./fnv";

const P = 10;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

export type DistinctSketch = Uint8Array;

export const emptySketch = (): DistinctSketch => new Uint8Array(M);

/** 32-bit FNV-1a then a finaliser (murmur3's), so similar strings spread over registers. */
function hash32(value: string): number {
  let h = fnv1a(value);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function addDistinct(sketch: DistinctSketch, value: string): void {
  const h = hash32(value);
  const register = h >>> (32 - P);
  const rest = (h << P) >>> 0;
  const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
  if (rank > sketch[register]!) sketch[register] = rank;
}

export function mergeSketches(into: DistinctSketch, from: DistinctSketch): DistinctSketch {
  for (let i = 0; i < M; i++) if (from[i]! > into[i]!) into[i] = from[i]!;
  return into;
}

export function estimateDistinct(sketch: DistinctSketch): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    sum += 2 ** -sketch[i]!;
    if (sketch[i] === 0) zeros++;
  }
  const raw = (ALPHA * M * M) / sum;
  // Small counts: linear counting is exact enough and far better than the raw estimate.
  return Math.round(raw <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : raw);
}

export const sketchToBase64 = (s: DistinctSketch) => Buffer.from(s).toString("base64");
export const sketchFromBase64 = (text: string | null | undefined): DistinctSketch => {
  const bytes = text ? Buffer.from(text, "base64") : null;
  return bytes && bytes.length === M ? new Uint8Array(bytes) : emptySketch();
};
