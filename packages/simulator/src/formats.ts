// Writes simulated requests as log lines in the formats Lantern reads.
import type { SimRequest } from "./generate";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function timeLocal(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const target = (r: SimRequest) => (r.query ? `${r.path}?${r.query}` : r.path);
const q = (v: string | undefined) => (v === undefined ? "-" : v);

/** The log_format of Northwind's load-balanced nginx: everything security needs. */
export const SIM_NGINX_FORMAT =
  `log_format lantern '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ` +
  `"$http_x_forwarded_for" $host $request_time $msec "$http_authorization" "$http_x_api_key"';`;

export const SIM_FORMATS = {
  /** Rich nginx format (see SIM_NGINX_FORMAT): client behind a load balancer, identities, latency, milliseconds. */
  nginx: (r: SimRequest) =>
    `${r.peerIp} - - [${timeLocal(r.ts)}] "${r.method} ${target(r)} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}" "${q(r.forwardedFor)}" ${r.host} ` +
    `${(r.latencyMs / 1000).toFixed(3)} ${(r.ts / 1000).toFixed(3)} "${q(r.authorization)}" "${q(r.apiKey)}"`,
  /** Plain combined format, as most servers log by default: no identity, no host, no latency. */
  combined: (r: SimRequest) => `${r.clientIp} - - [${timeLocal(r.ts)}] "${r.method} ${target(r)} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.userAgent}"`,
  /** JSON lines with common field names. */
  jsonl: (r: SimRequest) =>
    JSON.stringify({
      timestamp: new Date(r.ts).toISOString(), method: r.method, host: r.host, path: target(r), status: r.status, bytes_sent: r.bytes, duration_ms: r.latencyMs,
      remote_addr: r.clientIp, user_agent: r.userAgent, ...(r.apiKey ? { api_key: r.apiKey } : {}), ...(r.authorization ? { authorization: r.authorization } : {}),
    }),
} as const;

export type SimFormat = keyof typeof SIM_FORMATS;

/** One truth record per line, to score detection later. */
export const truthLine = (line: number, r: SimRequest) => JSON.stringify({ line, scenario: r.scenario, attack: r.attack, actor: r.actor });
