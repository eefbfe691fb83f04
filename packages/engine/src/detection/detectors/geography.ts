// Geography: where an identified actor's calls come from, against where they
// came from before (its stored places, then the batch walked in time order).
//  - Impossible travel and credential sharing: two calls of one actor from
//    countries further apart than a flight could cover in the time between
//    them, into a country the actor was not already established in. Calls that
//    switch back and forth mean one credential used from two places at once.
//  - New geography: an established actor calling from a country it never
//    called from, after a journey the time allows. People travel, so when it
//    kept its client and called what it or its peers usually call there, the
//    finding is benign-explained; a new client (a new device) or unusual
//    endpoints from a new country are suspicious.
//  - New network: a machine credential (API key, gateway consumer) whose calls
//    all came from one or two networks, now from another. "Moved its servers
//    within the same country and kept its behaviour" is benign-explained.
// detect() raises a benign-explained one to suspicious when another detector
// flags the same actor at the same time.
import type { EventRef } from "../actors";
import { countryName, distanceKm, networkOf } from "../geo";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { clock, groupBy, HOUR } from "../windows";
import { batchPeerUse, kindOf, MIN_PEERS, RARE_SHARE } from "./function-level";

/** Faster than a commercial flight's ground speed. */
export const MAX_TRAVEL_KMH = 1_000;
/** Country centroids are coarse: neighbours closer than this are never judged on travel. */
export const MIN_TRAVEL_KM = 500;
/** An actor is established (new places mean something) once it made this many located calls over at least a day. */
export const ESTABLISHED_CALLS = 20;
export const ESTABLISHED_MS = 24 * HOUR;
/** A machine credential whose calls came from at most this many networks has a fixed address. */
export const STABLE_NETWORKS = 2;
/** Networks kept per actor: past this it roams (a phone) and its networks are no longer judged. */
export const MAX_NETWORKS = 8;
/** Clients kept per actor: past this (a person on many browsers) a new one means nothing. */
export const MAX_AGENTS = 8;
const MACHINE_KINDS = new Set(["api_key", "consumer"]);
/** A machine credential's (API key, gateway consumer), not a person's: its networks are kept and judged, and it does not travel. */
export const isMachine = (actor: string) => MACHINE_KINDS.has(kindOf(actor));

export type Place = { place: string; firstSeen: number; lastSeen: number; calls: number };
/** Where an actor was seen before this batch: countries ("GB"), networks ("198.51.100.0/24") and the clients it used ("NorthwindPay"). */
export type ActorPlaces = { countries: Place[]; networks: Place[]; agents: Place[] };

type Seen = { firstSeen: number; lastSeen: number; calls: number };
type Walk = {
  machine: boolean;
  countries: Map<string, Seen>;
  networks: Map<string, Seen>;
  agents: Map<string, Seen>;
  calls: number;
  since: number;
  last: { ts: number; country: string; network: string | null } | null;
};
/** A call into a place that departs from the actor's history: a jump (impossible travel) or an arrival (new country or network). */
type Candidate = {
  actor: string;
  kind: "travel" | "country" | "network";
  place: string;
  at: number;
  from: string | null;
  distanceKm: number;
  gapMs: number;
  speedKmh: number;
  /** The country of a new network's first call, when known. */
  country?: string | null;
  /** Filled by the second pass. */
  calls: number;
  last: number;
  ips: Set<string>;
  refs: EventRef[];
  /** Endpoints it called from there that neither it nor (but rarely) its peers used before. */
  newEndpoints: Set<string>;
  /** The clients it had used when it arrived, and the ones it used from there that were not among them (a new device). */
  knownAgents: Set<string>;
  newAgents: Set<string>;
  /** Calls from the origin place after the jump (times): the credential is in both places at once. */
  back: number[];
};

const km = (n: number) => `${Math.round(n).toLocaleString("en")} km`;
const duration = (ms: number) =>
  ms < 2 * HOUR ? `${Math.max(0, Math.round(ms / 60_000))} min` : `${(ms / HOUR).toFixed(1)} h`;
const established = (w: Walk, ts: number) => w.calls >= ESTABLISHED_CALLS && ts - w.since >= ESTABLISHED_MS;
const settledIn = (seen: Seen | undefined, ts: number) => !!seen && ts - seen.firstSeen >= ESTABLISHED_MS;

function startWalk(actor: string, history: ActorPlaces | undefined): Walk {
  const toMap = (places: Place[]) =>
    new Map(places.map((p) => [p.place, { firstSeen: p.firstSeen, lastSeen: p.lastSeen, calls: p.calls }]));
  const countries = toMap(history?.countries ?? []);
  const networks = toMap(history?.networks ?? []);
  const agents = toMap(history?.agents ?? []);
  let last: Walk["last"] = null;
  for (const [country, s] of countries)
    if (!last || s.lastSeen > last.ts) last = { ts: s.lastSeen, country, network: null };
  // Calls without a country (unlocated addresses) count too: networks hold those.
  const sum = (m: Map<string, Seen>) => [...m.values()].reduce((n, s) => n + s.calls, 0);
  const since = Math.min(...[...countries.values(), ...networks.values()].map((s) => s.firstSeen));
  return {
    machine: isMachine(actor),
    countries,
    networks,
    agents,
    calls: Math.max(sum(countries), sum(networks)),
    since,
    last,
  };
}

const netSince = (w: Walk) => Math.min(...[...w.networks.values()].map((s) => s.firstSeen));

const bump = (map: Map<string, Seen>, key: string, ts: number) => {
  const s = map.get(key);
  if (s) {
    s.calls++;
    s.lastSeen = Math.max(s.lastSeen, ts);
    s.firstSeen = Math.min(s.firstSeen, ts);
  } else map.set(key, { firstSeen: ts, lastSeen: ts, calls: 1 });
};

export function geography(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const centroid = options.centroids;
  if (!centroid) return [];
  const walks = new Map<string, Walk>();
  const candidates = new Map<string, Candidate>();
  const open = (
    w: Walk,
    c: Omit<Candidate, "calls" | "last" | "ips" | "refs" | "newEndpoints" | "back" | "knownAgents" | "newAgents">,
  ) => {
    const key = `${c.actor}\u0000${c.kind === "network" ? "net" : "country"}\u0000${c.place}`;
    if (!candidates.has(key))
      candidates.set(key, {
        ...c,
        calls: 0,
        last: c.at,
        ips: new Set(),
        refs: [],
        newEndpoints: new Set(),
        back: [],
        knownAgents: new Set(w.agents.keys()),
        newAgents: new Set(),
      });
  };

  // 1. Each actor's calls in order, against its places so far: jumps and arrivals.
  for (const e of events) {
    if (!e.actor || e.actor.startsWith("ip:") || !e.clientIp) continue;
    let w = walks.get(e.actor);
    if (!w) walks.set(e.actor, (w = startWalk(e.actor, options.places?.(e.actor))));
    const country = e.country;
    const countryKnown = !!country && w.countries.has(country);
    const network = networkOf(e.clientIp);
    if (country) {
      const seen = w.countries.get(country);
      const prev = w.last;
      // Two addresses of one /24 are one place: where geolocation puts them in two countries, the table is split, not the caller.
      if (prev && prev.country !== country && prev.network !== network && !settledIn(seen, e.ts)) {
        const a = centroid(prev.country);
        const b = centroid(country);
        const d = a && b ? distanceKm(a, b) : 0;
        const gap = Math.abs(e.ts - prev.ts);
        const speed = gap === 0 ? Infinity : d / (gap / HOUR);
        if (d >= MIN_TRAVEL_KM && speed > MAX_TRAVEL_KMH)
          open(w, {
            actor: e.actor,
            kind: "travel",
            place: country,
            at: e.ts,
            from: prev.country,
            distanceKm: d,
            gapMs: gap,
            speedKmh: speed,
          });
        else if (!seen && established(w, e.ts))
          open(w, {
            actor: e.actor,
            kind: "country",
            place: country,
            at: e.ts,
            from: prev.country,
            distanceKm: d,
            gapMs: gap,
            speedKmh: speed,
          });
      }
      bump(w.countries, country, e.ts);
      if (!prev || e.ts >= prev.ts) w.last = { ts: e.ts, country, network };
    }
    if (network && w.machine && w.networks.size <= MAX_NETWORKS) {
      const stable = w.networks.size >= 1 && w.networks.size <= STABLE_NETWORKS;
      // A new country is the stronger finding: the network is judged only where the country is known (or unknown to geolocation).
      if (
        stable &&
        !w.networks.has(network) &&
        (!country || countryKnown) &&
        established(w, e.ts) &&
        e.ts - netSince(w) >= ESTABLISHED_MS
      ) {
        open(w, {
          actor: e.actor,
          kind: "network",
          place: network,
          at: e.ts,
          from: [...w.networks.keys()].join(", "),
          distanceKm: 0,
          gapMs: 0,
          speedKmh: 0,
          country,
        });
      }
      bump(w.networks, network, e.ts);
    }
    if (e.agent && w.agents.size <= MAX_AGENTS) bump(w.agents, e.agent, e.ts);
    w.calls++;
    w.since = Math.min(w.since, e.ts);
  }
  if (candidates.size === 0) return [];

  // 2. For the actors with a candidate only: the calls from the new place, and whether they reached endpoints the actor never used.
  const byActor = groupBy(candidates.values(), (c) => c.actor);
  const firstUse = new Map<string, Map<string, number>>();
  for (const e of events) {
    const list = e.actor ? byActor.get(e.actor) : undefined;
    if (!list) continue;
    const endpoint = e.endpoint;
    let uses = firstUse.get(e.actor!);
    if (!uses)
      firstUse.set(
        e.actor!,
        (uses = new Map([...(options.peerUse?.usedBefore(e.actor!) ?? [])].map((ep) => [ep, -Infinity]))),
      );
    const network = e.clientIp && list.some((c) => c.kind === "network") ? networkOf(e.clientIp) : null;
    for (const c of list) {
      const here = c.kind === "network" ? network === c.place : e.country === c.place;
      if (!here) {
        if (c.kind === "travel" && e.ts > c.at && e.country === c.from) c.back.push(e.ts);
        continue;
      }
      if (e.ts < c.at) continue;
      c.calls++;
      c.last = Math.max(c.last, e.ts);
      if (e.clientIp && c.ips.size < 5) c.ips.add(e.clientIp);
      if (c.refs.length < MAX_EVIDENCE) c.refs.push(e.ref);
      const used = uses.get(endpoint);
      if ((used === undefined || used >= c.at) && c.newEndpoints.size < 10) c.newEndpoints.add(endpoint);
      // Judged only where its clients are known (some, and not so many that any is ordinary).
      if (
        e.agent &&
        !c.knownAgents.has(e.agent) &&
        c.knownAgents.size > 0 &&
        c.knownAgents.size <= MAX_AGENTS &&
        c.newAgents.size < 5
      )
        c.newAgents.add(e.agent);
    }
    if (!uses.has(endpoint)) uses.set(endpoint, e.ts);
  }

  // 3. Endpoints new to the actor are a change of behaviour only when its peers rarely call them either (a traveller reading
  // its cards for the first time is not; a user reaching the back office is).
  const fresh = new Set([...candidates.values()].flatMap((c) => [...c.newEndpoints]));
  if (fresh.size) {
    const use = options.peerUse ?? batchPeerUse(events);
    const batchCallers = new Map<string, Set<string>>();
    for (const e of events) {
      if (!e.actor || e.actor.startsWith("ip:")) continue;
      const endpoint = e.endpoint;
      if (!fresh.has(endpoint)) continue;
      const key = `${endpoint}\u0000${use.groupOf(e.actor)}`;
      if (!batchCallers.has(key)) batchCallers.set(key, new Set());
      batchCallers.get(key)!.add(e.actor);
    }
    for (const c of candidates.values()) {
      const group = use.groupOf(c.actor);
      const peers = use.peers(group);
      for (const endpoint of c.newEndpoints) {
        const callers = use.callers(endpoint, group) + (batchCallers.get(`${endpoint}\u0000${group}`)?.size ?? 0);
        if (peers >= MIN_PEERS && callers / peers > RARE_SHARE) c.newEndpoints.delete(endpoint);
      }
    }
  }

  const label = options.label ?? String;
  return [...candidates.values()].map((c) =>
    c.kind === "travel" ? travelFinding(c, label(c.actor)) : arrivalFinding(c, label(c.actor)),
  );
}

function travelFinding(c: Candidate, who: string): Finding {
  // Only the origin's calls while the far side was active: the owner's calls later that day say nothing.
  const back = c.back.filter((t) => t <= c.last).length;
  const there = countryName(c.place);
  const home = countryName(c.from!);
  const machine = isMachine(c.actor);
  const both = back > 0;
  const ips = [...c.ips].join(", ");
  const explanation = both
    ? `${who} was used from ${there} and ${home} at the same time: ${c.calls.toLocaleString("en")} call${c.calls === 1 ? "" : "s"} from ${there} (${ips}) ` +
      `between ${clock(c.at)} and ${clock(c.last)} UTC, while ${back.toLocaleString("en")} more came from ${home}, ${km(c.distanceKm)} away. ` +
      `One ${machine ? "key" : "account"} cannot be in both places: it is shared or stolen.`
    : `${who} called from ${there} (${ips}) at ${clock(c.at)} UTC, ${duration(c.gapMs)} after a call from ${home}: ${km(c.distanceKm)} apart, ` +
      `${Number.isFinite(c.speedKmh) ? `${km(c.speedKmh)}/h` : "no time at all"}, faster than any flight. Unless it goes through a VPN, someone else holds it.`;
  return {
    detector: "impossible-travel",
    campaign: `impossible-travel:${c.actor}:${c.place}`,
    actor: c.actor,
    endpoint: null,
    from: c.at,
    to: c.last,
    severity: both && machine ? "critical" : "high",
    confidence: both ? (machine ? 0.9 : 0.8) : 0.7,
    // A key is a machine's: two places at once is no VPN. A person's account may be behind one.
    verdict: both && machine ? "attack" : "suspicious",
    title: both
      ? `${who} used from ${there} and ${home} at the same time`
      : `${who} travelled ${km(c.distanceKm)} in ${duration(c.gapMs)}`,
    explanation,
    measures: [
      {
        name: "speed between calls (km/h)",
        value: Number.isFinite(c.speedKmh) ? Math.round(c.speedKmh) : c.distanceKm * 3600,
        typical: MAX_TRAVEL_KMH,
        spread: 0,
        basis: "the fastest a flight travels",
      },
    ],
    evidence: c.refs,
    facts: {
      country: c.place,
      from: c.from,
      distanceKm: Math.round(c.distanceKm),
      gapMinutes: Math.round(c.gapMs / 60_000),
      calls: c.calls,
      callsFromOrigin: back,
      addresses: [...c.ips],
    },
  };
}

function arrivalFinding(c: Candidate, who: string): Finding {
  // A new network is "the same behaviour from a new address" only where the country is known to be the same;
  // a new client with a new place is what a taken-over account looks like.
  const kept = c.newEndpoints.size === 0 && c.newAgents.size === 0 && (c.kind !== "network" || !!c.country);
  const what = c.kind === "network" ? `the network ${c.place}` : countryName(c.place);
  const calls = `${c.calls.toLocaleString("en")} call${c.calls === 1 ? "" : "s"}`;
  const context =
    c.kind === "network"
      ? `all its calls came from ${c.from} before${c.country ? `, in the same country (${countryName(c.country)})` : ""}.`
      : `its last call before came from ${countryName(c.from!)} ${duration(c.gapMs)} earlier${c.distanceKm ? `, ${km(c.distanceKm)} away: a journey that time allows` : ""}.`;
  const changes = [
    c.newAgents.size
      ? `used a client it never used before (${[...c.newAgents].join(", ")}; before: ${[...c.knownAgents].slice(0, 3).join(", ")})`
      : null,
    c.newEndpoints.size
      ? `called endpoints that neither it nor its peers usually call: ${[...c.newEndpoints].join(", ")}`
      : null,
  ].filter(Boolean);
  const behaviour = kept
    ? c.kind === "network"
      ? ` It called only endpoints it already used: most likely it moved to a new address${c.country ? " in the same country" : ""} and kept its behaviour.`
      : " It used its usual client and called only endpoints it or its peers usually call: most likely travelling."
    : changes.length
      ? ` From there it ${changes.join(", and ")}.`
      : " Its country there is unknown, so a move cannot be told from someone else using it.";
  return {
    detector: "new-geography",
    campaign: `new-geography:${c.actor}:${c.kind}:${c.place}`,
    actor: c.actor,
    endpoint: null,
    from: c.at,
    to: c.last,
    severity: kept ? "low" : "medium",
    confidence: kept ? 0.6 : 0.65,
    verdict: kept ? "benign-explained" : "suspicious",
    title: `${who} called from ${c.kind === "network" ? "a new network" : `${countryName(c.place)} for the first time`}`,
    explanation: `${who} made ${calls} from ${what} (${[...c.ips].join(", ")}) from ${clock(c.at)} UTC, a ${c.kind === "network" ? "network" : "country"} it never used; ${context}${behaviour}`,
    measures: [],
    evidence: c.refs,
    facts: {
      kind: c.kind,
      place: c.place,
      from: c.from,
      calls: c.calls,
      newEndpoints: [...c.newEndpoints],
      newAgents: [...c.newAgents],
      addresses: [...c.ips],
    },
  };
}
