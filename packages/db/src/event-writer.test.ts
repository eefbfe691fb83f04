import { describe, expect, it } from "vitest";
import { isoTime } from "./event-writer";

describe("isoTime", () => {
  it("writes what Date#toISOString writes, second after second and out of order", () => {
    const times = [
      Date.UTC(2026, 8, 1, 0, 0, 0, 0),
      Date.UTC(2026, 8, 1, 0, 0, 0, 7),
      Date.UTC(2026, 8, 1, 0, 0, 0, 42),
      Date.UTC(2026, 8, 1, 0, 0, 0, 999),
      Date.UTC(2026, 8, 1, 0, 0, 1, 0),
      Date.UTC(2026, 7, 31, 23, 59, 59, 500),
      Date.UTC(2024, 1, 29, 12, 0, 0, 1),
      1_700_000_000_123.75,
      0,
      -1,
      -1_500,
    ];
    for (let i = 0; i < 2_000; i++) times.push(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 400 * 86_400_000));
    for (const ts of times) expect(isoTime(ts)).toBe(new Date(ts).toISOString());
  });

  it("falls back to the full form for years beyond four digits", () => {
    const ts = Date.UTC(10_000, 0, 1, 0, 0, 0, 5);
    expect(isoTime(ts)).toBe("+010000-01-01T00:00:00.005Z");
    expect(isoTime(ts + 1)).toBe(new Date(ts + 1).toISOString());
  });
});
