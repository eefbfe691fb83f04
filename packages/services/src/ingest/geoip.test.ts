import { describe, expect, it } from "vitest";
import { countryLookup } from "./geoip";

describe("the shipped country table", () => {
  it("places public IPv4 and IPv6 addresses, and no private one", async () => {
    const countryOf = await countryLookup();
    expect(countryOf("83.149.9.216")).toBe("RU");
    expect(countryOf("2a00:1450:4001:82a::200e")).toBe("IE");
    expect(countryOf("2a02:2e0:3fe:1001:302::")).toBe("DE");
    expect(countryOf("10.1.2.3")).toBeNull();
    expect(countryOf("fe80::1")).toBeNull();
  });
});
