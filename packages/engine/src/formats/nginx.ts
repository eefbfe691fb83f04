// nginx `log_format` support: the predefined combined format, and any custom
// format pasted as its directive (or just its quoted strings).
import { set, type Setter } from "./fields";
import { compileTemplate, type CompiledTemplate, type Segment } from "./template";

export const NGINX_COMBINED = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`;

const VARIABLES: Record<string, Setter> = {
  remote_addr: set.peer,
  realip_remote_addr: set.peer,
  binary_remote_addr: set.ignore,
  remote_user: set.remoteUser,
  time_local: set.time,
  time_iso8601: set.isoTime,
  msec: set.epochSeconds,
  request: set.requestLine,
  request_method: set.method,
  request_uri: set.target,
  uri: set.path,
  document_uri: set.path,
  args: set.query,
  query_string: set.query,
  status: set.status,
  body_bytes_sent: set.responseBytes,
  bytes_sent: set.responseBytes,
  request_length: set.requestBytes,
  request_time: set.latencySeconds,
  upstream_response_time: set.upstreamLatencySeconds,
  upstream_addr: set.upstream,
  proxy_host: set.service,
  host: set.host,
  server_name: set.host,
  scheme: set.scheme,
  server_protocol: set.protocol,
  request_id: set.requestId,
};

function variableSetter(name: string): Setter {
  const known = VARIABLES[name];
  if (known) return known;
  if (name.startsWith("http_")) return set.header(name.slice(5).replace(/_/g, "-"));
  if (name.startsWith("cookie_")) return set.cookie(name.slice(7));
  if (name.startsWith("jwt_claim_")) return set.claim(name.slice(10));
  if (name.startsWith("arg_")) return set.queryArg(name.slice(4));
  // Anything else (e.g. $ssl_protocol, $connection) is matched and kept out of the event.
  return set.ignore;
}

/**
 * Reads a `log_format` directive as people paste it from nginx.conf:
 *   log_format api '$remote_addr [$time_iso8601] "$request" '
 *                  '$status $request_time "$http_authorization"';
 * or only the format text. Returns the format text with quoting removed.
 */
export function extractNginxFormat(input: string): string {
  const text = input.trim().replace(/;\s*$/, "");
  const directive = /^log_format\s+\S+(?:\s+escape=\S+)?\s+([\s\S]*)$/.exec(text);
  const body = directive ? directive[1]! : text;
  const quoted = [...body.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)];
  if (
    quoted.length &&
    quoted
      .map((m) => m[0])
      .join("")
      .replace(/\s+/g, "") === body.replace(/\s+/g, "")
  ) {
    return quoted.map((m) => (m[1] ?? m[2]!).replace(/\\(.)/g, "$1")).join("");
  }
  return body;
}

export function compileNginxFormat(input: string): CompiledTemplate {
  const format = extractNginxFormat(input);
  if (!format.includes("$")) throw new Error("This nginx log_format has no $variables.");
  const segments: Segment[] = [];
  // ${name} or $name; names are letters, digits and underscores.
  const re = /\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?/g;
  let last = 0;
  for (const m of format.matchAll(re)) {
    segments.push({ literal: format.slice(last, m.index) });
    segments.push({ field: `$${m[1]}`, setter: variableSetter(m[1]!) });
    last = m.index! + m[0].length;
  }
  segments.push({ literal: format.slice(last) });
  return compileTemplate(segments);
}
