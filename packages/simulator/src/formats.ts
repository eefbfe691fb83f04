// Writes simulated requests as log lines in every format Lantern reads, each
// shaped like the vendor's own documentation and the samples in
// ../shared/data. Line formats are functions of one request; CloudFront also
// needs its header lines (SIM_HEADERS) and HAR is one document (simHar).
import type { SimRequest } from "./generate";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function timeLocal(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const iso = (ts: number) => new Date(ts).toISOString();
const target = (r: SimRequest) => (r.query ? `${r.path}?${r.query}` : r.path);
const q = (v: string | undefined) => (v === undefined ? "-" : v);
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** A stable request id per request (FNV-1a of its time, path and client), shaped like a UUID. */
function requestId(r: SimRequest): string {
  let h = 0x811c9dc5;
  let g = 0x01000193;
  for (const ch of `${r.ts}|${r.method}|${target(r)}|${r.clientIp}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    g = Math.imul(g ^ ch.charCodeAt(0), 0x811c9dc5) >>> 0;
  }
  const hex = `${h.toString(16).padStart(8, "0")}${g.toString(16).padStart(8, "0")}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(1, 4)}-${hex.slice(4, 16)}`;
}

/** Which Northwind service a host is, for gateways that log a service name. */
const serviceOf = (host: string) => host.split(".")[0]!;
/** Partners are known to gateways as consumers; users and internal jobs are not. */
const consumerOf = (r: SimRequest) => (r.apiKey ? r.actor : undefined);
/** The port a client connected from: stable per request, in the ephemeral range. */
const clientPort = (r: SimRequest) => 32768 + (r.ts % 28000);

/** The log_format of Northwind's load-balanced nginx: everything security needs. */
export const SIM_NGINX_FORMAT =
  `log_format lantern '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ` +
  `"$http_x_forwarded_for" $host $request_time $msec "$http_authorization" "$http_x_api_key"';`;

const CLOUDFRONT_FIELDS =
  "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) " +
  "x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher " +
  "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type " +
  "sc-content-type sc-content-len sc-range-start sc-range-end";

/** CloudFront writes spaces in its fields percent-encoded. */
const cfText = (v: string | undefined) => (v ? v.replace(/ /g, "%20") : "-");

export const SIM_FORMATS = {
  /** Rich nginx format (see SIM_NGINX_FORMAT): client behind a load balancer, identities, latency, milliseconds. */
  nginx: (r: SimRequest) =>
    `${r.peerIp} - - [${timeLocal(r.ts)}] "${r.method} ${target(r)} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}" "${q(r.forwardedFor)}" ${r.host} ` +
    `${seconds(r.latencyMs)} ${(r.ts / 1000).toFixed(3)} "${q(r.authorization)}" "${q(r.apiKey)}"`,
  /** Plain combined format, as most servers log by default: no identity, no host, no latency. */
  combined: (r: SimRequest) =>
    `${r.clientIp} - - [${timeLocal(r.ts)}] "${r.method} ${target(r)} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}"`,
  /** Common log format: combined without referer and user agent. */
  common: (r: SimRequest) =>
    `${r.clientIp} - - [${timeLocal(r.ts)}] "${r.method} ${target(r)} HTTP/1.1" ${r.status} ${r.bytes}`,
  /** Envoy's default access-log format (1.12 and later), behind the load balancer. */
  envoy: (r: SimRequest) =>
    `[${iso(r.ts)}] "${r.method} ${target(r)} HTTP/1.1" ${r.status} - via_upstream - "-" 0 ${r.bytes} ${Math.round(r.latencyMs)} ` +
    `${Math.max(0, Math.round(r.latencyMs) - 1)} "${q(r.forwardedFor)}" "${r.userAgent}" "${requestId(r)}" "${r.host}" "10.2.0.${(r.ts % 7) + 10}:8080" ` +
    `${serviceOf(r.host)} 10.1.0.5:${40000 + (r.ts % 20000)} 10.1.0.5:10000 ${r.peerIp}:${clientPort(r)} - default`,
  /** AWS Application Load Balancer: the client connects to the ALB directly. */
  "aws-alb": (r: SimRequest) =>
    `https ${iso(r.ts)} app/northwind-pay/50dc6c495c0c9188 ${r.clientIp}:${clientPort(r)} 10.2.0.${(r.ts % 7) + 10}:8080 0.000 ` +
    `${seconds(r.latencyMs)} 0.000 ${r.status} ${r.status} 312 ${r.bytes} "${r.method} https://${r.host}:443${target(r)} HTTP/1.1" "${r.userAgent}" ` +
    `ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${serviceOf(r.host)}/73e2d6bc24d8a067 ` +
    `"Root=1-${Math.floor(r.ts / 1000).toString(16)}-${requestId(r).replace(/-/g, "").slice(0, 24)}" "${r.host}" "-" 0 ${iso(r.ts)} "forward" "-" "-" ` +
    `"10.2.0.${(r.ts % 7) + 10}:8080" "${r.status}" "-" "-"`,
  /** Amazon CloudFront standard log (tab-separated; needs SIM_HEADERS first). */
  "aws-cloudfront": (r: SimRequest) =>
    [
      iso(r.ts).slice(0, 10),
      iso(r.ts).slice(11, 19),
      "FRA56-P1",
      r.bytes,
      r.clientIp,
      r.method,
      "d111111abcdef8.cloudfront.net",
      r.path,
      r.status,
      "-",
      cfText(r.userAgent),
      r.query ?? "-",
      "-",
      "Miss",
      `${requestId(r).replace(/-/g, "")}==`,
      r.host,
      "https",
      312,
      seconds(r.latencyMs),
      "-",
      "TLSv1.3",
      "TLS_AES_128_GCM_SHA256",
      "Miss",
      "HTTP/2.0",
      "-",
      "-",
      clientPort(r),
      seconds(r.latencyMs),
      "Miss",
      "application/json",
      r.bytes,
      "-",
      "-",
    ].join("\t"),
  /** AWS API Gateway JSON access log with the $context variables AWS documents. */
  "aws-api-gateway": (r: SimRequest) =>
    JSON.stringify({
      requestId: requestId(r),
      ip: r.clientIp,
      requestTimeEpoch: r.ts,
      httpMethod: r.method,
      path: target(r),
      status: String(r.status),
      protocol: "HTTP/1.1",
      responseLength: String(r.bytes),
      responseLatency: String(Math.round(r.latencyMs)),
      domainName: r.host,
      userAgent: r.userAgent,
      apiKeyId: consumerOf(r) ?? "-",
    }),
  /** Kong's HTTP Log plugin payload, one JSON object per request. */
  kong: (r: SimRequest) =>
    JSON.stringify({
      started_at: r.ts,
      client_ip: r.clientIp,
      request: {
        method: r.method,
        url: `https://${r.host}${target(r)}`,
        size: 312,
        querystring: Object.fromEntries(new URLSearchParams(r.query ?? "")),
        headers: {
          host: r.host,
          "user-agent": r.userAgent,
          ...(r.authorization ? { authorization: r.authorization } : {}),
          ...(r.apiKey ? { apikey: r.apiKey } : {}),
        },
      },
      response: { status: r.status, size: r.bytes },
      latencies: { request: Math.round(r.latencyMs), proxy: Math.max(0, Math.round(r.latencyMs) - 2), kong: 2 },
      service: { name: serviceOf(r.host) },
      ...(consumerOf(r) ? { consumer: { username: consumerOf(r) } } : {}),
    }),
  /** JSON lines with common field names. */
  jsonl: (r: SimRequest) =>
    JSON.stringify({
      timestamp: iso(r.ts),
      method: r.method,
      host: r.host,
      path: target(r),
      status: r.status,
      bytes_sent: r.bytes,
      duration_ms: r.latencyMs,
      remote_addr: r.clientIp,
      user_agent: r.userAgent,
      ...(r.apiKey ? { api_key: r.apiKey } : {}),
      ...(r.authorization ? { authorization: r.authorization } : {}),
    }),
} as const;

export type SimFormat = keyof typeof SIM_FORMATS | "har";
export type SimLineFormat = keyof typeof SIM_FORMATS;
export const SIM_FORMAT_NAMES = [...(Object.keys(SIM_FORMATS) as SimLineFormat[]), "har"] as const;

/** Lines a format's file starts with. */
export const SIM_HEADERS: Partial<Record<SimLineFormat, string[]>> = {
  "aws-cloudfront": ["#Version: 1.0", `#Fields: ${CLOUDFRONT_FIELDS}`],
};

/** A HAR 1.2 document of the requests, with request headers (HAR is a capture: keep it to thousands of entries). */
export function simHar(requests: SimRequest[]): string {
  const entries = requests.map((r) => ({
    startedDateTime: iso(r.ts),
    time: r.latencyMs,
    request: {
      method: r.method,
      url: `https://${r.host}${target(r)}`,
      httpVersion: "HTTP/1.1",
      cookies: [],
      bodySize: r.requestBody?.length ?? 0,
      ...(r.requestBody ? { postData: { mimeType: "application/json", text: r.requestBody } } : {}),
      queryString: [...new URLSearchParams(r.query ?? "")].map(([name, value]) => ({ name, value })),
      headers: [
        { name: "Host", value: r.host },
        { name: "User-Agent", value: r.userAgent },
        ...(r.authorization ? [{ name: "Authorization", value: r.authorization }] : []),
        ...(r.apiKey ? [{ name: "X-Api-Key", value: r.apiKey }] : []),
      ],
    },
    response: {
      status: r.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: [],
      cookies: [],
      content: { size: r.bytes, mimeType: "application/json", ...(r.responseBody ? { text: r.responseBody } : {}) },
      redirectURL: "",
      headersSize: -1,
      bodySize: r.bytes,
    },
    cache: {},
    timings: { send: 0, wait: r.latencyMs, receive: 0 },
  }));
  return JSON.stringify({ log: { version: "1.2", creator: { name: "lantern-simulator", version: "1" }, entries } });
}

/** One truth record per line, to score detection later. */
export const truthLine = (line: number, r: SimRequest) =>
  JSON.stringify({
    line,
    scenario: r.scenario,
    attack: r.attack,
    actor: r.actor,
    endpoint: `${r.method} ${r.host}${r.endpoint}`,
  });
