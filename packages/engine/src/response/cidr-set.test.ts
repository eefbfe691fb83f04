import { describe, expect, it } from "vitest";
import { aggregate, formatRange, parseRange, widenV6 } from "./cidr-set";

const agg = (texts: string[]) => aggregate(texts.map((t) => parseRange(t)!)).map(formatRange);

describe("aggregate", () => {
  it("merges halves into their block and drops ranges inside others", () => {
    expect(agg(["203.0.113.0/25", "203.0.113.128/25"])).toEqual(["203.0.113.0/24"]);
    expect(agg(["203.0.113.5", "203.0.113.0/24", "203.0.113.77/32"])).toEqual(["203.0.113.0/24"]);
    // Four consecutive /32s aligned on 4 make a /30; a fifth stays alone.
    expect(agg(["198.51.100.8", "198.51.100.9", "198.51.100.10", "198.51.100.11", "198.51.100.12"])).toEqual([
      "198.51.100.8/30",
      "198.51.100.12/32",
    ]);
  });

  it("never widens: neighbours that are not one block stay apart", () => {
    // .1 and .2 are adjacent but not the two halves of a /31.
    expect(agg(["192.0.2.1", "192.0.2.2"])).toEqual(["192.0.2.1/32", "192.0.2.2/32"]);
  });

  it("covers exactly the same addresses as its input (256 random /32s of one /24)", () => {
    const picked = new Set<number>();
    for (let i = 0; i < 200; i++) picked.add(Math.floor(Math.random() * 256));
    const out = aggregate([...picked].map((n) => parseRange(`10.9.8.${n}`)!));
    const covered = new Set<number>();
    for (const r of out)
      for (let n = 0n; n < 1n << BigInt(32 - r.prefix); n++) covered.add(Number((r.start + n) & 255n));
    expect([...covered].sort((a, b) => a - b)).toEqual([...picked].sort((a, b) => a - b));
  });

  it("keeps families apart and writes IPv6 in RFC 5952 form", () => {
    expect(agg(["2001:DB8::1", "2001:db8:0:0:0:0:0:0/128", "10.0.0.1"])).toEqual(["10.0.0.1/32", "2001:db8::/127"]);
    expect(formatRange(parseRange("2001:db8:0:1:0:0:0:1")!)).toBe("2001:db8:0:1::1/128");
  });

  it("widens IPv6 addresses to their /64 only when asked", () => {
    expect(widenV6([parseRange("2001:db8:1:2:3:4:5:6")!, parseRange("203.0.113.9")!]).map(formatRange)).toEqual([
      "2001:db8:1:2::/64",
      "203.0.113.9/32",
    ]);
  });
});
