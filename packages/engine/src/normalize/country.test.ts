import { describe, expect, it } from "vitest";
import { countryTableFromCsv, lookupCountry } from "./country";

const table = countryTableFromCsv(["16777216,16777471,AU", "16777472,16778239,CN", "3232235520,3232301055,ZZ", ""].join("\n"));

describe("country lookup", () => {
  it("finds the range an address falls in, and nothing outside the ranges", () => {
    expect(lookupCountry(table, "1.0.0.1")).toBe("AU");
    expect(lookupCountry(table, "1.0.1.0")).toBe("CN");
    expect(lookupCountry(table, "1.0.3.255")).toBe("CN");
    expect(lookupCountry(table, "1.0.4.0")).toBeNull();
    expect(lookupCountry(table, "192.168.0.1")).toBe("ZZ");
    expect(lookupCountry(table, "2001:db8::1")).toBeNull();
    expect(lookupCountry(table, "1.2.3")).toBeNull();
    expect(lookupCountry(table, null)).toBeNull();
  });
});
