import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

describe("callback after sign-in", () => {
  it("follows paths on this site", () => {
    expect(safeCallbackUrl("/w/acme/settings?tab=1")).toBe("/w/acme/settings?tab=1");
    expect(safeCallbackUrl("/w/acme/alerts#top")).toBe("/w/acme/alerts#top");
  });

  it("refuses other origins, protocol-relative and backslash tricks", () => {
    for (const evil of ["https://evil.test/", "//evil.test/x", "/\\evil.test", "javascript:alert(1)", "", null]) {
      expect(safeCallbackUrl(evil)).toBe("/");
    }
  });

  it("refuses what browsers turn into another origin: tabs, newlines and carriage returns (decoded %09, %0A, %0D), backslashes anywhere", () => {
    // What the login page receives after URL decoding of ?callbackUrl=/%09/evil.example/x and friends.
    for (const evil of [
      "/\t/evil.example/x",
      "/\n/evil.example/x",
      "/\r/evil.example/x",
      "/\\/evil.example",
      "/%09/ok".replace("%09", "\t"),
      "/ /evil.example",
      "/\u0000/evil.example",
      "/a\\..\\/\\evil.example",
    ]) {
      expect(safeCallbackUrl(evil), JSON.stringify(evil)).toBe("/");
    }
  });

  it("a browser resolving what is returned stays on this origin", () => {
    for (const value of ["/x", "/\t/evil.example/x", "/..//evil.example", "/.//evil.example", "/%2F%2Fevil.example"]) {
      const target = new URL(safeCallbackUrl(value), "https://lantern.example.com");
      expect(target.origin, value).toBe("https://lantern.example.com");
    }
  });
});
