import { describe, expect, it } from "vitest";
import { country6TableFromCsv, countryTableFromCsv, lookupCountry } from "./country";

const table = countryTableFromCsv(
  ["16777216,16777471,AU", "16777472,16778239,CN", "3232235520,3232301055,ZZ", ""].join("\n"),
);

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

  it("finds IPv6 ranges by their network part", () => {
    // 2001:200::/23 (AU in this table) and 2a00:1450::/32; bounds as 128-bit decimals, like the package's -num file.
    const n = (text: string) => {
      const [head, tail = ""] = text.split("::");
      const groups = [
        ...head!.split(":"),
        ...Array(8 - head!.split(":").length - (tail ? tail.split(":").length : 0)).fill("0"),
        ...(tail ? tail.split(":") : []),
      ];
      return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n).toString();
    };
    const v6 = country6TableFromCsv(
      [
        `${n("2001:200::")},${n("2001:3ff:ffff:ffff:ffff:ffff:ffff:ffff")},AU`,
        `${n("2a00:1450::")},${n("2a00:1450:ffff:ffff:ffff:ffff:ffff:ffff")},IE`,
      ].join("\n"),
    );
    const both = { ...table, v6 };
    expect(lookupCountry(both, "2001:218:2000:51::1")).toBe("AU");
    expect(lookupCountry(both, "2a00:1450:4001:82a::200e")).toBe("IE");
    expect(lookupCountry(both, "2a00:1451::1")).toBeNull();
    expect(lookupCountry(both, "2001:db8::1")).toBeNull();
    expect(lookupCountry(both, "1.0.0.1")).toBe("AU");
    expect(lookupCountry(table, "2a00:1450:4001:82a::200e")).toBeNull();
  });
});
