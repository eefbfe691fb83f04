import { describe, expect, it } from "vitest";
import {
  belongsInInventory,
  type DiscoveryEvent,
  mergeStats,
  StatsBuilder,
  summarise,
  versionOf,
} from "./endpoint-stats";

const call = (over: Partial<DiscoveryEvent>): DiscoveryEvent => ({
  ts: Date.UTC(2026, 10, 20, 12),
  status: 200,
  latencyMs: 40,
  responseBytes: 1200,
  requestBytes: 300,
  clientIp: "81.2.69.160",
  identities: [],
  query: [],
  sensitive: [],
  ...over,
});

describe("endpoint stats", () => {
  it("count calls, credentials, unauthenticated successes, direction, actors and query parameter types", () => {
    const b = new StatsBuilder();
    for (let i = 0; i < 90; i++)
      b.add(
        call({
          identities: [{ kind: "api_key", secret: { hash: `k${i % 3}`, display: "pk_…" }, source: "header:x-api-key" }],
          latencyMs: 10 + i,
          query: [{ name: "limit", value: String(i) }],
        }),
      );
    for (let i = 0; i < 10; i++)
      b.add(
        call({
          clientIp: "10.0.0.5",
          status: i < 5 ? 200 : 401,
          query: [{ name: "email", value: "jane.doe@example.com" }],
        }),
      );
    const s = summarise(b.finish());
    expect(s).toMatchObject({
      calls: 100,
      authenticatedShare: 0.9,
      unauthenticated: true,
      direction: "north-south",
      distinctActors: 4,
    });
    expect(s.params).toEqual([
      { name: "limit", calls: 90, type: "integer", examples: ["0", "1", "2"] },
      { name: "email", calls: 10, type: "email", examples: ["j***@example.com"] },
    ]);
    expect(s.latencyMs.p50).toBeGreaterThan(40);
    expect(s.latencyMs.p50).toBeLessThan(70);
  });

  it("add up across uploads, as stored JSON, exactly as if seen in one go", () => {
    const one = new StatsBuilder();
    const a = new StatsBuilder();
    const b = new StatsBuilder();
    for (let i = 0; i < 200; i++) {
      const e = call({
        ts: Date.UTC(2026, 10, 1) + i * 60_000,
        clientIp: `81.2.69.${i % 50}`,
        status: i % 10 === 0 ? 500 : 200,
        latencyMs: i,
      });
      one.add(e);
      (i < 120 ? a : b).add(e);
    }
    const merged = mergeStats(JSON.parse(JSON.stringify(a.finish())), JSON.parse(JSON.stringify(b.finish())));
    // Top callers are a bounded sketch (50 callers here, 20 tracked): approximate, like any top-k, so compared apart.
    expect({ ...merged, topActors: undefined }).toEqual({ ...one.finish(), topActors: undefined });
    expect(Object.keys(merged.topActors!)).toHaveLength(20);
    expect(summarise(merged).errorShare).toBe(0.1);
    expect(mergeStats(new StatsBuilder().finish(), merged).firstSeen).toBe(Date.UTC(2026, 10, 1));
  });

  it("counts few callers exactly and many by sketch, across merges", () => {
    const few = new StatsBuilder();
    for (let i = 0; i < 12; i++)
      for (let k = 0; k < 5; k++)
        few.add(call({ identities: [{ kind: "consumer", value: `partner-${i}`, source: "gateway" }] }));
    expect(summarise(few.finish()).distinctActors).toBe(12);
    const a = new StatsBuilder();
    const b = new StatsBuilder();
    for (let i = 0; i < 50; i++) a.add(call({ clientIp: `81.2.${i}.1` }));
    for (let i = 30; i < 80; i++) b.add(call({ clientIp: `81.2.${i}.1` }));
    const merged = mergeStats(JSON.parse(JSON.stringify(a.finish())), JSON.parse(JSON.stringify(b.finish())));
    expect(merged.actorsExact).toBeNull();
    expect(Math.abs(summarise(merged).distinctActors - 80)).toBeLessThanOrEqual(4);
    const small = mergeStats(JSON.parse(JSON.stringify(few.finish())), JSON.parse(JSON.stringify(few.finish())));
    expect(summarise(small).distinctActors).toBe(12);
  });

  it("reads the API version from a template", () => {
    expect(versionOf("/api/v2/orders/{orderId}")).toBe("v2");
    expect(versionOf("/V1.1/x")).toBe("v1.1");
    expect(versionOf("/orders/v2beta")).toBeNull();
  });

  it("count sensitive data per type and place, across merges, and mask sensitive examples", () => {
    const a = new StatsBuilder();
    for (let i = 0; i < 4; i++)
      a.add(call({ sensitive: ["email:query"], query: [{ name: "email", value: `user${i}@example.com` }] }));
    a.add(call({ sensitive: ["email:response_body", "card:request_body"] }));
    a.add(call({}));
    const b = new StatsBuilder();
    b.add(call({ sensitive: ["card:request_body"], query: [{ name: "phone", value: "+14155552671" }] }));
    const merged = mergeStats(a.finish(), b.finish());
    const s = summarise(merged);
    expect(s.sensitive).toEqual([
      {
        type: "email",
        calls: 4,
        places: [
          { where: "query", calls: 4 },
          { where: "response_body", calls: 1 },
        ],
      },
      { type: "card", calls: 2, places: [{ where: "request_body", calls: 2 }] },
    ]);
    expect(s.params.find((p) => p.name === "email")!.examples).toEqual(["u***@example.com"]);
    expect(s.params.find((p) => p.name === "phone")!.examples).toEqual(["+14…71"]);
  });

  it("keeps the busiest callers, secrets shown by prefix and hash only, across merges", () => {
    const a = new StatsBuilder();
    const key = (hash: string) => ({
      kind: "api_key" as const,
      secret: { hash, display: "pk_l…" },
      source: "header:x-api-key",
    });
    for (let i = 0; i < 30; i++) a.add(call({ identities: [key("AbCdEf123")] }));
    for (let i = 0; i < 5; i++) a.add(call({ identities: [{ kind: "jwt_sub", value: "usr_42", source: "jwt" }] }));
    // 40 one-off addresses: more callers than are tracked.
    for (let i = 0; i < 40; i++) a.add(call({ clientIp: `81.2.70.${i}` }));
    const b = new StatsBuilder();
    for (let i = 0; i < 10; i++) b.add(call({ identities: [{ kind: "jwt_sub", value: "usr_42", source: "jwt" }] }));
    const top = summarise(mergeStats(a.finish(), b.finish())).topActors;
    expect(top.slice(0, 2)).toEqual([
      { label: "API key pk_l… #AbCd", calls: 30 },
      { label: "user usr_42", calls: 15 },
    ]);
    expect(top).toHaveLength(10);
    expect(JSON.stringify(top)).not.toContain("AbCdEf123");
  });
});

describe("what belongs in the inventory", () => {
  const stats = (calls: Partial<DiscoveryEvent>[]) => {
    const b = new StatsBuilder();
    for (const c of calls) b.add(call(c));
    return b.finish();
  };
  const from = (n: number, status: number) =>
    Array.from({ length: n }, (_, i) => ({ status, clientIp: `203.0.113.${i + 1}` }));

  it("takes a path answered once, and leaves out one only ever missed", () => {
    expect(belongsInInventory(stats([{ status: 404 }, { status: 200 }]))).toBe(true);
    expect(belongsInInventory(stats(from(20, 404)))).toBe(false);
  });

  it("leaves out a path refused to one or two callers (a scanner's guess), and takes one refused to many", () => {
    expect(belongsInInventory(stats(from(2, 403)))).toBe(false);
    expect(belongsInInventory(stats([...from(1, 403), ...from(1, 403), ...from(1, 401)]))).toBe(false);
    expect(belongsInInventory(stats(from(3, 401)))).toBe(true);
    // Counted across uploads too: two callers, then a third.
    const merged = mergeStats(stats(from(2, 403)), stats([{ status: 403, clientIp: "198.51.100.4" }]));
    expect(belongsInInventory(merged)).toBe(true);
  });
});
