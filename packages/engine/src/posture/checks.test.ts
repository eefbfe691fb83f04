import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { type DiscoveryEvent, StatsBuilder } from "../discovery/endpoint-stats";
import { createParser } from "../formats/registry";
import { normalizeRecord } from "../normalize/event";
import { sharedData } from "../testing/shared-data";
import type { ReadinessCheckId } from "../readiness";
import { judgeEndpoint } from "./checks";
import type { EndpointFacts } from "./types";
import { call, endpoint, KEY, numberId, times } from "./test-facts";

const checks = (e: EndpointFacts, blind: ReadinessCheckId[] = []) =>
  judgeEndpoint(e, new Set(blind)).map((f) => `${f.check} ${f.severity}`);

describe("posture checks on one endpoint", () => {
  it("an authenticated endpoint with ordinary answers has nothing to say", () => {
    expect(judgeEndpoint(endpoint({ calls: times(100, () => call()) }))).toEqual([]);
  });

  it("cards served without credentials are critical, emails high, and only when some call had no credential", () => {
    const card = ["card:response_body" as const];
    const anonymous = times(40, () => call({ identities: [], sensitive: card }));
    const withKey = times(60, () => call({ sensitive: card }));
    const [finding] = judgeEndpoint(endpoint({ calls: [...anonymous, ...withKey] }));
    expect(finding).toMatchObject({
      check: "unauthenticated-sensitive-data",
      owasp: "API2",
      severity: "critical",
      confidence: "inferred",
      title: "Serves payment card numbers without authentication",
    });
    expect(finding!.detail).toContain("answered 40 calls with 2xx although they carried no credential");
    const email = times(10, () => call({ identities: [], sensitive: ["email:response_body"] }));
    expect(judgeEndpoint(endpoint({ calls: email }))[0]).toMatchObject({ severity: "high", confidence: "observed" });
    // The same data behind credentials on every call: no finding.
    expect(checks(endpoint({ calls: withKey }))).toEqual([]);
    // Refused anonymous calls (401) are authentication working.
    const refused = times(10, () => call({ identities: [], status: 401, sensitive: [] }));
    expect(checks(endpoint({ calls: [...withKey, ...refused] }))).toEqual([]);
  });

  it("admin routes and writes answered without credentials from the internet, but not sign-in or internal callers", () => {
    const anonymous = times(5, () => call({ identities: [] }));
    expect(checks(endpoint({ template: "/v1/admin/users", calls: anonymous }))).toEqual(["unauthenticated-admin high"]);
    expect(checks(endpoint({ method: "DELETE", template: "/v1/payments/{paymentId}", calls: anonymous }))).toEqual([
      "unauthenticated-write high",
    ]);
    expect(checks(endpoint({ method: "POST", template: "/v1/auth/login", calls: anonymous }))).toEqual([]);
    const internal = times(5, () => call({ identities: [], clientIp: "10.0.0.7" }));
    expect(checks(endpoint({ template: "/v1/admin/users", calls: internal }))).toEqual([]);
  });

  it("credentials and personal data in URLs", () => {
    const tokenInQuery = times(3, () =>
      call({ query: [{ name: "access_token", value: "eyJ…" }], sensitive: ["jwt:query"] }),
    );
    expect(
      judgeEndpoint(endpoint({ template: "/v1/accounts/{accountId}/transactions", calls: tokenInQuery }))[0],
    ).toMatchObject({
      check: "credentials-in-url",
      title: "Credentials sent in the URL",
      facts: { data: ["jwt"], parameters: ["access_token"] },
    });
    const emailInQuery = times(3, () => call({ sensitive: ["email:query"] }));
    expect(judgeEndpoint(endpoint({ template: "/partner/v2/refunds", calls: emailInQuery }))).toEqual([
      expect.objectContaining({
        check: "personal-data-in-url",
        severity: "medium",
        title: "Email addresses in the URL",
      }),
    ]);
    const cardInPath = times(3, () => call({ sensitive: ["card:path"] }));
    expect(checks(endpoint({ template: "/v1/cards/{card}", calls: cardInPath }))).toEqual([
      "personal-data-in-url high",
    ]);
  });

  it("sustained server errors, large unpaged lists, sequential ids", () => {
    const failing = [...times(70, () => call()), ...times(30, () => call({ status: 500 }))];
    expect(checks(endpoint({ template: "/v1/reports", calls: failing }))).toEqual(["server-errors medium"]);
    const occasional = [...times(980, () => call()), ...times(20, () => call({ status: 503 }))];
    expect(checks(endpoint({ template: "/v1/reports", calls: occasional }))).toEqual([]);

    const big = times(30, () => call({ responseBytes: 400_000 }));
    expect(checks(endpoint({ template: "/v1/products", calls: big }))).toEqual(["unbounded-responses medium"]);
    const paged = times(30, () => call({ responseBytes: 400_000, query: [{ name: "page", value: "2" }] }));
    expect(checks(endpoint({ template: "/v1/products", calls: paged }))).toEqual([]);

    const ids = { variables: [numberId("accountId")] };
    expect(checks(endpoint({ ...ids, calls: times(10, () => call()) }))).toEqual(["guessable-ids low"]);
    const openWithData = times(10, () => call({ identities: [], sensitive: ["email:response_body"] }));
    expect(checks(endpoint({ ...ids, calls: openWithData }))).toEqual([
      "unauthenticated-sensitive-data high",
      "guessable-ids high",
    ]);
  });

  it("verbose errors: 5xx bodies far larger than the endpoint's 4xx answers, or large on their own", () => {
    const refusals = times(20, () => call({ status: 400, responseBytes: 180 }));
    const traces = times(5, () => call({ status: 500, responseBytes: 9_000 }));
    expect(checks(endpoint({ template: "/v1/reports", calls: [...refusals, ...traces] }))).toEqual([
      "verbose-errors medium",
    ]);
    // nginx's own 502 page beside small 4xx bodies: an error, not a leak.
    const gateway = times(5, () => call({ status: 502, responseBytes: 560 }));
    expect(checks(endpoint({ template: "/v1/reports", calls: [...refusals, ...gateway] }))).toEqual([]);
    // 5xx as large as the endpoint's own error bodies (a JSON problem document each time).
    const problems = times(20, () => call({ status: 422, responseBytes: 3_000 }));
    const same = times(5, () => call({ status: 500, responseBytes: 3_200 }));
    expect(checks(endpoint({ template: "/v1/reports", calls: [...problems, ...same] }))).toEqual([]);
    // No 4xx to compare with: only a body of several KiB counts.
    expect(checks(endpoint({ template: "/v1/reports", calls: traces }))).toEqual(["verbose-errors medium"]);
    const small = times(5, () => call({ status: 500, responseBytes: 2_500 }));
    expect(checks(endpoint({ template: "/v1/reports", calls: small }))).toEqual([]);
    // Without sizes in the log, the check is not run (not assessable), so it says nothing.
    expect(checks(endpoint({ template: "/v1/reports", calls: [...refusals, ...traces] }), ["response_size"])).toEqual(
      [],
    );
  });

  it("GraphQL introspection answered to the internet, not when refused", () => {
    const ask = (status: number, identities = KEY) =>
      call({ status, identities, query: [{ name: "query", value: "{__schema{types{name fields{name}}}}" }] });
    const graphql = { method: "GET", template: "/graphql" };
    expect(checks(endpoint({ ...graphql, calls: [ask(200)] }))).toEqual(["graphql-introspection low"]);
    expect(checks(endpoint({ ...graphql, calls: [ask(200, [])] }))).toEqual(["graphql-introspection medium"]);
    expect(checks(endpoint({ ...graphql, calls: [ask(400), ask(403)] }))).toEqual([]);
    const ordinary = call({ query: [{ name: "query", value: "{ order(id: 7) { total } }" }] });
    expect(checks(endpoint({ ...graphql, calls: [ordinary] }))).toEqual([]);
  });

  it("inventory: zombie and shadow endpoints, test hosts, debugging artefacts, TRACE", () => {
    const some = times(5, () => call());
    expect(checks(endpoint({ specStatus: "zombie", calls: some }))).toEqual(["zombie-endpoint medium"]);
    expect(checks(endpoint({ specStatus: "shadow", calls: some }))).toEqual(["shadow-endpoint medium"]);
    expect(checks(endpoint({ specStatus: "documented", calls: some }))).toEqual([]);
    expect(checks(endpoint({ host: "staging-api.northwind.example", calls: some }))).toEqual([
      "non-production-host medium",
    ]);
    expect(checks(endpoint({ host: "api.devon-trading.example", calls: some }))).toEqual([]);
    expect(checks(endpoint({ template: "/.env", calls: some }))).toEqual(["exposed-artefact high"]);
    expect(checks(endpoint({ template: "/actuator/{name}", calls: some }))).toEqual(["exposed-artefact high"]);
    expect(checks(endpoint({ template: "/swagger.json", calls: some }))).toEqual(["exposed-artefact low"]);
    expect(checks(endpoint({ template: "/.env", calls: times(5, () => call({ status: 404 })) }))).toEqual([]);
    expect(checks(endpoint({ method: "TRACE", template: "/", calls: some }))).toEqual(["trace-enabled low"]);
  });
});

describe("attack payloads and evidence", () => {
  it("reports an endpoint probed with payloads, more severe when a payload broke it", () => {
    const probed = endpoint({
      calls: [
        ...times(30, () => call()),
        ...times(4, () => call({ status: 403, attacks: ["sqli"] })),
        call({ status: 500, attacks: ["sqli", "xss"] }),
      ],
    });
    const f = judgeEndpoint(probed).find((x) => x.check === "attack-payloads")!;
    expect(f).toMatchObject({ owasp: "API8", severity: "high", evidence: 5 });
    expect(f.detail).toContain("5 calls carrying SQL injection, cross-site scripting");
    // (One answered call makes it an endpoint at all: a path only ever refused to one caller is a scanner's guess.)
    const refused = endpoint({ calls: [call(), ...times(3, () => call({ status: 403, attacks: ["ssrf"] }))] });
    expect(judgeEndpoint(refused).find((x) => x.check === "attack-payloads")).toMatchObject({
      owasp: "API7",
      severity: "low",
    });
    expect(judgeEndpoint(endpoint({ calls: times(30, () => call()) })).map((x) => x.check)).not.toContain(
      "attack-payloads",
    );
  });

  it("counts the calls that show a weakness, so new traffic with it can be told from old", () => {
    const one = endpoint({ calls: times(10, () => call({ identities: [], sensitive: ["card:response_body"] })) });
    const two = endpoint({ calls: times(12, () => call({ identities: [], sensitive: ["card:response_body"] })) });
    const evidence = (e: EndpointFacts) =>
      judgeEndpoint(e).find((f) => f.check === "unauthenticated-sensitive-data")!.evidence;
    expect(evidence(two)).toBeGreaterThan(evidence(one));
  });
});

describe("rate", () => {
  const T0 = Date.UTC(2026, 10, 20, 12);
  const inOneMinute = (n: number, over: Partial<DiscoveryEvent> = {}) =>
    Array.from({ length: n }, (_, i) => call({ ts: T0 + i * 500, ...over }));

  it("reports a caller at two calls a second for a minute when the endpoint never answers 429", () => {
    const e = endpoint({ calls: inOneMinute(120) });
    const f = judgeEndpoint(e).find((x) => x.check === "no-rate-limit")!;
    expect(f).toMatchObject({ owasp: "API4", severity: "medium", evidence: 1 });
    expect(f.detail).toContain("120 calls from one caller");
    // One 429 anywhere says a limit exists.
    const limited = endpoint({ calls: [...inOneMinute(120), call({ ts: T0 + 61_000, status: 429 })] });
    expect(judgeEndpoint(limited).map((x) => x.check)).not.toContain("no-rate-limit");
    // Busy in all, but spread out: no caller-minute is heavy.
    expect(judgeEndpoint(endpoint({ calls: times(300, () => call()) })).map((x) => x.check)).not.toContain(
      "no-rate-limit",
    );
  });

  it("reports a sign-in route refusing bursts of guesses without ever answering 429", () => {
    // The guesses, and someone else signing in an hour later: a sign-in route that answers people.
    const someone = call({ ts: T0 + 3_600_000, status: 200, identities: [], clientIp: "198.51.100.9" });
    const guesses = [...inOneMinute(25, { status: 401, identities: [] }), someone];
    const login = endpoint({ method: "POST", template: "/v1/auth/login", calls: guesses });
    expect(judgeEndpoint(login).find((x) => x.check === "brute-force")).toMatchObject({
      owasp: "API2",
      severity: "high",
      confidence: "observed",
    });
    const locked = endpoint({
      method: "POST",
      template: "/v1/auth/login",
      calls: [...guesses, call({ ts: T0 + 20_000, status: 429, identities: [] })],
    });
    expect(judgeEndpoint(locked).map((x) => x.check)).not.toContain("brute-force");
    // The same refusals on an ordinary route are not about passwords.
    const orders = endpoint({ method: "POST", template: "/v1/orders", calls: guesses });
    expect(judgeEndpoint(orders).map((x) => x.check)).not.toContain("brute-force");
  });

  it("does not run a check whose log field the workspace lacks", () => {
    const e = endpoint({ calls: times(20, () => call({ identities: [], sensitive: ["card:response_body"] })) });
    expect(judgeEndpoint(e).map((x) => x.check)).toContain("unauthenticated-sensitive-data");
    expect(judgeEndpoint(e, new Set(["identity"])).map((x) => x.check)).not.toContain("unauthenticated-sensitive-data");
  });
});

describe("cleartext HTTP", () => {
  it("reports calls answered over plain HTTP, high when they carried a credential", () => {
    const mixed = endpoint({ calls: [...times(10, () => call({ scheme: "https" })), call({ scheme: "http" })] });
    expect(judgeEndpoint(mixed).find((f) => f.check === "cleartext-http")).toMatchObject({
      owasp: "API8",
      severity: "high",
      evidence: 1,
    });
    const anonymous = endpoint({ calls: [call({ scheme: "http", identities: [] })] });
    expect(judgeEndpoint(anonymous).find((f) => f.check === "cleartext-http")?.severity).toBe("medium");
    // Where the log does not say, nothing is assumed.
    expect(judgeEndpoint(endpoint({ calls: times(10, () => call()) })).map((f) => f.check)).not.toContain(
      "cleartext-http",
    );
  });

  it("finds them in a real ALB log, whose request type says the scheme", () => {
    const parser = createParser({ id: "aws-alb" });
    const b = new StatsBuilder();
    for (const line of readFileSync(sharedData("formats/aws-alb.log"), "utf8").split("\n")) {
      const r = parser.parseLine(line);
      if (r.ok !== true) continue;
      const n = normalizeRecord(r.record, { tenantKey: "k" });
      if (n.ok) b.add(n.event);
    }
    const stats = b.finish();
    // Three "http" requests (and a "ws" one, cleartext too) against https, h2 and wss.
    expect(stats.schemes).toMatchObject({ http: 4, https: 3 });
    // The TLS ones name TLS 1.2 with AES-GCM: nothing deprecated.
    expect(stats.tls).toEqual({ calls: 3, deprecated: 0, weakCipher: 0, example: null });
  });
});

describe("weak JWTs", () => {
  const bearer = (weakJwt?: "alg-none" | "no-exp" | "long-lived") => [
    { kind: "bearer" as const, secret: { hash: "b1", display: "eyJh…" }, source: "header:authorization", weakJwt },
  ];

  it("is critical when unsigned tokens are accepted, high for tokens that never expire; a refused forgery is no finding", () => {
    const unsigned = endpoint({ calls: times(5, () => call({ identities: bearer("alg-none") })) });
    expect(judgeEndpoint(unsigned).find((f) => f.check === "weak-jwt")).toMatchObject({
      owasp: "API2",
      severity: "critical",
      title: "Accepts unsigned JWTs (alg none)",
      evidence: 5,
    });
    const forever = endpoint({ calls: times(5, () => call({ identities: bearer("no-exp") })) });
    expect(judgeEndpoint(forever).find((f) => f.check === "weak-jwt")?.severity).toBe("high");
    const refused = endpoint({ calls: times(5, () => call({ status: 401, identities: bearer("alg-none") })) });
    expect(judgeEndpoint(refused).map((f) => f.check)).not.toContain("weak-jwt");
    expect(
      judgeEndpoint(endpoint({ calls: times(5, () => call({ identities: bearer() })) })).map((f) => f.check),
    ).not.toContain("weak-jwt");
  });
});

describe("deprecated TLS", () => {
  it("reports public calls on TLS 1.0/1.1 or weak ciphers, and nothing for TLS 1.2 with AES-GCM", () => {
    const old = endpoint({
      calls: [
        ...times(10, () => call({ tls: "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256" })),
        call({ tls: "TLSv1 ECDHE-RSA-AES128-SHA" }),
      ],
    });
    const f = judgeEndpoint(old).find((x) => x.check === "deprecated-tls")!;
    expect(f).toMatchObject({
      owasp: "API8",
      severity: "high",
      title: "Deprecated TLS versions accepted",
      evidence: 1,
    });
    expect(f.detail).toContain("for example TLSv1 ECDHE-RSA-AES128-SHA");
    const weak = endpoint({ calls: [call({ identities: [], tls: "TLSv1.2 DES-CBC3-SHA" })] });
    expect(judgeEndpoint(weak).find((x) => x.check === "deprecated-tls")?.title).toBe("Weak TLS ciphers accepted");
    const modern = endpoint({ calls: times(10, () => call({ tls: "TLSv1.3 TLS_AES_128_GCM_SHA256" })) });
    expect(judgeEndpoint(modern).map((x) => x.check)).not.toContain("deprecated-tls");
  });
});

describe("HTTP Basic authentication", () => {
  const basic = [{ kind: "basic_user" as const, value: "ops", source: "header:authorization" }];

  it("is reported wherever it is used, high when the password travelled over cleartext HTTP", () => {
    const tls = endpoint({ calls: times(5, () => call({ identities: basic, scheme: "https" })) });
    expect(judgeEndpoint(tls).find((f) => f.check === "basic-auth")).toMatchObject({
      owasp: "API2",
      severity: "medium",
      evidence: 5,
    });
    const clear = endpoint({ calls: [call({ identities: basic, scheme: "http" })] });
    expect(judgeEndpoint(clear).find((f) => f.check === "basic-auth")?.severity).toBe("high");
    expect(judgeEndpoint(endpoint({ calls: times(5, () => call()) })).map((f) => f.check)).not.toContain("basic-auth");
  });
});
