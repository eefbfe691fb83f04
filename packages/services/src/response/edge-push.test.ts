import { describe, expect, it } from "vitest";
import { fitToCapacity } from "./edge-push";

const entry = (value: string) => ({ value, label: value });

describe("fitting a list to an edge list's capacity", () => {
  it("merges before it leaves anything out", () => {
    // Four /32s that make a /30, and one more: two ranges, within a capacity of 2.
    const fit = fitToCapacity(
      ["10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.9"].map((v) => entry(`${v}/32`)),
      2,
      false,
    );
    expect(fit).toMatchObject({ cidrs: ["10.0.0.4/30", "10.0.0.9/32"], ranges: 2, leftOut: [] });
  });

  it("keeps the best ranked and names what was left out, lowest ranked last", () => {
    const ranked = ["192.0.2.1/32", "198.51.100.7/32", "203.0.113.9/32", "203.0.113.200/32"].map(entry);
    const fit = fitToCapacity(ranked, 2, false);
    expect(fit.cidrs).toEqual(["192.0.2.1/32", "198.51.100.7/32"]);
    expect(fit.leftOut).toEqual(["203.0.113.9/32", "203.0.113.200/32"]);
    expect(fit.ranges).toBe(4);
  });

  it("widens IPv6 addresses to their /64 only for lists that need it", () => {
    const v6 = [entry("2001:db8:1:2::5/128"), entry("2001:db8:1:2::9/128")];
    expect(fitToCapacity(v6, 10, true).cidrs).toEqual(["2001:db8:1:2::/64"]);
    expect(fitToCapacity(v6, 10, false).cidrs).toEqual(["2001:db8:1:2::5/128", "2001:db8:1:2::9/128"]);
  });
});
