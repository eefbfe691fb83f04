// How good a data source's logs are for API security: a score from 0 to 100
// and each gap with the fix for that kind of source. Computed from a sample
// of parsed records and their normalised events.
import type { FormatId } from "./formats/registry";
import type { RawRecord } from "./formats/record";
import type { ApiEvent } from "./normalize/event";
import { classifyIp } from "./normalize/ip";

export type ReadinessCheckId =
  | "client_ip"
  | "identity"
  | "timestamp_precision"
  | "host"
  | "response_size"
  | "latency"
  | "query_string";

export type ReadinessCheck = {
  id: ReadinessCheckId;
  title: string;
  ok: boolean;
  /** Share of sampled events that have what the check looks for, 0..1. */
  share: number;
  /** Set when the sample is too small to judge; the check then counts as passed. */
  inconclusive?: string;
  weight: number;
  /** What is missing and why it matters (only when not ok). */
  problem?: string;
  /** How to fix it for this source (only when not ok). */
  fix?: string;
};

export type ReadinessReport = { score: number; sampled: number; checks: ReadinessCheck[] };

type Family =
  | "clf"
  | "nginx"
  | "apache"
  | "aws-alb"
  | "aws-cloudfront"
  | "aws-api-gateway"
  | "kong"
  | "envoy"
  | "json"
  | "har";

const FAMILY: Record<FormatId, Family> = {
  // nginx's and Apache's shared defaults: the fix is given for both servers.
  combined: "clf",
  common: "clf",
  nginx: "nginx",
  apache: "apache",
  envoy: "envoy",
  "envoy-legacy": "envoy",
  "aws-alb": "aws-alb",
  "aws-cloudfront": "aws-cloudfront",
  "aws-api-gateway": "aws-api-gateway",
  kong: "kong",
  json: "json",
  har: "har",
};

const FIXES: Record<ReadinessCheckId, Partial<Record<Family, string>> & { default: string }> = {
  client_ip: {
    nginx:
      'Behind a load balancer or CDN, log the forwarded chain: add "$http_x_forwarded_for" to your log_format (or configure ngx_http_realip_module with set_real_ip_from for your proxies), and list your proxy ranges as trusted in Lantern.',
    apache:
      'Add "%{X-Forwarded-For}i" to your LogFormat, or enable mod_remoteip with RemoteIPHeader X-Forwarded-For and RemoteIPTrustedProxy for your proxies.',
    "aws-alb":
      "The ALB logs the address that connected to it; if CloudFront or another proxy sits in front, log X-Forwarded-For at the target (nginx/Apache) or use CloudFront's logs, whose c-ip is the viewer.",
    "aws-api-gateway": 'Log $context.identity.sourceIp as "ip" in the access-log format.',
    kong: "Set trusted_ips and real_ip_header = X-Forwarded-For in kong.conf so client_ip is the real client.",
    envoy:
      "Set use_remote_address: true and xff_num_trusted_hops on the HTTP connection manager, and log %DOWNSTREAM_REMOTE_ADDRESS% and %REQ(X-FORWARDED-FOR)%.",
    default:
      "Log the client address and the X-Forwarded-For header, and list your proxies' ranges as trusted in Lantern.",
  },
  identity: {
    nginx:
      'Log who calls: add "$http_authorization" (Lantern hashes it on arrival), "$http_x_api_key", $remote_user or, with JWT auth, $jwt_claim_sub to your log_format.',
    apache:
      'Add "%{Authorization}i" and %u (and your API-key header, e.g. "%{X-Api-Key}i") to your LogFormat; Lantern hashes secrets on arrival.',
    "aws-alb":
      "ALB logs carry no caller identity. Enable authentication on the listener and log at the target, or ingest API Gateway or application logs that include the caller.",
    "aws-cloudfront":
      "Standard logs carry no Authorization header; log the caller at the origin, or use CloudFront real-time logs with the cs-headers field including Authorization.",
    "aws-api-gateway":
      'Add "apiKeyId": "$context.identity.apiKeyId", "user": "$context.identity.user" and, with a JWT/Cognito authorizer, "sub": "$context.authorizer.claims.sub" to the access-log format.',
    kong: "Enable an authentication plugin (key-auth, jwt, oauth2) so the log carries consumer and authenticated_entity.",
    envoy:
      'Add "%REQ(AUTHORIZATION)%" and your API-key header to the access-log format, or log dynamic metadata from your JWT filter (%DYNAMIC_METADATA(envoy.filters.http.jwt_authn)%).',
    default:
      "Log the Authorization header or API key (Lantern hashes it on arrival), or the authenticated user or client id.",
  },
  timestamp_precision: {
    nginx: "Add $msec to your log_format for millisecond timestamps.",
    apache: "Use %{%Y-%m-%dT%H:%M:%S}t.%{msec_frac}t or add %{msec}t to your LogFormat.",
    "aws-cloudfront": "Standard logs have whole seconds; CloudFront real-time logs have milliseconds.",
    "aws-api-gateway": "Log $context.requestTimeEpoch (milliseconds) instead of $context.requestTime.",
    default: "Log timestamps with milliseconds (ISO 8601 with fraction, or epoch milliseconds).",
  },
  host: {
    nginx: "Add $host to your log_format so requests to different APIs on one server are told apart.",
    apache: 'Add %v (the virtual host) or "%{Host}i" to your LogFormat.',
    "aws-api-gateway": 'Add "domainName": "$context.domainName" to the access-log format.',
    envoy: 'Add "%REQ(:AUTHORITY)%" to the access-log format.',
    default: "Log the Host header (or the service name) with each request.",
  },
  response_size: {
    nginx: "Keep $body_bytes_sent in your log_format; it measures how much data each caller takes.",
    apache: "Add %B (or %O) to your LogFormat.",
    "aws-api-gateway": 'Add "responseLength": "$context.responseLength" to the access-log format.',
    default: "Log the response size in bytes; it shows scraping and excessive data exposure.",
  },
  latency: {
    nginx: "Add $request_time (and $upstream_response_time) to your log_format.",
    apache: "Add %D (microseconds) to your LogFormat.",
    "aws-api-gateway":
      'Add "responseLatency": "$context.responseLatency" and "integrationLatency": "$context.integrationLatency".',
    envoy: "Keep %DURATION% in the access-log format.",
    default: "Log how long each request took.",
  },
  query_string: {
    nginx:
      "Log $request or $request_uri rather than $uri: $uri drops the query string, where enumeration and excessive page sizes show.",
    apache: "Log %r or %U%q rather than %U alone.",
    "aws-api-gateway":
      'Add "path": "$context.path" and log query parameters from your integration, since API Gateway access logs omit the query string.',
    default: "Log the full request target including the query string.",
  },
};

const TITLES: Record<ReadinessCheckId, { title: string; problem: string; weight: number }> = {
  client_ip: {
    title: "Real client IP",
    weight: 25,
    problem:
      "Client addresses are only proxy or private addresses, so attackers cannot be told apart by network or country.",
  },
  identity: {
    title: "Caller identity",
    weight: 25,
    problem: "No user, token or API key identifies the caller, so behaviour cannot be baselined per user or key.",
  },
  timestamp_precision: {
    title: "Millisecond timestamps",
    weight: 10,
    problem: "Timestamps stop at the second, which blurs bursts and ordering within a second.",
  },
  host: {
    title: "Host",
    weight: 10,
    problem: "No host or service is logged, so endpoints of different APIs on one server are mixed.",
  },
  response_size: {
    title: "Response size",
    weight: 10,
    problem: "No response size is logged, so scraping and excessive data exposure are hard to see.",
  },
  latency: { title: "Latency", weight: 10, problem: "No request duration is logged." },
  query_string: {
    title: "Query strings",
    weight: 10,
    problem: "No request carries a query string: the logs probably strip it, hiding page sizes, filters and ids.",
  },
};

function fixFor(id: ReadinessCheckId, family: Family): string {
  const fixes = FIXES[id];
  if (family === "clf" && fixes.nginx && fixes.apache) return `nginx: ${fixes.nginx} Apache: ${fixes.apache}`;
  return fixes[family] ?? fixes.default;
}

export function readinessReport(format: FormatId, sample: { record: RawRecord; event: ApiEvent }[]): ReadinessReport {
  const n = sample.length;
  const share = (pred: (s: { record: RawRecord; event: ApiEvent }) => boolean) =>
    n === 0 ? 0 : sample.filter(pred).length / n;
  const publicClient = (e: ApiEvent) => {
    if (!e.clientIp) return false;
    const c = classifyIp(e.clientIp);
    return Boolean(c.ip && !c.private);
  };
  const shares: Record<ReadinessCheckId, number> = {
    client_ip: share((s) => publicClient(s.event)),
    identity: share((s) => s.event.identities.length > 0),
    timestamp_precision: share((s) => s.record.timeSecondsOnly === false),
    host: share((s) => Boolean(s.event.host || s.event.service)),
    response_size: share((s) => s.event.responseBytes !== null),
    latency: share((s) => s.event.latencyMs !== null),
    query_string: share((s) => s.event.query.length > 0),
  };
  const family = FAMILY[format];
  // Thresholds: some internal callers or unauthenticated health checks are normal.
  const passes: Record<ReadinessCheckId, boolean> = {
    client_ip: shares.client_ip >= 0.2,
    identity: shares.identity >= 0.05,
    timestamp_precision: shares.timestamp_precision >= 0.9,
    host: shares.host >= 0.9,
    response_size: shares.response_size >= 0.9,
    latency: shares.latency >= 0.9,
    // With fewer than 50 lines, absence of queries proves little.
    query_string: shares.query_string > 0 || n < 50,
  };
  const checks: ReadinessCheck[] = (Object.keys(TITLES) as ReadinessCheckId[]).map((id) => ({
    id,
    title: TITLES[id].title,
    ok: passes[id],
    share: Math.round(shares[id] * 1000) / 1000,
    weight: TITLES[id].weight,
    ...(id === "query_string" && shares.query_string === 0 && n < 50
      ? { inconclusive: "Too few lines to tell whether query strings are logged." }
      : {}),
    ...(passes[id] ? {} : { problem: TITLES[id].problem, fix: fixFor(id, family) }),
  }));
  const score = n === 0 ? 0 : Math.round(checks.reduce((sum, c) => sum + (c.ok ? c.weight : 0), 0));
  return { score, sampled: n, checks };
}
