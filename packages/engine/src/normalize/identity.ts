// The identities a request carries: API key, bearer token (and the claims of
// a JWT, decoded without verification), basic-auth user, session cookie,
// gateway consumer, user the server authenticated. Secrets among them are
// masked here; only non-secret names (subject, client id, user) stay clear.
import type { RawRecord } from "../formats/record";
import { KeyMemo } from "./key-memo";
import { isJwt, maskSecret, type MaskedSecret } from "./secrets";

export type IdentityKind =
  | "api_key"
  | "bearer"
  | "jwt_sub"
  | "jwt_client_id"
  | "basic_user"
  | "session"
  | "consumer"
  | "remote_user";

/**
 * What makes a JWT weak, read from its header and claims: "alg-none" (unsigned:
 * anyone can forge it), "no-exp" (never expires), "long-lived" (valid for more
 * than 30 days). Whether it was accepted is for the answer's status to say.
 */
export type JwtWeakness = "alg-none" | "no-exp" | "long-lived";

export type Identity =
  | { kind: "api_key" | "bearer" | "session"; secret: MaskedSecret; source: string; weakJwt?: JwtWeakness }
  | { kind: "jwt_sub" | "jwt_client_id" | "basic_user" | "consumer" | "remote_user"; value: string; source: string };

/**
 * A business entity the caller's credential names: its tenant, organisation,
 * account or merchant in the customer's own business, from the token's claims
 * (or claims the gateway logged). Not an identity: every user of one tenant
 * names it, so it never links actors; detection keeps a baseline per entity.
 */
export type EntityClaim = { name: string; value: string };

export type JwtClaims = {
  sub?: string;
  client_id?: string;
  iss?: string;
  entities?: EntityClaim[];
  weakness?: JwtWeakness;
};

const LONG_LIVED_SECONDS = 30 * 86_400;

/** Claim names that name the caller's business entity (compared lower-case). */
const ENTITY_CLAIMS = new Set([
  "org",
  "org_id",
  "orgid",
  "organization",
  "organization_id",
  "organisation_id",
  "tenant",
  "tenant_id",
  "tenantid",
  "tid",
  "account_id",
  "accountid",
  "merchant_id",
  "merchantid",
  "customer_id",
  "company_id",
  "workspace_id",
  "team_id",
  "partner_id",
]);
const MAX_ENTITY_VALUE = 128;

/** The entity claims among a token's or a log's claims: scalar values only (an "org" object is not a name). */
function entityClaimsOf(claims: Record<string, unknown>): EntityClaim[] | undefined {
  let out: EntityClaim[] | undefined;
  for (const name in claims) {
    if (!ENTITY_CLAIMS.has(name.toLowerCase())) continue;
    const v = claims[name];
    const value = typeof v === "string" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : "";
    if (value && value.length <= MAX_ENTITY_VALUE) (out ??= []).push({ name, value });
  }
  return out;
}

const API_KEY_HEADERS = [
  "x-api-key",
  "api-key",
  "apikey",
  "x-apikey",
  "x-api-token",
  "x-auth-token",
  "x-access-token",
  "ocp-apim-subscription-key",
  "x-goog-api-key",
];
const API_KEY_PARAMS = ["api_key", "apikey", "api-key", "key", "access_key", "x-api-key", "subscription-key"];
const TOKEN_PARAMS = ["access_token", "token", "auth_token", "id_token"];
const SESSION_COOKIES =
  /^(session|sessionid|session_id|sid|connect\.sid|jsessionid|phpsessid|asp\.net_sessionid|_session_id|laravel_session|_.*_session|sess)$/i;

/** The payload of a JWT, decoded without checking its signature (we only need who it names). */
export function decodeJwtClaims(token: string): JwtClaims | null {
  if (!isJwt(token)) return null;
  try {
    const [head, body] = token.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString("utf8"));
    if (!payload || typeof payload !== "object") return null;
    const text = (v: unknown) =>
      typeof v === "string" && v.length <= 200 ? v : typeof v === "number" ? String(v) : undefined;
    return {
      sub: text(payload.sub),
      client_id: text(payload.client_id ?? payload.azp ?? payload.cid),
      iss: text(payload.iss),
      entities: entityClaimsOf(payload),
      weakness: weaknessOf(head!, payload),
    };
  } catch {
    return null;
  }
}

const claimsMemo = new KeyMemo<JwtClaims | null>();

/** decodeJwtClaims, once per token while this workspace key normalises (a session sends its token on every call). */
const claimsOf = (token: string, tenantKey: string | Buffer) => claimsMemo.get(tenantKey, token, decodeJwtClaims);

function weaknessOf(head: string, payload: { exp?: unknown; iat?: unknown }): JwtWeakness | undefined {
  let alg: unknown;
  try {
    alg = JSON.parse(Buffer.from(head, "base64url").toString("utf8"))?.alg;
  } catch {
    return undefined;
  }
  if (typeof alg === "string" && alg.toLowerCase() === "none") return "alg-none";
  if (typeof payload.exp !== "number") return "no-exp";
  if (typeof payload.iat === "number" && payload.exp - payload.iat > LONG_LIVED_SECONDS) return "long-lived";
  return undefined;
}

export function parseCookieHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

type Collected = {
  identities: Identity[];
  issuer?: string;
  entities?: EntityClaim[];
  seen: Set<string>;
  tenantKey: string | Buffer;
};

// Module-level helpers, not closures: hot code under tsx pays for every
// named function it creates per call.
function addSecret(c: Collected, kind: "api_key" | "bearer" | "session", value: string, source: string) {
  if (!value || c.seen.has(value)) return;
  c.seen.add(value);
  c.identities.push({ kind, secret: maskSecret(value, c.tenantKey), source });
}

/** `tokenSource`: where the token itself was, so its bearer identity carries the token's weakness. */
function addClaims(c: Collected, claims: JwtClaims, source: string, tokenSource?: string) {
  if (claims.weakness && tokenSource) {
    const token = c.identities.find((i) => i.kind === "bearer" && i.source === tokenSource);
    if (token && "secret" in token) token.weakJwt = claims.weakness;
  }
  if (claims.sub) c.identities.push({ kind: "jwt_sub", value: claims.sub, source });
  if (claims.client_id) c.identities.push({ kind: "jwt_client_id", value: claims.client_id, source });
  c.issuer ??= claims.iss;
  for (const e of claims.entities ?? []) addEntity(c, e);
}

function addEntity(c: Collected, e: EntityClaim) {
  if (!c.entities?.some((x) => x.name === e.name && x.value === e.value)) (c.entities ??= []).push(e);
}

// Shared and frozen: returned for most lines, so not allocated per line.
const NO_IDENTITIES: { identities: Identity[] } = Object.freeze({
  identities: Object.freeze([]) as unknown as Identity[],
});

export function extractIdentities(
  record: RawRecord,
  queryParams: { name: string; rawValue: string }[],
  tenantKey: string | Buffer,
): { identities: Identity[]; issuer?: string; entities?: EntityClaim[] } {
  // Most lines of most logs carry no credential at all.
  if (
    !record.headers &&
    !record.cookies &&
    !record.claims &&
    !record.consumer &&
    !record.remoteUser &&
    queryParams.length === 0
  ) {
    return NO_IDENTITIES;
  }
  const c: Collected = { identities: [], seen: new Set(), tenantKey };
  const headers = record.headers ?? {};
  for (const name of API_KEY_HEADERS) if (headers[name]) addSecret(c, "api_key", headers[name]!, `header:${name}`);

  const auth = headers.authorization ?? headers["proxy-authorization"];
  if (auth) {
    const [scheme, ...rest] = auth.trim().split(/\s+/);
    const credential = rest.join(" ");
    if (/^bearer$/i.test(scheme ?? "") && credential) {
      addSecret(c, "bearer", credential, "header:authorization");
      const claims = claimsOf(credential, c.tenantKey);
      if (claims) addClaims(c, claims, "jwt", "header:authorization");
    } else if (/^basic$/i.test(scheme ?? "") && credential) {
      const decoded = Buffer.from(credential, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0)
        c.identities.push({ kind: "basic_user", value: decoded.slice(0, colon), source: "header:authorization" });
    } else if (scheme) {
      // ApiKey, Token, Key schemes and bare keys.
      addSecret(c, "api_key", credential || scheme, "header:authorization");
    }
  }

  for (const { name, rawValue } of queryParams) {
    const lower = name.toLowerCase();
    if (API_KEY_PARAMS.includes(lower)) addSecret(c, "api_key", rawValue, `query:${name}`);
    else if (TOKEN_PARAMS.includes(lower)) {
      addSecret(c, "bearer", rawValue, `query:${name}`);
      const claims = claimsOf(rawValue, c.tenantKey);
      if (claims) addClaims(c, claims, "jwt", `query:${name}`);
    }
  }

  if (headers.cookie || record.cookies) {
    const cookies = { ...(headers.cookie ? parseCookieHeader(headers.cookie) : {}), ...(record.cookies ?? {}) };
    for (const [name, value] of Object.entries(cookies))
      if (SESSION_COOKIES.test(name)) addSecret(c, "session", value, `cookie:${name}`);
  }

  if (record.claims)
    addClaims(
      c,
      { sub: record.claims.sub, client_id: record.claims.client_id, entities: entityClaimsOf(record.claims) },
      "log",
    );
  if (record.consumer) c.identities.push({ kind: "consumer", value: record.consumer, source: "gateway" });
  if (record.remoteUser) c.identities.push({ kind: "remote_user", value: record.remoteUser, source: "server" });
  return { identities: c.identities, issuer: c.issuer, entities: c.entities };
}
