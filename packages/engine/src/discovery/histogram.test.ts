import { describe, expect, it } from "vitest";
import {
  addDistinct,
  emptySketch,
  estimateDistinct,
  mergeSketches,
  sketchFromBase64,
  sketchToBase64,
} from "./distinct";
import { addToHistogram, emptyHistogram, mergeHistograms, quantile } from "./histogram";

describe("latency histograms", () => {
  it("give percentiles within the bucket resolution, and add up across batches", () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    for (let i = 1; i <= 1000; i++) addToHistogram(i % 2 ? a : b, i);
    const h = mergeHistograms(emptyHistogram(), a);
    mergeHistograms(h, b);
    for (const [q, exact] of [
      [0.5, 500],
      [0.95, 950],
      [0.99, 990],
    ] as const) {
      const v = quantile(h, q)!;
      expect(Math.abs(v - exact) / exact).toBeLessThan(0.13);
    }
    expect(quantile(emptyHistogram(), 0.5)).toBeNull();
    addToHistogram(h, 0.2);
    expect(quantile(h, 0)).toBe(0.5);
  });
});

describe("distinct-count sketches", () => {
  it("estimate small and large counts within a few percent, merge, and survive storage", () => {
    for (const n of [1, 7, 100, 5_000, 200_000]) {
      const s = emptySketch();
      for (let i = 0; i < n; i++) addDistinct(s, `actor-${i}`);
      for (let i = 0; i < n; i++) addDistinct(s, `actor-${i}`); // repeats change nothing
      expect(Math.abs(estimateDistinct(s) - n) / n).toBeLessThan(0.06);
    }
    const a = emptySketch();
    const b = emptySketch();
    for (let i = 0; i < 3000; i++) addDistinct(i < 2000 ? a : b, `key-${i % 2500}`);
    const merged = mergeSketches(sketchFromBase64(sketchToBase64(a)), b);
    expect(Math.abs(estimateDistinct(merged) - 2500) / 2500).toBeLessThan(0.06);
    expect(sketchFromBase64("garbage")).toEqual(emptySketch());
  });
});
