import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isCrossSiteWrite } from "./security-headers";

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });
const own = ["https://lantern.example.com"];

describe("content security policy", () => {
  it("allows scripts only by this request's nonce, and no framing, plugins or base tags", () => {
    const csp = contentSecurityPolicy("abc123", { dev: false, https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "upgrade-insecure-requests"])
      expect(csp).toContain(d);
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("n", { dev: false, https: false })).not.toContain("upgrade-insecure-requests");
  });
});

describe("cross-site writes", () => {
  it("refuses a POST from another site's page", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "https://evil.example" }), own)).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "cross-site" }), own)).toBe(true);
    expect(
      isCrossSiteWrite("POST", headers({ "sec-fetch-site": "same-site", origin: "https://x.example.com" }), own),
    ).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ origin: "null" }), own)).toBe(true);
  });

  it("lets through the dashboard's own writes, reads from anywhere, and clients that are not browsers", () => {
    expect(
      isCrossSiteWrite(
        "POST",
        headers({ origin: "https://lantern.example.com", "sec-fetch-site": "same-origin" }),
        own,
      ),
    ).toBe(false);
    // Reached under another name than APP_URL's (localhost, an address): the browser still says same-origin.
    expect(
      isCrossSiteWrite(
        "POST",
        headers({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", host: "127.0.0.1:3000" }),
        own,
      ),
    ).toBe(false);
    // An older browser without Sec-Fetch-Site: Origin names the host the request went to.
    expect(isCrossSiteWrite("POST", headers({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), own)).toBe(
      false,
    );
    expect(isCrossSiteWrite("POST", headers({ origin: "https://evil.example", host: "127.0.0.1:3000" }), own)).toBe(
      true,
    );
    expect(
      isCrossSiteWrite("GET", headers({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }), own),
    ).toBe(false);
    expect(isCrossSiteWrite("POST", headers({}), own)).toBe(false);
  });
});
