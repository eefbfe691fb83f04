// Setters that put one logged value into a RawRecord. Shared by every
// format dialect (nginx, Apache, Envoy, JSON mappings), so "the request line"
// or "a header" is read the same way whatever wrote it.
import type { RawRecord } from "./record";
import { parseAnyTime, parseCommonLogTime, parseEpochSeconds, parseIsoTime } from "./time";

export type Setter = (record: RawRecord, value: string) => boolean;

/** "-" and "" mean "not logged" in every access-log dialect. */
export const absent = (value: string) => value === "-" || value === "";

/** A setter for a field that is simply copied (or derived) when logged; a value never makes the line invalid. */
const whenPresent =
  (apply: (record: RawRecord, value: string) => void): Setter =>
  (record, value) => {
    if (!absent(value)) apply(record, value);
    return true;
  };

const COMMON_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

const num = (value: string) => {
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

/** Splits a request target into path and query. */
export function setTarget(record: RawRecord, target: string): void {
  let rest = target;
  // Absolute-form targets (proxies, ALB): take scheme and host from them.
  const absolute = rest.charCodeAt(0) === 47 /* "/" */ ? null : /^(https?|wss?):\/\/([^/?#]+)(.*)$/i.exec(rest);
  if (absolute) {
    record.scheme ??= absolute[1]!.toLowerCase().replace(/^ws/, "http");
    record.host ??= absolute[2]!;
    rest = absolute[3] || "/";
  }
  const q = rest.indexOf("?");
  record.path = q === -1 ? rest : rest.slice(0, q);
  if (q !== -1 && q < rest.length - 1) record.query = rest.slice(q + 1);
}

export const set = {
  ignore: (() => true) as Setter,
  time: ((r, v) => {
    const t = parseCommonLogTime(v);
    if (t === undefined) return false;
    r.time = t;
    // "…:03 +0000" has 26 characters; a fraction of a second makes it longer.
    r.timeSecondsOnly = v.length <= 26 || !/:\d{2}\.\d/.test(v);
    return true;
  }) as Setter,
  isoTime: ((r, v) => {
    const t = parseIsoTime(v);
    if (t === undefined) return false;
    r.time = t;
    r.timeSecondsOnly = !/[.,]\d/.test(v);
    return true;
  }) as Setter,
  epochSeconds: ((r, v) => {
    const t = parseEpochSeconds(v);
    if (t === undefined) return false;
    r.time = t;
    r.timeSecondsOnly = !v.includes(".");
    return true;
  }) as Setter,
  anyTime: ((r, v) => {
    const t = parseAnyTime(v);
    if (!t) return false;
    r.time = t.time;
    r.timeSecondsOnly = t.secondsOnly;
    return true;
  }) as Setter,
  /** "GET /path?q=1 HTTP/1.1" */
  requestLine: ((r, v) => {
    if (absent(v)) return true;
    const first = v.indexOf(" ");
    const last = v.lastIndexOf(" ");
    if (first <= 0) return false;
    const method = v.slice(0, first);
    r.method = method;
    if (last > first && v.startsWith("HTTP/", last + 1)) {
      r.protocol = v.slice(last + 1);
      setTarget(r, v.slice(first + 1, last));
    } else {
      setTarget(r, v.slice(first + 1));
    }
    return COMMON_METHODS.has(method) || /^[A-Z][A-Z_-]{1,15}$/.test(method);
  }) as Setter,
  method: whenPresent((r, v) => {
    r.method = v;
  }),
  target: whenPresent((r, v) => setTarget(r, v)),
  path: whenPresent((r, v) => {
    r.path = v;
  }),
  query: whenPresent((r, v) => {
    r.query = v.replace(/^\?/, "");
  }),
  protocol: whenPresent((r, v) => {
    r.protocol = v;
  }),
  status: ((r, v) => {
    const n = num(v);
    if (n === undefined || n < 100 || n > 999) return absent(v);
    r.status = n;
    return true;
  }) as Setter,
  responseBytes: ((r, v) => absent(v) || (r.responseBytes = num(v)) !== undefined) as Setter,
  /** Apache %b writes "-" for a zero-byte body. */
  responseBytesOrDash: ((r, v) => {
    r.responseBytes = v === "-" ? 0 : num(v);
    return r.responseBytes !== undefined;
  }) as Setter,
  requestBytes: ((r, v) => absent(v) || (r.requestBytes = num(v)) !== undefined) as Setter,
  latencySeconds: ((r, v) => absent(v) || (r.latencyMs = secondsToMs(v)) !== undefined) as Setter,
  latencyMillis: ((r, v) => absent(v) || (r.latencyMs = num(v)) !== undefined) as Setter,
  latencyMicros: ((r, v) => {
    if (absent(v)) return true;
    r.latencyMs = (num(v) ?? NaN) / 1000;
    return Number.isFinite(r.latencyMs);
  }) as Setter,
  /** nginx $upstream_response_time may list several upstreams: "0.010, 0.004". */
  upstreamLatencySeconds: ((r, v) => {
    if (absent(v)) return true;
    const total = v.split(/[,:]\s*/).reduce((sum, part) => sum + (secondsToMs(part.trim()) ?? 0), 0);
    r.upstreamLatencyMs = total;
    return true;
  }) as Setter,
  upstreamLatencyMillis: ((r, v) => absent(v) || (r.upstreamLatencyMs = num(v)) !== undefined) as Setter,
  peer: whenPresent((r, v) => {
    r.peerIp = stripPort(v);
  }),
  host: whenPresent((r, v) => {
    r.host = v;
  }),
  scheme: whenPresent((r, v) => {
    r.scheme = v.toLowerCase();
  }),
  remoteUser: whenPresent((r, v) => {
    r.remoteUser = v;
  }),
  userAgent: whenPresent((r, v) => {
    r.userAgent = v;
  }),
  referer: whenPresent((r, v) => {
    r.referer = v;
  }),
  forwardedFor: whenPresent((r, v) => {
    r.forwardedFor = v;
  }),
  requestId: whenPresent((r, v) => {
    r.requestId = v;
  }),
  upstream: whenPresent((r, v) => {
    r.upstream = v;
  }),
  service: whenPresent((r, v) => {
    r.service = v;
  }),
  consumer: whenPresent((r, v) => {
    r.consumer = v;
  }),
  header: (name: string): Setter => {
    const key = name.toLowerCase();
    if (key === "user-agent") return set.userAgent;
    if (key === "referer" || key === "referrer") return set.referer;
    if (key === "x-forwarded-for") return set.forwardedFor;
    if (key === "host") return set.host;
    if (key === "x-request-id") return set.requestId;
    return (r, v) => {
      if (absent(v)) return true;
      if (key === "forwarded") r.forwarded = v;
      (r.headers ??= {})[key] = v;
      return true;
    };
  },
  cookie: (name: string): Setter =>
    whenPresent((r, v) => {
      (r.cookies ??= {})[name] = v;
    }),
  claim: (name: string): Setter =>
    whenPresent((r, v) => {
      (r.claims ??= {})[name] = v;
    }),
  /** One query argument logged on its own (nginx $arg_name). */
  queryArg:
    (name: string): Setter =>
    (r, v) => {
      if (absent(v)) return true;
      const pair = `${encodeURIComponent(name)}=${v}`;
      r.query = r.query ? `${r.query}&${pair}` : pair;
      return true;
    },
};

function secondsToMs(value: string): number | undefined {
  const n = num(value);
  return n === undefined || n < 0 ? undefined : Math.round(n * 1_000_000) / 1000;
}

/** "10.0.0.1:443" → "10.0.0.1", "[2001:db8::1]:443" → "2001:db8::1"; bare IPv6 untouched. */
export function stripPort(value: string): string {
  if (value.charCodeAt(0) === 91 /* "[" */) return value.slice(1, value.indexOf("]"));
  const first = value.indexOf(":");
  // Exactly one colon: host:port. None: bare address. More: bare IPv6.
  return first !== -1 && first === value.lastIndexOf(":") ? value.slice(0, first) : value;
}
