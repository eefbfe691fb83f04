// A business entity under attack: one account (order, merchant…, a value of
// a path parameter, across every endpoint that names it) reached within an
// hour by far more distinct callers than an entity of its kind usually is.
// The entities callers' tokens name (their tenant or organisation, from JWT
// or logged claims) are judged the same way: one tenant's users suddenly
// many, refused, or spread over networks none of its users ever called
// from (a company works from a few offices or homes; a tenant taken over is
// used from as many proxies as accounts minted), is an attack on that
// customer. Each such entity remembers its callers' networks, and the hours
// of the day they call in: a crowd at an hour none of them ever used is a
// second sign.
// Each caller does little, so no per-actor detector sees it; the entity's
// baseline does. Many callers alone can be a popular product in a sale, so a
// sign of abuse must come with them: a good share of the calls refused or
// missed, or most callers from addresses never seen with a signed-in actor
// where the entity's endpoint is mostly called signed in (a payment link is
// opened by strangers by design: anonymous callers say nothing there).
// An entity that is crowded every hour (a payment link shared widely, a
// popular merchant) has a history of its own: once it has enough crowded
// hours stored, a crowd it usually has is not judged by its kind's norm.
import type { EventRef } from "../actors";
import { Baselines } from "../baselines";
import { describeNorm, excess, isFar } from "../robust";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { networkOf } from "../geo";
import { clock, groupBy, HOUR, hourOf } from "../windows";

const REFUSED_SHARE = 0.2;
/** An entity-hour with this many distinct callers is crowded: its entity keeps a history of its own (most entities never are). */
export const CROWD = 5;
/** An entity's own history speaks once it holds this many crowded hours. */
export const MIN_OWN_HOURS = 12;
const OWN_MEASURE = "distinct callers per hour";
/** The baseline subject of one entity's own history. */
export const entitySubject = (kind: string, value: string) => `entity:${kind}=${value}`;
const NEW_CALLERS_SHARE = 0.5;
/** An endpoint most of whose calls (in the batch) come from identified actors: anonymous crowds there are a sign. */
const SIGNED_IN_SHARE = 0.5;
const refused = (s: number | null) => s === 401 || s === 403 || s === 404 || s === 429;
/** The networks (/24, /48) a token-named entity's callers called from: categories of its own subject. */
const NETWORKS_MEASURE = "callers' networks";
/** A crowd that comes from about as many networks new to the entity as it has callers is spread on purpose. */
const NEW_NETWORKS_SHARE = 0.5;
/** The hours of the day (UTC) a token-named entity's callers called in: categories of its own subject. */
const HOURS_MEASURE = "hours of the day called";
/**
 * An entity keeps hours (a company's staff work theirs) when its entity-hours fall on so few hours of the day that
 * callers active around the clock would do so at most this rarely; an hour of the day outside them is off its hours.
 */
const KEEPS_HOURS_CHANCE = 0.02;
/** At most this many token-named entities keep their networks (tenants are few; a flood of made-up claims is not). */
const MAX_CLAIMED = 1_000;

/**
 * One entity in one hour. Most entities see one caller an hour (a payment, its
 * owner's account), so the crowd (callers, refs, endpoints) is made only when
 * a second caller comes: a part of a million events holds hundreds of
 * thousands of entity-hours.
 */
type Window = {
  kind: string;
  value: string;
  hour: number;
  first: number;
  last: number;
  calls: number;
  refused: number;
  caller: string;
  firstEvent: DetectionEvent;
  crowd: Crowd | null;
  /** Named by the callers' tokens (a claim), not by the path. */
  claimed: boolean;
  /** A token-named entity's callers' networks in the hour (first call each); empty for path entities. */
  networks: Set<string>;
};
type Crowd = { callers: Set<string>; newCallers: number; refs: EventRef[]; endpoints: Set<string> };

const callerCount = (w: Window) => w.crowd?.callers.size ?? 1;

/** One entity in one hour, keyed by kind, value and hour: worked out once, by the service to load the crowded entities' own histories, then judged. */
export type EntityWindows = Map<string, Window>;

/**
 * The subjects with a history of their own to read: the entities crowded in some hour of the batch, and the
 * token-named ones (their callers' networks).
 */
export function entityHistorySubjects(windows: EntityWindows): string[] {
  const crowded = [...windows.values()].filter((w) => callerCount(w) >= CROWD);
  return [...new Set([...crowded, ...claimedWindows(windows)].map((w) => entitySubject(w.kind, w.value)))];
}

/** The windows of token-named entities, of at most MAX_CLAIMED entities. */
function claimedWindows(windows: EntityWindows): Window[] {
  const entities = new Set<string>();
  const out: Window[] = [];
  for (const w of windows.values()) {
    if (!w.claimed) continue;
    const subject = entitySubject(w.kind, w.value);
    if (!entities.has(subject) && entities.size >= MAX_CLAIMED) continue;
    entities.add(subject);
    out.push(w);
  }
  return out;
}

/**
 * A categorical history of each token-named entity (the networks its callers called from, the hours of the day they
 * called in): for each of its windows, how many of the window's categories its callers never showed before (not in
 * the stored categories, nor in its earlier hours of the batch), and how many entity-hours that history holds. The
 * categories of the hours not flagged are then learnt.
 */
function entityHistory(
  windows: EntityWindows,
  baselines: Baselines,
  measure: string,
  categoriesOf: (w: Window) => Iterable<string>,
): {
  fresh: (w: Window) => number;
  known: (w: Window) => Known;
  learn: (flagged: Set<Window>) => void;
} {
  const byEntity = groupBy(claimedWindows(windows), (w) => entitySubject(w.kind, w.value));
  const fresh = new Map<Window, number>();
  const known = new Map<Window, Known>();
  for (const [subject, list] of byEntity) {
    const seen = new Map(baselines.categories(measure, subject));
    let total = [...seen.values()].reduce((sum, n) => sum + n, 0);
    for (const w of [...list].sort((a, b) => a.hour - b.hour)) {
      let n = 0;
      for (const c of categoriesOf(w)) if (!seen.has(c)) n++;
      fresh.set(w, n);
      known.set(w, { hours: total, categories: seen.size });
      for (const c of categoriesOf(w)) seen.set(c, (seen.get(c) ?? 0) + 1);
      total++;
    }
  }
  return {
    fresh: (w) => fresh.get(w) ?? 0,
    known: (w) => known.get(w) ?? { hours: 0, categories: 0 },
    learn(flagged) {
      for (const [subject, list] of byEntity) {
        const seen = new Map<string, number>();
        for (const w of list)
          if (!flagged.has(w) && baselines.learns(w.first))
            for (const c of categoriesOf(w)) seen.set(c, (seen.get(c) ?? 0) + 1);
        baselines.learnCategories(measure, subject, seen);
      }
    },
  };
}

/** What an entity's history held before one of its windows: its entity-hours and the categories seen in them. */
type Known = { hours: number; categories: number };

const hourOfDay = (w: Window) => [String(w.hour % 24)];

/** Whether the window falls at an hour of the day the entity, which keeps hours, never called in. */
const offItsHours = (known: Known, fresh: number) =>
  fresh > 0 && fewHoursChance(Math.round(known.hours), known.categories) <= KEEPS_HOURS_CHANCE;

/**
 * The chance that `hours` entity-hours spread evenly over the day fall on at most `used` of its 24 hours: the
 * distribution of distinct hours after each entity-hour, worked out step by step.
 */
export function fewHoursChance(hours: number, used: number): number {
  if (used >= 24) return 1;
  // Past a few hundred entity-hours, even 23 hours unused is out of reach of chance.
  const n = Math.min(hours, 400);
  let p = new Float64Array(25);
  p[0] = 1;
  for (let i = 0; i < n; i++) {
    const next = new Float64Array(25);
    for (let k = 0; k <= 24; k++) {
      if (p[k] === 0) continue;
      next[k]! += (p[k]! * k) / 24;
      if (k < 24) next[k + 1]! += (p[k]! * (24 - k)) / 24;
    }
    p = next;
  }
  let chance = 0;
  for (let k = 0; k <= used; k++) chance += p[k]!;
  return chance;
}

export function entityWindowsOf(
  events: DetectionEvent[],
  options: Pick<DetectOptions, "knownIps"> = {},
): EntityWindows {
  const isNew = (e: DetectionEvent) => !!e.clientIp && !!options.knownIps && !options.knownIps(e.clientIp);
  const join = (c: Crowd, e: DetectionEvent) => {
    if (c.refs.length < MAX_EVIDENCE) c.refs.push(e.ref);
    if (c.endpoints.size < 5) c.endpoints.add(`${e.method} ${e.host}${e.template}`);
  };
  const windows = new Map<string, Window>();
  // An API whose every token names its tenant has a network to work out per call: once per address instead.
  const networks = new Map<string, string | null>();
  const networkOfIp = (ip: string) => {
    let net = networks.get(ip);
    if (net === undefined) networks.set(ip, (net = networkOf(ip)));
    return net;
  };
  for (const e of events) {
    if (e.objects.length === 0 && e.entities.length === 0) continue;
    const caller = e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : null);
    if (!caller) continue;
    const hour = hourOf(e.ts);
    const named = e.objects.length ? (e.entities.length ? [...e.objects, ...e.entities] : e.objects) : e.entities;
    for (let i = 0; i < named.length; i++) {
      const o = named[i]!;
      const key = `${o.name}\u0000${o.value}\u0000${hour}`;
      let w = windows.get(key);
      if (!w) {
        const claimed = i >= e.objects.length;
        windows.set(
          key,
          (w = {
            kind: o.name,
            value: o.value,
            hour,
            first: e.ts,
            last: e.ts,
            calls: 0,
            refused: 0,
            caller,
            firstEvent: e,
            crowd: null,
            claimed,
            networks: new Set(),
          }),
        );
      }
      if (w.claimed && e.clientIp) {
        const net = networkOfIp(e.clientIp);
        if (net) w.networks.add(net);
      }
      w.calls++;
      w.last = Math.max(w.last, e.ts);
      w.first = Math.min(w.first, e.ts);
      if (refused(e.status)) w.refused++;
      if (!w.crowd && caller !== w.caller) {
        w.crowd = {
          callers: new Set([w.caller]),
          newCallers: isNew(w.firstEvent) ? 1 : 0,
          refs: [],
          endpoints: new Set(),
        };
        join(w.crowd, w.firstEvent);
      }
      if (w.crowd && e !== w.firstEvent) {
        if (!w.crowd.callers.has(caller)) {
          w.crowd.callers.add(caller);
          if (isNew(e)) w.crowd.newCallers++;
        }
        join(w.crowd, e);
      }
    }
  }
  return windows;
}

export function entityTargeting(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const windows = options.entityWindows ?? entityWindowsOf(events, options);
  // Each crowded entity's own norm: its stored crowded hours plus the batch's (learnt below, bar the hours flagged).
  const crowded = groupBy(
    [...windows.values()].filter((w) => callerCount(w) >= CROWD),
    (w) => entitySubject(w.kind, w.value),
  );
  const own = new Map(
    [...crowded].map(([subject, list]) => [subject, baselines.peek(OWN_MEASURE, subject, list.map(callerCount))]),
  );
  const flagged = new Set<Window>();
  const networks = entityHistory(windows, baselines, NETWORKS_MEASURE, (w) => w.networks);
  const hours = entityHistory(windows, baselines, HOURS_MEASURE, hourOfDay);

  const signedIn = signedInEndpoints(events);
  const byKind = groupBy(windows.values(), (w) => w.kind);
  const findings: Finding[] = [];
  for (const [kind, list] of byKind) {
    // Stored under the workspace's subject (loaded with every batch), one measure per kind of entity.
    const norm = baselines.norm(
      `distinct callers per ${kind}-hour`,
      "*",
      list.map(callerCount),
      list.map((w) => w.first),
    );
    for (const w of list) {
      const callers = callerCount(w);
      if (!isFar(callers, norm) || !w.crowd) continue;
      // Crowded this much every hour: usual for this entity.
      const usual = own.get(entitySubject(kind, w.value));
      if (usual && usual.n >= MIN_OWN_HOURS && !isFar(callers, usual)) continue;
      const crowd = w.crowd;
      const refusedShare = w.refused / w.calls;
      const newShare = options.knownIps && signedIn(w.firstEvent.endpoint) ? crowd.newCallers / callers : 0;
      // A tenant's callers are signed in by definition: what is new is where they call from.
      const newNets = networks.fresh(w);
      const spread = w.claimed && newNets / callers >= NEW_NETWORKS_SHARE;
      if (refusedShare < REFUSED_SHARE && newShare < NEW_CALLERS_SHARE && !spread) continue;
      // Not a reason to judge on its own (a new office abroad keeps other hours), but a second sign with one.
      const offHours = w.claimed && offItsHours(hours.known(w), hours.fresh(w));
      const entity = `${kind} ${w.value}${w.claimed ? " (named in the callers' tokens)" : ""}`;
      const signs = [
        refusedShare >= REFUSED_SHARE ? `${Math.round(refusedShare * 100)}% of the calls refused or missed` : null,
        newShare >= NEW_CALLERS_SHARE
          ? `${crowd.newCallers.toLocaleString("en")} of the callers from addresses never seen with a signed-in user`
          : null,
        spread
          ? `the callers came from ${newNets.toLocaleString("en")} networks none of its users had called from before`
          : null,
        offHours
          ? `none of its users had called between ${clock(w.hour * HOUR)} and ${clock((w.hour + 1) * HOUR)} UTC in ${Math.round(hours.known(w).hours).toLocaleString("en")} hours of its history`
          : null,
      ].filter(Boolean);
      flagged.add(w);
      findings.push({
        detector: "entity-targeting",
        campaign: `entity-targeting:${kind}:${w.value}`,
        actor: null,
        // Where it was first reached (an alert without actor is taught and suppressed by its endpoint).
        endpoint: { host: w.firstEvent.host, method: w.firstEvent.method, template: w.firstEvent.template },
        from: w.first,
        to: w.last,
        severity: callers >= 100 ? "high" : "medium",
        confidence: Math.min(0.9, 0.5 + 0.05 * Math.min(4, excess(callers, norm) / 8) + 0.1 * signs.length),
        verdict: signs.length >= 2 ? "attack" : "suspicious",
        title: `${entity} reached by ${callers.toLocaleString("en")} callers within an hour`,
        explanation:
          `${entity} was called ${w.calls.toLocaleString("en")} times by ${callers.toLocaleString("en")} distinct callers in the hour from ${clock(w.hour * HOUR)} UTC ` +
          `(${[...crowd.endpoints].join(", ")}); one ${kind} is usually reached by ${describeNorm(norm)} an hour (${norm.n.toLocaleString("en")} ${kind}-hours). ` +
          `What sets it apart: ${signs.join("; ")}. Each caller did little: an attack on one ${kind} spread over many addresses or credentials.`,
        measures: [
          {
            name: `distinct callers of one ${kind} in an hour`,
            value: callers,
            typical: norm.typical,
            spread: norm.spread,
            basis: `${norm.n.toLocaleString("en")} ${kind}-hours`,
          },
        ],
        evidence: crowd.refs,
        facts: {
          entity: { kind, value: w.value, source: w.claimed ? "token" : "path" },
          callers,
          calls: w.calls,
          refused: w.refused,
          newCallers: crowd.newCallers,
          ...(w.claimed ? { newNetworks: newNets } : {}),
          endpoints: [...crowd.endpoints],
        },
      });
    }
  }
  networks.learn(flagged);
  hours.learn(flagged);
  for (const [subject, list] of crowded) {
    const learnt = list.filter((w) => !flagged.has(w));
    baselines.norm(
      OWN_MEASURE,
      subject,
      learnt.map(callerCount),
      learnt.map((w) => w.first),
    );
  }
  return findings;
}

/** Whether an endpoint's calls in the batch mostly come from identified actors (not bare addresses). */
function signedInEndpoints(events: DetectionEvent[]): (endpoint: string) => boolean {
  const counts = new Map<string, { calls: number; identified: number }>();
  for (const e of events) {
    let c = counts.get(e.endpoint);
    if (!c) counts.set(e.endpoint, (c = { calls: 0, identified: 0 }));
    c.calls++;
    if (e.actor && !e.actor.startsWith("ip:")) c.identified++;
  }
  return (endpoint) => {
    const c = counts.get(endpoint);
    return !!c && c.identified / c.calls >= SIGNED_IN_SHARE;
  };
}
