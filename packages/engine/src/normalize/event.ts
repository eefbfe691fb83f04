// RawRecord → ApiEvent: the one event model every format ends up in, with
// the client IP resolved and nothing secret left in clear. This is the last
// step before storage; raw headers, cookies and bodies do not go further.
import type { RawRecord, RejectReason } from "../formats/record";
import { plausibleTime } from "../formats/time";
import { resolveClientIp } from "./client-ip";
import { extractIdentities, type EntityClaim, type Identity } from "./identity";
import { parseIp, v4Number, type Cidr } from "./ip";
import { isJwt, isSecretName, looksSecret, maskSecret } from "./secrets";
import { needsVisibleText, visibleOrNull, visibleText } from "./visible-text";
import {
  classifyValue,
  hasKeyPrefix,
  maskSensitive,
  scanBody,
  scanPath,
  SensitiveFindings,
  type SensitiveCode,
} from "./sensitive";

export type QueryParam = { name: string; value: string; secret?: { hash: string } };

export type ApiEvent = {
  ts: number;
  method: string;
  scheme: string | null;
  host: string | null;
  path: string;
  query: QueryParam[];
  protocol: string | null;
  /** TLS protocol and cipher, "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256", where the log has them. */
  tls: string | null;
  status: number | null;
  requestBytes: number | null;
  responseBytes: number | null;
  latencyMs: number | null;
  userAgent: string | null;
  /** Origin and path only; a referer's query string often carries tokens. */
  referer: string | null;
  clientIp: string | null;
  /** ISO 3166 country of the client IP, when a geolocation table is given. */
  country: string | null;
  peerIp: string | null;
  viaProxy: boolean;
  service: string | null;
  upstream: string | null;
  requestId: string | null;
  identities: Identity[];
  jwtIssuer: string | null;
  /** The business entities (tenant, organisation, account…) the caller's token or the log's claims name; usually empty. */
  entities: EntityClaim[];
  /** True when the path or query carried a credential (a posture finding later). */
  secretInUrl: boolean;
  /** Sensitive data the request carried, as "type:where" codes (see sensitive.ts); usually empty. */
  sensitive: SensitiveCode[];
};

// Shared and frozen: most events name no entity.
const NO_ENTITIES = Object.freeze([]) as unknown as EntityClaim[];

export type NormalizeOptions = {
  tenantKey: string | Buffer;
  trustedProxies?: Cidr[];
  /** Longer query values are cut, with "…" (default 200 characters). */
  maxQueryValueLength?: number;
  /** Country of a client IP (an offline table built by the caller). */
  countryOf?: (ip: string) => string | null;
  /** Lines dated after this (epoch ms) are rejected as future_timestamp: a wrong clock or time zone, not traffic. */
  latestTime?: number;
};

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
};

type ParsedQuery = { params: QueryParam[]; raw: { name: string; rawValue: string }[]; secretInUrl: boolean };

// Financial identifiers are never stored whole (PCI DSS forbids keeping card numbers in clear).
const MASKED_AT_REST = new Set(["card", "iban", "ssn"]);

// Most lines have no query string: one shared, frozen answer instead of three allocations per line.
const NO_QUERY: ParsedQuery = Object.freeze({
  params: Object.freeze([]) as unknown as QueryParam[],
  raw: Object.freeze([]) as unknown as ParsedQuery["raw"],
  secretInUrl: false,
});

function parseQuery(query: string | undefined, options: NormalizeOptions, found: SensitiveFindings): ParsedQuery {
  if (!query) return NO_QUERY;
  const params: QueryParam[] = [];
  const raw: { name: string; rawValue: string }[] = [];
  let secretInUrl = false;
  const max = options.maxQueryValueLength ?? 200;
  for (const part of query.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = safeDecode(eq === -1 ? part : part.slice(0, eq)).slice(0, 100);
    const value = eq === -1 ? "" : safeDecode(part.slice(eq + 1));
    raw.push({ name, rawValue: value });
    const sensitive = value ? classifyValue(value, name) : null;
    if (sensitive) found.add(sensitive, "query");
    if (value && (isSecretName(name) || looksSecret(value))) {
      const masked = maskSecret(value, options.tenantKey);
      params.push({ name, value: masked.display, secret: { hash: masked.hash } });
      secretInUrl = true;
    } else if (sensitive && MASKED_AT_REST.has(sensitive)) {
      params.push({ name, value: maskSensitive(sensitive, value) });
    } else {
      params.push({ name, value: value.length > max ? `${value.slice(0, max)}…` : value });
    }
  }
  return { params, raw, secretInUrl };
}

// Cheap test of the whole path before splitting it into segments.
const MAY_HOLD_SECRET = /eyJ|[sr]k_(?:live|test)_|gh[pousr]_|xox[abpr]-|AKIA|AIza|glpat-/;

/** The path with credential segments replaced, or null when it has none (the usual case). */
function maskPath(path: string, tenantKey: string | Buffer): string | null {
  if (!MAY_HOLD_SECRET.test(path)) return null;
  let masked = false;
  const out = path
    .split("/")
    .map((segment) => {
      // Credentials that turn up as path segments: JWTs and keys with well-known prefixes.
      if (!isJwt(segment) && !hasKeyPrefix(segment)) return segment;
      masked = true;
      return `{secret:${maskSecret(segment, tenantKey).hash.slice(0, 10)}}`;
    })
    .join("/");
  return masked ? out : null;
}

function refererWithoutQuery(referer: string | undefined): string | null {
  if (!referer) return null;
  const cut = referer.search(/[?#]/);
  return (cut === -1 ? referer : referer.slice(0, cut)).slice(0, 500);
}

// Numbers a parser read from hostile text are kept only when the column can hold them and they can be true.
const statusCode = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n >= 0 && n <= 999 ? n : null);
const byteCount = (n: number | undefined) =>
  n !== undefined && Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.round(n) : null;
const millis = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n >= 0 && n <= 1e10 ? n : null);

/** The peer as an address inet can hold, or null; the common plain IPv4 is kept as it is, without allocating. */
const peerAddress = (raw: string | undefined) =>
  raw === undefined ? null : v4Number(raw) !== null ? raw : (parseIp(raw)?.text ?? null);

/** Query parameters with their names and values made visible; the same array when none needed it (the usual case). */
function visibleQuery(params: QueryParam[]): QueryParam[] {
  for (const p of params) {
    if (needsVisibleText(p.name) || needsVisibleText(p.value))
      return params.map((q) => ({ ...q, name: visibleText(q.name), value: visibleText(q.value) }));
  }
  return params;
}

const identityText = (id: Identity) => ("value" in id ? id.value : id.secret.display);

/** Identities with their names, prefixes and sources made visible (kinds and hashes are ours). */
function visibleIdentities(identities: Identity[]): Identity[] {
  for (const id of identities) {
    if (needsVisibleText(identityText(id)) || needsVisibleText(id.source)) {
      return identities.map((i) =>
        "value" in i
          ? { ...i, value: visibleText(i.value), source: visibleText(i.source) }
          : { ...i, secret: { ...i.secret, display: visibleText(i.secret.display) }, source: visibleText(i.source) },
      );
    }
  }
  return identities;
}

function visibleEntities(entities: EntityClaim[]): EntityClaim[] {
  for (const e of entities)
    if (needsVisibleText(e.name) || needsVisibleText(e.value))
      return entities.map((x) => ({ name: visibleText(x.name), value: visibleText(x.value) }));
  return entities;
}

/** Fields decoded here from the line's text (query values, credentials, claims): they can hold what the line did not. */
function visibleDecoded(e: ApiEvent): ApiEvent {
  e.query = visibleQuery(e.query);
  e.identities = visibleIdentities(e.identities);
  e.entities = visibleEntities(e.entities);
  e.jwtIssuer = visibleOrNull(e.jwtIssuer);
  return e;
}

/**
 * A line with none of these cannot give a parser a control character or a
 * lone surrogate in a field it copies verbatim: no such character, no escape
 * (\x00, \u0000) and no percent-encoding for a parser to decode.
 */
const MAY_HOLD_UNSAFE = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\\%]/;

/**
 * The event with every text field made visible (see visible-text.ts), by the
 * shapes it has. With the raw line, and nothing in it that could decode to
 * an unsafe character, only the fields decoded here are checked: a test per
 * field cost a quarter of normalisation's time for events that almost never
 * need any change.
 */
function visibleEvent(e: ApiEvent, line: string | undefined): ApiEvent {
  if (line !== undefined && !MAY_HOLD_UNSAFE.test(line)) return visibleDecoded(e);
  e.method = visibleText(e.method);
  e.scheme = visibleOrNull(e.scheme);
  e.host = visibleOrNull(e.host);
  e.path = visibleText(e.path);
  e.protocol = visibleOrNull(e.protocol);
  e.tls = visibleOrNull(e.tls);
  e.userAgent = visibleOrNull(e.userAgent);
  e.referer = visibleOrNull(e.referer);
  e.service = visibleOrNull(e.service);
  e.upstream = visibleOrNull(e.upstream);
  e.requestId = visibleOrNull(e.requestId);
  return visibleDecoded(e);
}

/**
 * `line` is the text the record was parsed from, when there is one (not for
 * HAR entries): it lets most events skip the per-field checks of visibleEvent.
 */
export function normalizeRecord(
  record: RawRecord,
  options: NormalizeOptions,
  line?: string,
): { ok: true; event: ApiEvent } | { ok: false; reason: RejectReason } {
  if (record.time === undefined || plausibleTime(record.time) === undefined)
    return { ok: false, reason: "bad_timestamp" };
  if (options.latestTime !== undefined && record.time > options.latestTime)
    return { ok: false, reason: "future_timestamp" };
  if (!record.method && !record.path) return { ok: false, reason: "bad_request_line" };
  const found = new SensitiveFindings();
  const { params, raw, secretInUrl: queryHadSecret } = parseQuery(record.query, options, found);
  const rawPath = scanPath(record.path || "/", found) ?? (record.path || "/");
  scanBody(record.requestBody, "request_body", found);
  scanBody(record.responseBody, "response_body", found);
  const maskedPath = maskPath(rawPath, options.tenantKey);
  const { identities, issuer, entities } = extractIdentities(record, raw, options.tenantKey);
  const { clientIp, viaProxy } = resolveClientIp(record, options.trustedProxies);
  const event: ApiEvent = {
    ts: record.time,
    method: (record.method ?? "GET").toUpperCase(),
    scheme: record.scheme ?? null,
    host: record.host?.toLowerCase() ?? null,
    path: maskedPath ?? rawPath,
    query: params,
    protocol: record.protocol ?? null,
    tls: record.tls?.slice(0, 100) ?? null,
    status: statusCode(record.status),
    requestBytes: byteCount(record.requestBytes),
    responseBytes: byteCount(record.responseBytes),
    latencyMs: millis(record.latencyMs),
    userAgent: record.userAgent?.slice(0, 500) ?? null,
    referer: refererWithoutQuery(record.referer),
    clientIp,
    country: clientIp && options.countryOf ? options.countryOf(clientIp) : null,
    peerIp: peerAddress(record.peerIp),
    viaProxy,
    service: record.service ?? null,
    upstream: record.upstream ?? null,
    requestId: record.requestId ?? null,
    identities,
    jwtIssuer: issuer ?? null,
    entities: entities ?? NO_ENTITIES,
    secretInUrl: queryHadSecret || maskedPath !== null,
    sensitive: found.list(),
  };
  // Made storable last, after scanning and masking saw the real bytes.
  return { ok: true, event: visibleEvent(event, line) };
}
