// What the inventory knows about one endpoint, kept as sums, histograms and
// sketches so that stats from each upload add to what is stored (discovery is
// incremental: history is never re-read). Plain JSON-able data.
import type { ApiEvent } from "../normalize/event";
import { isInternal, type Cidr } from "../normalize/ip";
import {
  classifyValue,
  maskSensitive,
  type SensitiveCode,
  type SensitivePlace,
  type SensitiveType,
} from "../normalize/sensitive";
import type { JwtWeakness } from "../normalize/identity";
import type { AttackKind } from "../payloads/classify";
import { addDistinct, estimateDistinct, mergeSketches, sketchFromBase64, sketchToBase64 } from "./distinct";
import { addToHistogram, emptyHistogram, mergeHistograms, quantile, type Histogram } from "./histogram";
import { shortHash } from "./fnv";

export type ValueType = "integer" | "number" | "boolean" | "uuid" | "email" | "date" | "secret" | "string";
export type ParamStats = { calls: number; types: Partial<Record<ValueType, number>>; examples: string[] };

export type EndpointStats = {
  calls: number;
  /** Calls the server answered as a real endpoint would: anything but 404 and refusals (401, 403); see isAnswered. */
  found: number;
  /** Calls refused (401, 403). Absent in stats stored before it was counted. */
  refused?: number;
  /** Of `found`, the calls of a scanner guessing (guesses.ts): a catch-all answers those, so they show nothing exists. */
  foundByGuessers?: number;
  /** Calls carrying any credential or identity (API key, token, session, basic user…). */
  withCredentials: number;
  /** 2xx answers to calls that carried no credential at all. */
  unauthenticatedSuccesses: number;
  status: { "2xx": number; "3xx": number; "4xx": number; "5xx": number; other: number };
  /** Epoch ms; 0 until the first call. */
  firstSeen: number;
  lastSeen: number;
  latencyMs: Histogram;
  responseBytes: Histogram;
  requestBytes: number;
  northSouth: number;
  eastWest: number;
  /** Distinct actors (HyperLogLog, base64). */
  actors: string;
  /**
   * Short hashes of the actors while there are few (at most 64), so small
   * counts are exact; null once there are more and the sketch takes over.
   */
  actorsExact?: string[] | null;
  query: Record<string, ParamStats>;
  /** Calls carrying each kind of sensitive data, by "type:where" code (absent in stats stored before it existed). */
  sensitive?: Partial<Record<SensitiveCode, number>>;
  /** The busiest callers by key (absent in stats stored before it existed). */
  topActors?: Record<string, { label: string; calls: number }>;
  /** Calls whose path or query carried an attack payload, by kind (absent until one does). */
  attacks?: Partial<Record<AttackKind, number>>;
  /** Calls carrying any payload, and how they were answered: 2xx and 5xx. */
  attackCalls?: { calls: number; "2xx": number; "5xx": number };
  /** Answers that say something about access control and limits (absent in stats stored before them). */
  codes?: { "401": number; "403": number; "429": number };
  /** Rate, per caller and minute (rate-checks.ts): the busiest minutes seen, and how many heavy ones there were. */
  bursts?: Bursts;
  /** Calls by scheme where the log names it; cleartext ones that carried a credential apart. */
  schemes?: { http: number; https: number; httpWithCredentials: number };
  /** Calls whose TLS the log names; those on a deprecated protocol (SSL, TLS 1.0/1.1) or a weak cipher, with an example. */
  tls?: { calls: number; deprecated: number; weakCipher: number; example: string | null };
  /** Calls authenticated with HTTP Basic (an Authorization: Basic header), and those of them over cleartext HTTP. */
  basicAuth?: { calls: number; cleartext: number };
  /** Calls carrying a weak JWT (normalize/identity.ts), by weakness: all of them, and those answered 2xx. */
  weakJwt?: Partial<Record<JwtWeakness, { calls: number; accepted: number }>>;
  /** Bytes of error answers by class, where the log has sizes: a 5xx far larger than the rest is a stack trace. */
  errorBytes?: Record<"4xx" | "5xx", { calls: number; bytes: number }>;
  /** GraphQL introspection (`__schema`, `__type`) asked in the query string, and how often it was answered 2xx. */
  introspection?: { calls: number; answered: number };
};

/** A caller's busiest minute on an endpoint. */
export type Burst = { calls: number; actor: string; at: number };
export type Bursts = {
  /** The most calls one caller made in one minute, and the most refused (401/403) ones. */
  calls: Burst | null;
  denied: Burst | null;
  /** Caller-minutes with at least HEAVY_MINUTE calls, and with at least DENIED_MINUTE refusals: running counts. */
  heavyMinutes: number;
  deniedMinutes: number;
};

/** One caller's calls in one minute that count as heavy (one a second), and refusals that look like guessing. */
export const HEAVY_MINUTE = 60;
export const DENIED_MINUTE = 10;

/** The fields of an event discovery reads (events come back from storage in this shape). */
export type DiscoveryEvent = Pick<
  ApiEvent,
  "ts" | "status" | "latencyMs" | "responseBytes" | "requestBytes" | "clientIp" | "identities" | "query" | "sensitive"
> & {
  /** Attack payloads in its path or query (payloads/classify.ts attacksInRequest). */
  attacks?: readonly AttackKind[];
  /** "http" or "https" where the log says (ALB, CloudFront, Envoy, absolute targets); absent otherwise. */
  scheme?: string | null;
  /** Made by a scanner guessing (guesses.ts): answered or not, it shows no endpoint exists. */
  guess?: boolean;
  /** "TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256" where the log says (ApiEvent.tls). */
  tls?: string | null;
};

const MAX_PARAMS = 50;
const MAX_EXACT_ACTORS = 64;

function addExact(list: string[] | null | undefined, hash: string): string[] | null {
  if (list === null) return null;
  const out = list ?? [];
  if (!out.includes(hash)) out.push(hash);
  return out.length > MAX_EXACT_ACTORS ? null : out;
}
const MAX_PARAM_EXAMPLES = 3;

/**
 * Whether a call shows an endpoint exists and serves: not a 404, and not a
 * refusal. A scanner's guesses are answered 404 by some servers and 403 by
 * others (a WAF, a deny-all location): neither is evidence of an API.
 */
export function isAnswered(status: number | null): boolean {
  return status !== 404 && status !== 401 && status !== 403;
}

/** Callers an endpoint only ever refused must come from before it joins the inventory (a login under attack does). */
const MIN_REFUSED_CALLERS = 3;

/**
 * An endpoint belongs in the inventory when it answered at least once a call
 * that was not a scanner's guess, or was refused to several different
 * callers. Paths only ever missed, refused to one or two callers, or answered
 * only to a scanner guessing (a word list against a catch-all), stay out;
 * their requests are still stored and can be hunted.
 */
export function belongsInInventory(s: EndpointStats): boolean {
  if (s.found > (s.foundByGuessers ?? 0)) return true;
  if (!s.refused) return false;
  const callers = s.actorsExact ? s.actorsExact.length : estimateDistinct(sketchFromBase64(s.actors));
  return callers >= MIN_REFUSED_CALLERS;
}

export function newStats(): EndpointStats {
  return {
    calls: 0,
    found: 0,
    refused: 0,
    withCredentials: 0,
    unauthenticatedSuccesses: 0,
    status: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, other: 0 },
    firstSeen: 0,
    lastSeen: 0,
    latencyMs: emptyHistogram(),
    responseBytes: emptyHistogram(),
    requestBytes: 0,
    northSouth: 0,
    eastWest: 0,
    actors: "",
    actorsExact: [],
    query: {},
    sensitive: {},
  };
}

const KIND_LABEL: Record<string, string> = {
  consumer: "consumer",
  jwt_sub: "user",
  api_key: "API key",
  basic_user: "user",
  remote_user: "user",
  jwt_client_id: "client",
  session: "session",
  bearer: "token",
};

type Identity = DiscoveryEvent["identities"][number];
/** A caller: its key (secrets by their keyed hash) and what it came from, so the label is only built when shown. */
type Actor = { key: string; identity: Identity | null; ip: string | null };

export function actorOf(e: Pick<DiscoveryEvent, "identities" | "clientIp">): Actor | null {
  let best: Identity | null = null;
  let bestRank = 99;
  for (const id of e.identities) {
    const rank = ACTOR_RANK[id.kind] ?? 50;
    if (rank < bestRank) {
      bestRank = rank;
      best = id;
    }
  }
  if (best)
    return {
      key: "secret" in best ? `${best.kind}:${best.secret.hash}` : `${best.kind}:${best.value}`,
      identity: best,
      ip: null,
    };
  return e.clientIp ? { key: `ip:${e.clientIp}`, identity: null, ip: e.clientIp } : null;
}

/** How a caller is shown: secrets by their short prefix and hash, never in full. */
export function actorLabel(a: Actor): string {
  const id = a.identity;
  if (!id) return a.ip ?? "";
  const kind = KIND_LABEL[id.kind] ?? id.kind;
  return "secret" in id ? `${kind} ${id.secret.display} #${id.secret.hash.slice(0, 4)}` : `${kind} ${id.value}`;
}

/** Callers tracked per endpoint for "top actors" (Space-Saving: counts are upper bounds once it is full). */
const TOP_ACTORS = 20;

type TopActors = Map<string, { label: string; calls: number }>;

function countActor(top: TopActors, actor: Actor): void {
  const entry = top.get(actor.key);
  if (entry) {
    entry.calls++;
    return;
  }
  if (top.size < TOP_ACTORS) {
    top.set(actor.key, { label: actorLabel(actor), calls: 1 });
    return;
  }
  // Full: the newcomer takes the place of the smallest, inheriting its count.
  let minKey = "";
  let min = Infinity;
  for (const [k, v] of top) {
    if (v.calls < min) {
      min = v.calls;
      minKey = k;
    }
  }
  top.delete(minKey);
  top.set(actor.key, { label: actorLabel(actor), calls: min + 1 });
}

const ACTOR_RANK: Record<string, number> = {
  consumer: 0,
  jwt_sub: 1,
  api_key: 2,
  basic_user: 3,
  remote_user: 4,
  jwt_client_id: 5,
  session: 6,
  bearer: 7,
};

export function valueType(value: string, secret: boolean): ValueType {
  if (secret) return "secret";
  if (/^-?\d{1,18}$/.test(value)) return "integer";
  if (/^-?\d*\.\d+$/.test(value)) return "number";
  if (/^(true|false)$/i.test(value)) return "boolean";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return "uuid";
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) return "email";
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return "date";
  return "string";
}

/** An example value as shown to people: sensitive values masked, long ones cut. */
function example(value: string, name: string): string {
  const sensitive = classifyValue(value, name);
  if (sensitive) return maskSensitive(sensitive, value);
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/**
 * A working copy with its sketch decoded; call finish() to get storable stats.
 * Adding events to a decoded sketch avoids re-encoding it per event.
 */
export class StatsBuilder {
  readonly stats: EndpointStats;
  private readonly sketch;
  // The Space-Saving counters as a Map while adding (deleting object keys per call is slow).
  private readonly top: TopActors;
  // Calls per caller in the minute being read (bursts).
  private minute = -Infinity;
  private readonly perMinute = new Map<string, { calls: number; denied: number; actor: Actor }>();

  /** `internal`: the workspace's own ranges, east-west like private addresses. */
  constructor(
    stats: EndpointStats = newStats(),
    private readonly internal: Cidr[] = [],
  ) {
    this.stats = stats;
    this.sketch = sketchFromBase64(stats.actors);
    this.top = new Map(Object.entries(stats.topActors ?? {}));
  }

  add(e: DiscoveryEvent): void {
    const s = this.stats;
    s.calls++;
    if (isAnswered(e.status)) {
      s.found++;
      if (e.guess) s.foundByGuessers = (s.foundByGuessers ?? 0) + 1;
    } else if (e.status === 401 || e.status === 403) s.refused = (s.refused ?? 0) + 1;
    const cls =
      e.status === null
        ? "other"
        : e.status >= 200 && e.status < 300
          ? "2xx"
          : e.status >= 300 && e.status < 400
            ? "3xx"
            : e.status >= 400 && e.status < 500
              ? "4xx"
              : e.status >= 500 && e.status < 600
                ? "5xx"
                : "other";
    s.status[cls]++;
    const credentialed = e.identities.length > 0;
    if (credentialed) {
      s.withCredentials++;
      for (const id of e.identities) {
        if ("weakJwt" in id && id.weakJwt) addWeakJwt(s, id.weakJwt, cls === "2xx");
        if (id.kind === "basic_user") {
          const basic = (s.basicAuth ??= { calls: 0, cleartext: 0 });
          basic.calls++;
          if (e.scheme === "http") basic.cleartext++;
        }
      }
    } else if (cls === "2xx") s.unauthenticatedSuccesses++;
    if (s.firstSeen === 0 || e.ts < s.firstSeen) s.firstSeen = e.ts;
    if (e.ts > s.lastSeen) s.lastSeen = e.ts;
    if (e.latencyMs !== null) addToHistogram(s.latencyMs, e.latencyMs);
    if (e.responseBytes !== null) {
      addToHistogram(s.responseBytes, e.responseBytes);
      if (cls === "4xx" || cls === "5xx") addErrorBytes(s, cls, e.responseBytes);
    }
    if (e.requestBytes !== null) s.requestBytes += e.requestBytes;
    if (e.clientIp && isInternal(e.clientIp, this.internal)) s.eastWest++;
    else s.northSouth++;
    const actor = actorOf(e);
    if (actor) {
      addDistinct(this.sketch, actor.key);
      if (s.actorsExact !== null) s.actorsExact = addExact(s.actorsExact, shortHash(actor.key));
      countActor(this.top, actor);
      this.countMinute(actor, e.ts, e.status === 401 || e.status === 403);
    }
    if (e.sensitive.length) {
      const counts = (s.sensitive ??= {});
      for (const code of e.sensitive) counts[code] = (counts[code] ?? 0) + 1;
    }
    if (e.attacks?.length) addAttack(s, e.attacks, cls);
    if (e.tls) addTls(s, e.tls);
    if (e.scheme === "http" || e.scheme === "https") {
      const schemes = (s.schemes ??= { http: 0, https: 0, httpWithCredentials: 0 });
      schemes[e.scheme]++;
      if (e.scheme === "http" && credentialed) schemes.httpWithCredentials++;
    }
    if (e.status === 401 || e.status === 403 || e.status === 429) {
      const codes = (s.codes ??= { "401": 0, "403": 0, "429": 0 });
      codes[String(e.status) as "401" | "403" | "429"]++;
    }
    for (const p of e.query) {
      if (INTROSPECTION.test(p.value)) addIntrospection(s, cls === "2xx");
      let param = s.query[p.name];
      if (!param) {
        if (Object.keys(s.query).length >= MAX_PARAMS) continue;
        param = s.query[p.name] = { calls: 0, types: {}, examples: [] };
      }
      param.calls++;
      const type = valueType(p.value, Boolean(p.secret));
      param.types[type] = (param.types[type] ?? 0) + 1;
      const shown = type === "secret" ? p.value : example(p.value, p.name);
      if (param.examples.length < MAX_PARAM_EXAMPLES && p.value && !param.examples.includes(shown))
        param.examples.push(shown);
    }
  }

  /**
   * Calls per caller in the current minute (logs come in time order; a call
   * from an earlier minute, out of order, is not counted). When the minute
   * moves on, its busiest callers are folded into the stats' bursts.
   */
  private countMinute(actor: Actor, ts: number, denied: boolean): void {
    const minute = Math.floor(ts / 60_000);
    if (minute < this.minute) return;
    if (minute > this.minute) {
      this.foldMinute();
      this.minute = minute;
    }
    const entry = this.perMinute.get(actor.key) ?? { calls: 0, denied: 0, actor };
    entry.calls++;
    if (denied) entry.denied++;
    this.perMinute.set(actor.key, entry);
  }

  private foldMinute(): void {
    if (this.perMinute.size === 0) return;
    const b = (this.stats.bursts ??= { calls: null, denied: null, heavyMinutes: 0, deniedMinutes: 0 });
    const at = this.minute * 60_000;
    for (const { calls, denied, actor } of this.perMinute.values()) {
      if (calls >= HEAVY_MINUTE) b.heavyMinutes++;
      if (denied >= DENIED_MINUTE) b.deniedMinutes++;
      if (calls > (b.calls?.calls ?? 0)) b.calls = { calls, actor: actorLabel(actor), at };
      if (denied > (b.denied?.calls ?? 0)) b.denied = { calls: denied, actor: actorLabel(actor), at };
    }
    this.perMinute.clear();
  }

  finish(): EndpointStats {
    this.foldMinute();
    this.stats.actors = sketchToBase64(this.sketch);
    if (this.top.size) this.stats.topActors = Object.fromEntries(this.top);
    return this.stats;
  }
}

/** Protocols browsers and PCI DSS retired, and ciphers broken or without forward secrecy worth naming. */
const DEPRECATED_TLS = /^(SSLv2|SSLv3|TLSv1|TLSv1\.1)$/i;
const WEAK_CIPHER = /(^|-)(RC4|3DES|DES|NULL|EXPORT|EXP|MD5|anon|ADH|AECDH)(-|$)/i;

function addTls(s: EndpointStats, tls: string): void {
  const [protocol = "", cipher = ""] = tls.split(" ");
  const t = (s.tls ??= { calls: 0, deprecated: 0, weakCipher: 0, example: null });
  t.calls++;
  const deprecated = DEPRECATED_TLS.test(protocol);
  const weak = WEAK_CIPHER.test(cipher);
  if (deprecated) t.deprecated++;
  if (weak) t.weakCipher++;
  if ((deprecated || weak) && !t.example) t.example = tls;
}

/** A GraphQL introspection query: the meta-fields only introspection asks for. */
const INTROSPECTION = /__(schema|type)\b|IntrospectionQuery/;

function addIntrospection(s: EndpointStats, answered: boolean): void {
  const i = (s.introspection ??= { calls: 0, answered: 0 });
  i.calls++;
  if (answered) i.answered++;
}

function addErrorBytes(s: EndpointStats, cls: "4xx" | "5xx", bytes: number): void {
  const entry = (s.errorBytes ??= { "4xx": { calls: 0, bytes: 0 }, "5xx": { calls: 0, bytes: 0 } })[cls];
  entry.calls++;
  entry.bytes += bytes;
}

function addWeakJwt(s: EndpointStats, weakness: JwtWeakness, accepted: boolean): void {
  const entry = ((s.weakJwt ??= {})[weakness] ??= { calls: 0, accepted: 0 });
  entry.calls++;
  if (accepted) entry.accepted++;
}

function addAttack(s: EndpointStats, kinds: readonly AttackKind[], cls: keyof EndpointStats["status"]): void {
  const counts = (s.attacks ??= {});
  for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
  const calls = (s.attackCalls ??= { calls: 0, "2xx": 0, "5xx": 0 });
  calls.calls++;
  if (cls === "2xx" || cls === "5xx") calls[cls]++;
}

const busier = (x: Burst | null, y: Burst | null) => ((y?.calls ?? 0) > (x?.calls ?? 0) ? y : x);

function mergeBursts(a: Bursts | undefined, b: Bursts): Bursts {
  if (!a) return structuredClone(b);
  return {
    calls: busier(a.calls, b.calls),
    denied: busier(a.denied, b.denied),
    heavyMinutes: a.heavyMinutes + b.heavyMinutes,
    deniedMinutes: a.deniedMinutes + b.deniedMinutes,
  };
}

/** Adds `b` into `a` (both storable) and returns `a`. */
export function mergeStats(a: EndpointStats, b: EndpointStats): EndpointStats {
  a.calls += b.calls;
  a.found += b.found;
  a.refused = (a.refused ?? 0) + (b.refused ?? 0);
  if (b.foundByGuessers) a.foundByGuessers = (a.foundByGuessers ?? 0) + b.foundByGuessers;
  a.withCredentials += b.withCredentials;
  a.unauthenticatedSuccesses += b.unauthenticatedSuccesses;
  for (const k of Object.keys(a.status) as (keyof EndpointStats["status"])[]) a.status[k] += b.status[k];
  a.firstSeen = a.firstSeen === 0 ? b.firstSeen : b.firstSeen === 0 ? a.firstSeen : Math.min(a.firstSeen, b.firstSeen);
  a.lastSeen = Math.max(a.lastSeen, b.lastSeen);
  mergeHistograms(a.latencyMs, b.latencyMs);
  mergeHistograms(a.responseBytes, b.responseBytes);
  // Stats written before byte counts were read as numbers may hold a string here (concatenated digits): counted as 0.
  a.requestBytes = finiteOr0(a.requestBytes) + finiteOr0(b.requestBytes);
  a.northSouth += b.northSouth;
  a.eastWest += b.eastWest;
  a.actors = sketchToBase64(mergeSketches(sketchFromBase64(a.actors), sketchFromBase64(b.actors)));
  if (a.actorsExact === null || b.actorsExact === null) a.actorsExact = null;
  else for (const h of b.actorsExact ?? []) a.actorsExact = addExact(a.actorsExact, h);
  for (const [name, p] of Object.entries(b.query)) {
    const q = a.query[name];
    if (!q) {
      if (Object.keys(a.query).length < MAX_PARAMS) a.query[name] = structuredClone(p);
      continue;
    }
    q.calls += p.calls;
    for (const [t, n] of Object.entries(p.types)) q.types[t as ValueType] = (q.types[t as ValueType] ?? 0) + n!;
    for (const ex of p.examples)
      if (q.examples.length < MAX_PARAM_EXAMPLES && !q.examples.includes(ex)) q.examples.push(ex);
  }
  if (b.topActors) {
    // Sum both, keep the busiest.
    const all = { ...(a.topActors ?? {}) };
    for (const [k, v] of Object.entries(b.topActors))
      all[k] = { label: v.label, calls: (all[k]?.calls ?? 0) + v.calls };
    a.topActors = Object.fromEntries(
      Object.entries(all)
        .sort((x, y) => y[1].calls - x[1].calls)
        .slice(0, TOP_ACTORS)
        .map(([k, v]) => [k, { ...v }]),
    );
  }
  if (b.sensitive) {
    const counts = (a.sensitive ??= {});
    for (const [code, n] of Object.entries(b.sensitive) as [SensitiveCode, number][])
      counts[code] = (counts[code] ?? 0) + n;
  }
  if (b.attacks) {
    const counts = (a.attacks ??= {});
    for (const [kind, n] of Object.entries(b.attacks) as [AttackKind, number][]) counts[kind] = (counts[kind] ?? 0) + n;
  }
  if (b.codes) {
    const codes = (a.codes ??= { "401": 0, "403": 0, "429": 0 });
    for (const k of ["401", "403", "429"] as const) codes[k] += b.codes[k];
  }
  if (b.bursts) a.bursts = mergeBursts(a.bursts, b.bursts);
  if (b.weakJwt) {
    for (const [weakness, n] of Object.entries(b.weakJwt) as [JwtWeakness, { calls: number; accepted: number }][]) {
      const entry = ((a.weakJwt ??= {})[weakness] ??= { calls: 0, accepted: 0 });
      entry.calls += n.calls;
      entry.accepted += n.accepted;
    }
  }
  if (b.basicAuth) {
    const basic = (a.basicAuth ??= { calls: 0, cleartext: 0 });
    basic.calls += b.basicAuth.calls;
    basic.cleartext += b.basicAuth.cleartext;
  }
  if (b.tls) {
    const t = (a.tls ??= { calls: 0, deprecated: 0, weakCipher: 0, example: null });
    t.calls += b.tls.calls;
    t.deprecated += b.tls.deprecated;
    t.weakCipher += b.tls.weakCipher;
    t.example ??= b.tls.example;
  }
  if (b.schemes) {
    const schemes = (a.schemes ??= { http: 0, https: 0, httpWithCredentials: 0 });
    for (const k of ["http", "https", "httpWithCredentials"] as const) schemes[k] += b.schemes[k];
  }
  if (b.errorBytes)
    for (const cls of ["4xx", "5xx"] as const) {
      const entry = (a.errorBytes ??= { "4xx": { calls: 0, bytes: 0 }, "5xx": { calls: 0, bytes: 0 } })[cls];
      entry.calls += b.errorBytes[cls].calls;
      entry.bytes += b.errorBytes[cls].bytes;
    }
  if (b.introspection) {
    const i = (a.introspection ??= { calls: 0, answered: 0 });
    i.calls += b.introspection.calls;
    i.answered += b.introspection.answered;
  }
  if (b.attackCalls) {
    const calls = (a.attackCalls ??= { calls: 0, "2xx": 0, "5xx": 0 });
    calls.calls += b.attackCalls.calls;
    calls["2xx"] += b.attackCalls["2xx"];
    calls["5xx"] += b.attackCalls["5xx"];
  }
  return a;
}

/** The figures people read: shares and percentiles. */
export function summarise(s: EndpointStats) {
  const share = (n: number) => (s.calls === 0 ? 0 : n / s.calls);
  return {
    calls: s.calls,
    authenticatedShare: share(s.withCredentials),
    /** Seen serving 2xx to a call without any credential. */
    unauthenticated: s.unauthenticatedSuccesses > 0,
    errorShare: share(s.status["5xx"]),
    latencyMs: { p50: quantile(s.latencyMs, 0.5), p95: quantile(s.latencyMs, 0.95), p99: quantile(s.latencyMs, 0.99) },
    responseBytes: { p50: quantile(s.responseBytes, 0.5), p95: quantile(s.responseBytes, 0.95) },
    distinctActors: s.actorsExact ? s.actorsExact.length : estimateDistinct(sketchFromBase64(s.actors)),
    direction: s.eastWest > s.northSouth ? ("east-west" as const) : ("north-south" as const),
    params: Object.entries(s.query).map(([name, p]) => ({
      name,
      calls: p.calls,
      type: (Object.entries(p.types).sort((x, y) => y[1]! - x[1]!)[0]?.[0] ?? "string") as ValueType,
      examples: p.examples,
    })),
    /** Each sensitive type with where it was seen and in how many calls, most frequent first. */
    sensitive: sensitiveSummary(s.sensitive ?? {}),
    /** The busiest callers, most calls first. */
    topActors: Object.values(s.topActors ?? {})
      .sort((x, y) => y.calls - x.calls)
      .slice(0, 10),
  };
}

export type SensitiveSeen = { type: SensitiveType; calls: number; places: { where: SensitivePlace; calls: number }[] };

function sensitiveSummary(counts: Partial<Record<SensitiveCode, number>>): SensitiveSeen[] {
  const byType = new Map<SensitiveType, SensitiveSeen>();
  for (const [code, n] of Object.entries(counts) as [SensitiveCode, number][]) {
    const [type, where] = code.split(":") as [SensitiveType, SensitivePlace];
    const seen = byType.get(type) ?? { type, calls: 0, places: [] };
    byType.set(type, seen);
    // A call can carry the same type in two places; the type's figure is the larger place, a lower bound of its calls.
    seen.calls = Math.max(seen.calls, n);
    seen.places.push({ where, calls: n });
  }
  return [...byType.values()].sort((x, y) => y.calls - x.calls);
}

/** An API version named in the template (/v2/…, /api/v1.1/…), if any. */
export function versionOf(template: string): string | null {
  return /\/(v\d{1,2}(?:\.\d{1,2})?)(?:\/|$)/i.exec(template)?.[1]?.toLowerCase() ?? null;
}

const finiteOr0 = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : 0);
