import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

describe("callback after sign-in", () => {
  it("follows paths on this site", () => {
    expect(safeCallbackUrl("/w/acme/settings?tab=1")).toBe("/w/acme/settings?tab=1");
  });
  it("refuses other origins, protocol-relative and backslash tricks", () => {
    for (const evil of ["https://evil.test/", "//evil.test/x", "/\\evil.test", "javascript:alert(1)", "", null]) {
      expect(safeCallbackUrl(evil)).toBe("/");
    }
  });
});
