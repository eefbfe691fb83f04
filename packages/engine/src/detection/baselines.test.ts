// Stored baselines: a small batch judged against the history it joins, the
// same norm as the values themselves give, and attacks kept out of the norm.
import { describe, expect, it } from "vitest";
import { Baselines, BASELINE_MEMORY, bucketOf, bucketValue } from "./baselines";
import { normOf } from "./robust";

describe("baselines", () => {
  it("gives the median and MAD of the values, exactly for small counts and within 2.5% above 64", () => {
    const values = [1, 1, 2, 3, 3, 3, 4, 9, 12, 40];
    expect(new Baselines().norm("m", "s", values)).toEqual(normOf(values));
    for (const v of [64, 100, 5_000, 2_000_000]) expect(Math.abs(bucketValue(bucketOf(v)) - v) / v).toBeLessThan(0.025);
  });

  it("judges a batch of one window against the history stored before it", () => {
    const history = new Baselines();
    history.norm(
      "objects",
      "GET /a/{id}",
      Array.from({ length: 500 }, (_, i) => 1 + (i % 3)),
    );
    const stored = new Baselines(history.changes());
    const norm = stored.norm("objects", "GET /a/{id}", [300]);
    expect(norm).toMatchObject({ typical: 2, n: 501 });
    // Alone, the batch's one window would be its own norm and nothing would look far.
    expect(Math.abs(new Baselines().norm("objects", "GET /a/{id}", [300]).typical - 300)).toBeLessThan(300 * 0.025);
  });

  it("does not learn a value far from the norm, and forgets old values past its memory", () => {
    const b = new Baselines();
    b.norm(
      "objects",
      "s",
      Array.from({ length: 100 }, () => 2),
    );
    b.norm("objects", "s", [600]);
    const [saved] = b.changes();
    expect(saved).toMatchObject({ n: 100, counts: { 2: 100 } });
    const big = new Baselines([{ measure: "m", subject: "s", counts: { 5: BASELINE_MEMORY }, n: BASELINE_MEMORY }]);
    big.norm(
      "m",
      "s",
      Array.from({ length: 1_000 }, () => 7),
    );
    const [kept] = big.changes();
    expect(kept!.n).toBe(BASELINE_MEMORY);
    expect(kept!.counts[7]).toBeGreaterThan(900);
  });
});
