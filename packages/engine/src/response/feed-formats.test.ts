import { describe, expect, it } from "vitest";
import { type FeedEntry, renderFeed } from "./feed-formats";

const header = { workspace: 'Acme "prod"\nevil', list: "block" as const, cursor: "42", generatedAt: new Date(0) };
const entry = (kind: string, value: string): FeedEntry => ({ kind, value, label: value, reason: "r", expiresAt: null });

describe("block-list feed formats", () => {
  it("writes only what a gateway's file can hold: ranges, and user names of plain characters", () => {
    const entries = [
      entry("cidr", "203.0.113.0/24"),
      entry("cidr", "2001:db8::/48"),
      entry("cidr", "1.2.3.4/32; } server { listen 80"),
      entry("basic_user", "mallory"),
      entry("basic_user", 'eve" 1; default 0; "'),
      entry("remote_user", "bob\nx"),
      entry("api_key", "k7Hash"),
    ];
    const nginx = renderFeed("nginx", header, entries).body;
    expect(nginx).toContain("    203.0.113.0/24 1;\n    2001:db8::/48 1;\n}");
    expect(nginx).toContain('    "mallory" 1;\n}');
    expect(nginx).not.toMatch(/listen 80|eve|bob|k7Hash/);
    // The workspace's name cannot break out of its comment line.
    expect(nginx.split("\n")[0]).toBe(
      '# Lantern block list of workspace "Acme "prod" evil", 1970-01-01T00:00:00.000Z, cursor 42',
    );
    expect(nginx).toContain("# 3 entries enforceable here; 4 more");
    expect(renderFeed("text", header, entries).body.split("\n").slice(2)).toEqual([
      "203.0.113.0/24",
      "2001:db8::/48",
      "",
    ]);
  });

  it("names the rate-limit list's variables apart, and gives JSON every entry or the changes", () => {
    const limited = renderFeed("nginx", { ...header, list: "rate-limit" }, [entry("cidr", "198.51.100.0/24")]).body;
    expect(limited).toContain("geo $remote_addr $lantern_limited_address {");
    expect(limited).not.toContain("$lantern_blocked");
    const all = JSON.parse(renderFeed("json", header, [entry("api_key", "k7Hash")]).body);
    expect(all.entries).toEqual([{ kind: "api_key", value: "k7Hash", label: "k7Hash", reason: "r", expiresAt: null }]);
    const changes = JSON.parse(renderFeed("json", header, [], [entry("cidr", "203.0.113.0/24")]).body);
    expect(changes).toMatchObject({ changes: true, added: [], removed: [{ value: "203.0.113.0/24" }] });
    expect(changes.entries).toBeUndefined();
  });
});
