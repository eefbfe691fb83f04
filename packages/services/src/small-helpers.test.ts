import { describe, expect, it } from "vitest";
import { clientIpFromForwardedFor } from "./client-ip";
import { slugify } from "./workspaces";

describe("client IP behind proxies", () => {
  it("takes the address Next.js saw when no proxy is trusted, ignoring what the client wrote", () => {
    expect(clientIpFromForwardedFor("6.6.6.6, 203.0.113.9", 0)).toBe("203.0.113.9");
  });
  it("steps back one entry per trusted proxy", () => {
    expect(clientIpFromForwardedFor("6.6.6.6, 198.51.100.4, 10.0.0.2", 1)).toBe("198.51.100.4");
    expect(clientIpFromForwardedFor("198.51.100.4, 10.0.0.2", 5)).toBe("198.51.100.4");
  });
  it("unwraps IPv4-mapped IPv6 and copes with nothing", () => {
    expect(clientIpFromForwardedFor("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientIpFromForwardedFor(null, 0)).toBeNull();
    expect(clientIpFromForwardedFor(" , ", 0)).toBeNull();
  });
});

describe("workspace slugs", () => {
  it("read like the name", () => {
    expect(slugify("Acme Corp")).toBe("acme-corp");
    expect(slugify("  Société Générale — Paris ")).toBe("societe-generale-paris");
    expect(slugify("X")).toBe("workspace-x");
    expect(slugify("日本")).toBe("workspace");
    expect(slugify("a".repeat(80))).toHaveLength(40);
  });
});
