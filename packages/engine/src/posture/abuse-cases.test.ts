import { describe, expect, it } from "vitest";
import { type DiscoveryEvent, StatsBuilder } from "../discovery/endpoint-stats";
import { abuseCasesOf } from "./abuse-cases";
import type { EndpointFacts } from "./types";

const call = (over: Partial<DiscoveryEvent> = {}): DiscoveryEvent => ({
  ts: Date.UTC(2026, 10, 20, 12),
  status: 200,
  latencyMs: 40,
  responseBytes: 1200,
  requestBytes: 300,
  clientIp: "81.2.69.160",
  identities: [{ kind: "jwt_sub", value: "usr_1", source: "header:authorization" }],
  query: [],
  sensitive: [],
  ...over,
});

function endpoint(
  method: string,
  template: string,
  over: Partial<DiscoveryEvent> = {},
  numericId = false,
): EndpointFacts {
  const b = new StatsBuilder();
  for (let i = 0; i < 10; i++) b.add(call(over));
  return {
    host: "api.northwind.example",
    method,
    template,
    stats: b.finish(),
    specStatus: null,
    variables: numericId
      ? [{ position: 2, name: "accountId", kind: "number", why: "many numbers", distinct: 200, examples: ["1"] }]
      : [],
  };
}
const ids = (e: EndpointFacts) => abuseCasesOf(e).map((c) => c.id);

describe("abuse cases of an endpoint", () => {
  it("reads them off the endpoint's shape", () => {
    expect(ids(endpoint("GET", "/v1/accounts/{accountId}", {}, true))).toEqual([
      "object-enumeration",
      "stolen-credential",
    ]);
    expect(ids(endpoint("POST", "/v1/auth/login", { identities: [] }))).toEqual(["account-takeover"]);
    expect(ids(endpoint("GET", "/v1/products"))).toEqual(["harvesting", "stolen-credential"]);
    expect(ids(endpoint("GET", "/v1/admin/users"))).toEqual([
      "harvesting",
      "function-level-abuse",
      "stolen-credential",
    ]);
    expect(ids(endpoint("DELETE", "/v1/payments/{paymentId}"))).toEqual([
      "business-logic-reversal",
      "stolen-credential",
    ]);
  });

  it("names the detectors watching each case, and what the logs lack for them", () => {
    const blind = endpoint("GET", "/v1/products", { identities: [], responseBytes: null });
    expect(abuseCasesOf(blind)).toEqual([
      expect.objectContaining({
        id: "harvesting",
        watchedBy: ["excessive-data", "volume"],
        missing: ["caller identity", "response size"],
      }),
    ]);
    const seen = endpoint("GET", "/v1/products");
    expect(abuseCasesOf(seen)[0]).toMatchObject({ id: "harvesting", missing: [] });
  });
});

describe("injection as an abuse case", () => {
  it("applies to endpoints that take query parameters, watched by the injection detector", () => {
    const search = endpoint("GET", "/v1/products", { query: [{ name: "q", value: "shoes" }] });
    const injection = abuseCasesOf(search).find((c) => c.id === "injection")!;
    expect(injection.watchedBy).toContain("injection");
    expect(injection.why).toContain("(q)");
    expect(ids(endpoint("GET", "/v1/products"))).not.toContain("injection");
  });
});
