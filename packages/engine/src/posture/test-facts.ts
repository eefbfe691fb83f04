// Endpoint facts for posture's tests, built the way discovery builds them:
// calls added to a StatsBuilder.
import { type DiscoveryEvent, type EndpointStats, StatsBuilder } from "../discovery/endpoint-stats";
import type { VariableInfo } from "../discovery/templater";
import type { EndpointFacts } from "./types";

export const PUBLIC_IP = "81.2.69.160";
export const KEY = [{ kind: "api_key" as const, secret: { hash: "k1", display: "pk_…" }, source: "header:x-api-key" }];

export const call = (over: Partial<DiscoveryEvent> = {}): DiscoveryEvent => ({
  ts: Date.UTC(2026, 10, 20, 12),
  status: 200,
  latencyMs: 40,
  responseBytes: 1200,
  requestBytes: 300,
  clientIp: PUBLIC_IP,
  identities: KEY,
  query: [],
  sensitive: [],
  ...over,
});

export function statsOf(calls: DiscoveryEvent[]): EndpointStats {
  const b = new StatsBuilder();
  for (const c of calls) b.add(c);
  return b.finish();
}

/** n calls, two seconds apart (30 a minute: below what counts as a heavy minute unless a test packs them). */
export const times = (n: number, make: (i: number) => DiscoveryEvent) =>
  Array.from({ length: n }, (_, i) => {
    const c = make(i);
    return { ...c, ts: c.ts + i * 2_000 };
  });
export const numberId = (name: string): VariableInfo => ({
  position: 2,
  name,
  kind: "number",
  why: "many numbers",
  distinct: 200,
  examples: ["1", "2"],
});

export function endpoint(over: Partial<EndpointFacts> & { calls: DiscoveryEvent[] }): EndpointFacts {
  const { calls, ...rest } = over;
  return {
    host: "api.northwind.example",
    method: "GET",
    template: "/v1/accounts/{accountId}",
    variables: [],
    specStatus: null,
    ...rest,
    stats: statsOf(calls),
  };
}
