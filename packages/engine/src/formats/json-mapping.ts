// Guesses a JSON mapping from sample lines: for each event field, the first
// of its usual names that the samples carry. People can edit the result.
import { getPath, type JsonMapping, type MappedField } from "./json";

const CANDIDATES: Record<MappedField, string[]> = {
  time: [
    "timestamp",
    "@timestamp",
    "time",
    "ts",
    "requestTimeEpoch",
    "requestTime",
    "started_at",
    "startedDateTime",
    "date",
    "datetime",
    "start_time",
    "time_local",
    "time_iso8601",
  ],
  method: [
    "method",
    "httpMethod",
    "http_method",
    "request_method",
    "verb",
    "request.method",
    "http.method",
    "http.request.method",
    "req.method",
  ],
  url: ["url", "request.url", "full_url", "http.url", "req.url", "url.full"],
  path: [
    "path",
    "request_uri",
    "uri",
    "requestPath",
    "request.uri",
    "request.path",
    "http.path",
    "http.target",
    "url.path",
    "req.path",
  ],
  query: ["query", "query_string", "querystring", "args", "url.query"],
  status: [
    "status",
    "statusCode",
    "status_code",
    "response_code",
    "responseCode",
    "response.status",
    "http.status_code",
    "http.response.status_code",
    "res.statusCode",
  ],
  host: ["host", "hostname", "domainName", "http_host", "server_name", "request.host", "http.host", "url.domain"],
  scheme: ["scheme", "protocol_scheme", "url.scheme"],
  protocol: ["protocol", "server_protocol", "http_version", "http.version"],
  peerIp: [
    "client_ip",
    "clientIp",
    "remote_addr",
    "remoteAddr",
    "ip",
    "sourceIp",
    "src_ip",
    "client.ip",
    "source.ip",
    "identity.sourceIp",
    "peer_ip",
  ],
  forwardedFor: [
    "x_forwarded_for",
    "http_x_forwarded_for",
    "xForwardedFor",
    "forwarded_for",
    "request.headers.x-forwarded-for",
  ],
  userAgent: [
    "user_agent",
    "userAgent",
    "http_user_agent",
    "agent",
    "user_agent.original",
    "request.headers.user-agent",
  ],
  referer: ["referer", "referrer", "http_referer"],
  requestBytes: ["request_length", "request_size", "bytes_in", "requestBytes", "request.size", "cs_bytes"],
  responseBytes: [
    "body_bytes_sent",
    "bytes_sent",
    "responseLength",
    "response_size",
    "bytes_out",
    "bytes",
    "size",
    "response.size",
    "sc_bytes",
  ],
  latencyMs: [
    "latency_ms",
    "duration_ms",
    "responseLatency",
    "response_time_ms",
    "latencyMs",
    "latencies.request",
    "elapsed_ms",
  ],
  latencySeconds: ["request_time", "duration", "response_time", "latency", "elapsed", "time_taken"],
  upstreamLatencyMs: ["integrationLatency", "upstream_latency_ms", "latencies.proxy"],
  consumer: ["consumer", "consumer.username", "consumer_id", "apiKeyId", "caller", "client_id", "clientId"],
  service: ["service", "service.name", "upstream_service", "backend", "cluster"],
  requestId: ["request_id", "requestId", "x_request_id", "trace_id", "id"],
  remoteUser: ["remote_user", "user", "username", "userName"],
  apiKey: ["api_key", "apiKey", "x_api_key", "http_x_api_key"],
  authorization: ["authorization", "http_authorization", "auth_header"],
  subject: ["sub", "subject", "user_id", "userId", "principalId", "authorizer.claims.sub", "jwt.sub"],
  headers: ["headers", "request.headers", "request_headers", "req.headers"],
  queryParams: ["querystring", "request.querystring", "query_params", "queryParams"],
  requestBody: ["request_body", "requestBody", "request.body", "req.body"],
  responseBody: ["response_body", "responseBody", "response.body", "res.body"],
};

export function guessJsonMapping(samples: Record<string, unknown>[]): JsonMapping {
  const mapping: JsonMapping = {};
  const used = new Set<string>();
  for (const [field, names] of Object.entries(CANDIDATES) as [MappedField, string[]][]) {
    const found = names.find(
      (name) => !used.has(name) && samples.some((s) => getPath(s, name) !== undefined && getPath(s, name) !== null),
    );
    if (!found) continue;
    // An object under a scalar field's name is not that field (e.g. "request": {...}).
    const value = samples.map((s) => getPath(s, found)).find((v) => v !== undefined);
    const wantsObject = field === "headers" || field === "queryParams";
    if (wantsObject !== (typeof value === "object" && value !== null)) continue;
    mapping[field] = found;
    used.add(found);
  }
  // A path that carries the query makes a separate query field redundant, and a URL makes the path redundant.
  if (mapping.url && mapping.path) delete mapping.path;
  if (mapping.latencyMs && mapping.latencySeconds) delete mapping.latencySeconds;
  return mapping;
}
