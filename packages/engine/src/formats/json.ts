// JSON access logs (one object per line): AWS API Gateway, Kong's HTTP-log
// plugin, and any other JSON through a field mapping. A mapping names, for
// each event field, the dot path where a line keeps it; common names are
// mapped automatically and people can correct the result.
import { set, stripPort, type Setter } from "./fields";
import { reject, SKIP, type LineParser, type RawRecord } from "./record";

export const MAPPED_FIELDS = [
  "time",
  "method",
  "url",
  "path",
  "query",
  "status",
  "host",
  "scheme",
  "protocol",
  "peerIp",
  "forwardedFor",
  "userAgent",
  "referer",
  "requestBytes",
  "responseBytes",
  "latencyMs",
  "latencySeconds",
  "upstreamLatencyMs",
  "consumer",
  "service",
  "requestId",
  "remoteUser",
  "apiKey",
  "authorization",
  "subject",
  "headers",
  "queryParams",
  "requestBody",
  "responseBody",
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];
export type JsonMapping = Partial<Record<MappedField, string>>;

type Json = Record<string, unknown>;

export function getPath(obj: unknown, path: string): unknown {
  let current = obj;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Json)[key];
  }
  return current;
}

/** A scalar's text; objects and arrays have none (String() of a 10,000-deep array overflows the stack). */
const scalarText = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;

const asText = (v: unknown): string | undefined => (v === "" || v === "-" ? undefined : scalarText(v));

const SCALAR: Partial<Record<MappedField, Setter>> = {
  time: set.anyTime,
  method: set.method,
  url: set.target,
  path: set.target,
  query: set.query,
  status: set.status,
  host: set.host,
  scheme: set.scheme,
  protocol: set.protocol,
  peerIp: (r, v) => set.peer(r, stripPort(v)),
  forwardedFor: set.forwardedFor,
  userAgent: set.userAgent,
  referer: set.referer,
  requestBytes: set.requestBytes,
  responseBytes: set.responseBytes,
  latencyMs: set.latencyMillis,
  latencySeconds: set.latencySeconds,
  upstreamLatencyMs: set.upstreamLatencyMillis,
  consumer: set.consumer,
  service: set.service,
  requestId: set.requestId,
  remoteUser: set.remoteUser,
  apiKey: set.header("x-api-key"),
  authorization: set.header("authorization"),
  subject: set.claim("sub"),
  requestBody: (r, v) => {
    r.requestBody = v;
    return true;
  },
  responseBody: (r, v) => {
    r.responseBody = v;
    return true;
  },
};

/** Headers logged as an object ({"X-Api-Key": "…"} or {"x-api-key": ["…"]}). */
function setHeaders(record: RawRecord, value: unknown) {
  if (!value || typeof value !== "object") return;
  for (const [name, raw] of Object.entries(value as Json)) {
    const text = Array.isArray(raw)
      ? raw
          .map(scalarText)
          .filter((t) => t !== undefined)
          .join(", ") || undefined
      : asText(raw);
    if (text !== undefined) set.header(name)(record, text);
  }
}

/**
 * Query parameters logged as an object ({"page": "2", "tag": ["a", "b"]}).
 * Sources that log them this way often log the full URL too; the URL wins.
 */
function setQueryParams(record: RawRecord, value: unknown) {
  if (!value || typeof value !== "object" || record.query) return;
  const pairs: string[] = [];
  for (const [name, raw] of Object.entries(value as Json)) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const text = v === true ? "" : scalarText(v);
      if (text !== undefined) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(text)}`);
    }
  }
  if (pairs.length) record.query = record.query ? `${record.query}&${pairs.join("&")}` : pairs.join("&");
}

export function recordFromJson(obj: Json, mapping: JsonMapping): RawRecord | "bad_timestamp" {
  const record: RawRecord = {};
  for (const field of MAPPED_FIELDS) {
    const path = mapping[field];
    if (!path) continue;
    const value = getPath(obj, path);
    if (field === "headers") setHeaders(record, value);
    else if (field === "queryParams") setQueryParams(record, value);
    else if (field === "time") {
      if (
        value === undefined ||
        !set.anyTime(record, typeof value === "number" ? String(value) : (asText(value) ?? ""))
      )
        return "bad_timestamp";
    } else {
      const text = asText(value);
      if (text !== undefined) SCALAR[field]?.(record, text);
    }
  }
  // Hosts come with their default port from some gateways (Kong's request.url).
  if (record.host) record.host = record.host.replace(/:(80|443)$/, "");
  return record;
}

export function createJsonParser(mapping: JsonMapping): LineParser {
  return {
    parseLine(line) {
      const text = line.trim();
      if (!text) return SKIP;
      if (text[0] !== "{") return reject("format_mismatch");
      let obj: Json;
      try {
        obj = JSON.parse(text);
      } catch {
        return reject("format_mismatch");
      }
      const record = recordFromJson(obj, mapping);
      if (record === "bad_timestamp") return reject("bad_timestamp");
      if (!record.method && !record.path && record.status === undefined) return reject("format_mismatch");
      return { ok: true, record };
    },
  };
}

/** API Gateway access logs as AWS documents their JSON examples ($context variables). */
export const API_GATEWAY_MAPPING: JsonMapping = {
  time: "requestTimeEpoch",
  method: "httpMethod",
  path: "path",
  status: "status",
  peerIp: "ip",
  userAgent: "userAgent",
  protocol: "protocol",
  responseBytes: "responseLength",
  latencyMs: "responseLatency",
  upstreamLatencyMs: "integrationLatency",
  requestId: "requestId",
  host: "domainName",
  consumer: "apiKeyId",
  remoteUser: "user",
  subject: "sub",
};

/** Kong's HTTP Log / File Log plugin payload. */
export const KONG_MAPPING: JsonMapping = {
  time: "started_at",
  method: "request.method",
  url: "request.url",
  status: "response.status",
  peerIp: "client_ip",
  requestBytes: "request.size",
  responseBytes: "response.size",
  latencyMs: "latencies.request",
  upstreamLatencyMs: "latencies.proxy",
  consumer: "consumer.username",
  service: "service.name",
  headers: "request.headers",
  queryParams: "request.querystring",
};
