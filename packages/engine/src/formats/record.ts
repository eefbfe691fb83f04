// What a format parser reads from one log line, in the source's own terms,
// before normalisation (client IP resolution, identities, secret hashing).
// Every field is optional: formats differ in what they carry, and the
// readiness report is built from what is missing.

export type RawRecord = {
  /** Epoch milliseconds (UTC). */
  time?: number;
  /** True when the source only has whole seconds. */
  timeSecondsOnly?: boolean;
  method?: string;
  scheme?: string;
  host?: string;
  /** Path as sent, without the query string. */
  path?: string;
  /** Raw query string without the leading "?". */
  query?: string;
  protocol?: string;
  /** The TLS protocol and cipher the client negotiated, "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256", where logged (ALB, CloudFront). */
  tls?: string;
  status?: number;
  requestBytes?: number;
  responseBytes?: number;
  /** Total time to serve the request, in milliseconds. */
  latencyMs?: number;
  upstreamLatencyMs?: number;
  userAgent?: string;
  referer?: string;
  /** The address that connected to the server that wrote the log. */
  peerIp?: string;
  /** X-Forwarded-For as received. */
  forwardedFor?: string;
  /** RFC 7239 Forwarded header as received. */
  forwarded?: string;
  /** Authenticated user the server knew (basic-auth $remote_user, %u). */
  remoteUser?: string;
  /** Request headers the source logged, lower-case names. */
  headers?: Record<string, string>;
  /** Cookies the source logged by name. */
  cookies?: Record<string, string>;
  /** Claims the source decoded itself (nginx $jwt_claim_*, API Gateway authorizer). */
  claims?: Record<string, string>;
  /** Gateway consumer (Kong consumer, API Gateway caller or API key id). */
  consumer?: string;
  /** Upstream service, cluster or target group. */
  service?: string;
  upstream?: string;
  requestId?: string;
  /** Request and response bodies, when the source has them (HAR, JSON logs). */
  requestBody?: string;
  responseBody?: string;
};

/**
 * A record with every field present (undefined until set), so all records
 * share one hidden class: at hundreds of thousands of lines a second, records
 * built field by field in varying orders made every read in normalisation
 * polymorphic.
 */
export function emptyRecord(): RawRecord {
  return {
    time: undefined,
    timeSecondsOnly: undefined,
    method: undefined,
    scheme: undefined,
    host: undefined,
    path: undefined,
    query: undefined,
    protocol: undefined,
    tls: undefined,
    status: undefined,
    requestBytes: undefined,
    responseBytes: undefined,
    latencyMs: undefined,
    upstreamLatencyMs: undefined,
    userAgent: undefined,
    referer: undefined,
    peerIp: undefined,
    forwardedFor: undefined,
    forwarded: undefined,
    remoteUser: undefined,
    headers: undefined,
    cookies: undefined,
    claims: undefined,
    consumer: undefined,
    service: undefined,
    upstream: undefined,
    requestId: undefined,
    requestBody: undefined,
    responseBody: undefined,
  };
}

export type RejectReason =
  | "format_mismatch"
  | "bad_timestamp"
  | "future_timestamp"
  | "bad_request_line"
  | "line_too_long"
  | "invalid_utf8"
  | "empty";

/**
 * A line is a record, a rejection (counted by reason and shown to the user),
 * or skipped without complaint (blank lines, #Version/#Fields headers).
 */
export type ParseResult = { ok: true; record: RawRecord } | { ok: false; reason: RejectReason } | { ok: "skip" };

export type Rejection = { ok: false; reason: RejectReason };
export type Parsed = { ok: true; record: RawRecord } | Rejection;

export const reject = (reason: RejectReason): Rejection => ({ ok: false, reason });
export const SKIP: ParseResult = { ok: "skip" };

/** Parses the lines of one file or stream, in order; may keep state (CloudFront's #Fields). */
export type LineParser = { parseLine(line: string): ParseResult };
