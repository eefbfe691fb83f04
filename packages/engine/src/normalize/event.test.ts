import { describe, expect, it } from "vitest";
import { compileNginxFormat } from "../formats/nginx";
import { normalizeRecord, type ApiEvent } from "./event";
import { decodeJwtClaims } from "./identity";
import { looksSecret } from "./secrets";

// Every credential a log line can carry, each one distinctive so a leak is easy to spot.
const SECRETS = {
  apiKeyHeader: "AKX-header-7f3a9c1e5b2d8046",
  bearer:
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwiY2xpZW50X2lkIjoibW9iaWxlLWFwcCIsImlzcyI6Imh0dHBzOi8vaWQuYWNtZS50ZXN0In0.TJVA95OrM7E2cBab30RMHrHDcEfxjoYZgeFONFh7HgQ",
  basicPassword: "hunter2-Basic-Secret",
  sessionCookie: "s%3AsessionSECRETvalue9876543210",
  queryKey: "qk_live_51Habc9XyZ0123456789",
  queryPassword: "p@ssw0rd-in-url",
  resetToken: "Zx8KqP2mN7vR4tY6wB1cD9eF3gH5jL0s",
  pathKey: "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
  refererToken: "ref-tok-Qw3Er5Ty7Ui9Op1As3Df5",
};

const format = `$remote_addr "$http_x_forwarded_for" [$time_iso8601] "$request" $status $body_bytes_sent $request_time "$http_referer" "$http_user_agent" "$http_x_api_key" "$http_authorization" "$http_cookie"`;

function normalizeLine(line: string, tenantKey = "tenant-key-A"): ApiEvent {
  const parsed = compileNginxFormat(format).parse(line);
  if (parsed.ok !== true) throw new Error(`did not parse: ${JSON.stringify(parsed)}`);
  const result = normalizeRecord(parsed.record, { tenantKey });
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

const lineWithSecrets = (authorization: string) =>
  `10.0.0.9 "198.51.100.20, 10.0.0.8" [2026-11-22T10:00:00+00:00] ` +
  `"GET /v1/keys/${SECRETS.pathKey}/usage?api_key=${SECRETS.queryKey}&password=${SECRETS.queryPassword}&reset=${SECRETS.resetToken}&page=2 HTTP/1.1" 200 1234 0.052 ` +
  `"https://app.acme.test/settings?token=${SECRETS.refererToken}" "Mozilla/5.0" "${SECRETS.apiKeyHeader}" "${authorization}" "theme=dark; sessionid=${SECRETS.sessionCookie}"`;

describe("no secret leaves normalisation in clear", () => {
  const bearerEvent = normalizeLine(lineWithSecrets(`Bearer ${SECRETS.bearer}`));
  const basicEvent = normalizeLine(
    lineWithSecrets(`Basic ${Buffer.from(`alice:${SECRETS.basicPassword}`).toString("base64")}`),
  );

  it("none of the secrets appears anywhere in the events", () => {
    const stored = JSON.stringify([bearerEvent, basicEvent]);
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(stored, name).not.toContain(secret);
      expect(stored, name).not.toContain(encodeURIComponent(secret));
    }
  });

  it("keeps who called: hashed key, token and session; clear JWT subject, client id and basic-auth user", () => {
    const kinds = bearerEvent.identities.map((i) => i.kind).sort();
    expect(kinds).toEqual(["api_key", "api_key", "bearer", "jwt_client_id", "jwt_sub", "session"]);
    expect(bearerEvent.identities).toContainEqual({ kind: "jwt_sub", value: "user-42", source: "jwt" });
    expect(bearerEvent.identities).toContainEqual({ kind: "jwt_client_id", value: "mobile-app", source: "jwt" });
    expect(bearerEvent.jwtIssuer).toBe("https://id.acme.test");
    expect(basicEvent.identities).toContainEqual({
      kind: "basic_user",
      value: "alice",
      source: "header:authorization",
    });
    const key = bearerEvent.identities.find((i) => i.kind === "api_key" && i.source === "header:x-api-key");
    expect(key).toMatchObject({ secret: { hash: expect.stringMatching(/^[\w-]{22}$/), display: "AKX-…" } });
  });

  it("masks secret query values and path segments but keeps ordinary ones, and drops the referer's query", () => {
    expect(bearerEvent.query).toEqual([
      { name: "api_key", value: "qk_l…", secret: { hash: expect.any(String) } },
      { name: "password", value: "p@…", secret: { hash: expect.any(String) } },
      { name: "reset", value: "Zx8K…", secret: { hash: expect.any(String) } },
      { name: "page", value: "2" },
    ]);
    expect(bearerEvent.path).toMatch(/^\/v1\/keys\/\{secret:[\w-]{10}\}\/usage$/);
    expect(bearerEvent.secretInUrl).toBe(true);
    expect(bearerEvent.referer).toBe("https://app.acme.test/settings");
  });

  it("hashes are stable within a workspace and differ between workspaces", () => {
    const again = normalizeLine(lineWithSecrets(`Bearer ${SECRETS.bearer}`));
    const elsewhere = normalizeLine(lineWithSecrets(`Bearer ${SECRETS.bearer}`), "tenant-key-B");
    const hashOf = (e: ApiEvent) =>
      e.identities.filter((i) => "secret" in i).map((i) => ("secret" in i ? i.secret.hash : ""));
    expect(hashOf(again)).toEqual(hashOf(bearerEvent));
    expect(hashOf(elsewhere)).not.toEqual(hashOf(bearerEvent));
  });

  it("resolves the client behind the private proxy", () => {
    expect(bearerEvent).toMatchObject({
      clientIp: "198.51.100.20",
      peerIp: "10.0.0.9",
      viaProxy: true,
      latencyMs: 52,
      status: 200,
    });
  });
});

describe("what counts as secret", () => {
  it("flags JWTs and long random keys, not ids, words or numbers", () => {
    expect(looksSecret(SECRETS.bearer)).toBe(true);
    expect(looksSecret("Zx8KqP2mN7vR4tY6wB1cD9eF3gH5jL0s")).toBe(true);
    for (const benign of [
      "550e8400-e29b-41d4-a716-446655440000",
      "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      "2",
      "summer-sale",
      "created_at",
      "hello world this is long text",
    ]) {
      expect(looksSecret(benign), benign).toBe(false);
    }
  });

  it("decodes JWT claims without verifying, and ignores non-JWTs", () => {
    expect(decodeJwtClaims(SECRETS.bearer)).toEqual({
      sub: "user-42",
      client_id: "mobile-app",
      iss: "https://id.acme.test",
      // The sample token carries no exp.
      weakness: "no-exp",
    });
    expect(decodeJwtClaims("not.a.jwt")).toBeNull();
  });
});

describe("the business entity a caller's token names", () => {
  const jwt = (claims: Record<string, unknown>) =>
    `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;

  it("keeps tenant, organisation and account claims as entities, never as identities (a tenant's users stay separate actors)", () => {
    const token = jwt({
      sub: "user-7",
      org_id: "acme",
      tenant: 42,
      account_id: "x".repeat(129),
      organization: { id: "nested" },
      role: "admin",
    });
    const event = normalizeLine(lineWithSecrets(`Bearer ${token}`));
    expect(event.entities).toEqual([
      { name: "org_id", value: "acme" },
      { name: "tenant", value: "42" },
    ]);
    expect(event.identities.map((i) => i.kind)).not.toContain("org_id");
    expect(event.identities).toContainEqual({ kind: "jwt_sub", value: "user-7", source: "jwt" });
    // No token, no entity.
    expect(normalizeLine(lineWithSecrets("")).entities).toEqual([]);
  });

  it("reads the claims a gateway logged itself (nginx $jwt_claim_*)", () => {
    const parsed = compileNginxFormat(
      `$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent "$jwt_claim_sub" "$jwt_claim_tenant_id"`,
    ).parse(`203.0.113.5 [2026-11-22T10:00:00+00:00] "GET /v1/reports HTTP/1.1" 200 512 "user-9" "t-300"`);
    if (parsed.ok !== true) throw new Error("did not parse");
    const result = normalizeRecord(parsed.record, { tenantKey: "k" });
    expect(result.ok && result.event.entities).toEqual([{ name: "tenant_id", value: "t-300" }]);
    expect(result.ok && result.event.identities).toEqual([{ kind: "jwt_sub", value: "user-9", source: "log" }]);
  });
});

describe("weak JWTs", () => {
  const token = (header: Record<string, unknown>, claims: Record<string, unknown>, signature = "c2lnbmF0dXJl") =>
    `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  const now = 1_795_000_000;

  it("reads an unsigned token, one without expiry and one valid for months from the token itself", () => {
    expect(decodeJwtClaims(token({ alg: "none" }, { sub: "u1", exp: now + 60 }, ""))?.weakness).toBe("alg-none");
    expect(decodeJwtClaims(token({ alg: "RS256" }, { sub: "u1" }))?.weakness).toBe("no-exp");
    expect(decodeJwtClaims(token({ alg: "RS256" }, { sub: "u1", iat: now, exp: now + 90 * 86_400 }))?.weakness).toBe(
      "long-lived",
    );
    expect(
      decodeJwtClaims(token({ alg: "RS256" }, { sub: "u1", iat: now, exp: now + 3_600 }))?.weakness,
    ).toBeUndefined();
  });
});
