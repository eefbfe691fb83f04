// Object enumeration (BOLA): an actor touching far more distinct objects on
// an endpoint within an hour than actors on that endpoint usually do, above
// all objects that belong to someone else. An object's owner is inferred
// from traffic: the actor that made nearly all calls to it (the objects an
// attacker walks through are usually touched by it once). Many objects alone
// are not enumeration (a partner's nightly batch reads the charges it made):
// some must belong to others, or the ids must be walked in order, or many
// must be misses (404/403: guessed ids). Volume alone is the volume
// detector's to judge, against the actor's own hours. Owners are inferred
// from the batch's calls and, where the caller reads them, the calls stored
// before it: an hour's upload holds few of the owners' own calls.
import { describeNorm, excess, isFar } from "../robust";
import { Baselines } from "../baselines";
import { objectName } from "../objects";
import type { DetectOptions, DetectionEvent, Finding } from "../types";
import { HourlyGroups } from "../windows";

/** An owner made at least this share of an object's calls (and more than one call). */
const OWNER_SHARE = 0.8;
/** Evidence that the objects are not the actor's own: shares of the window's objects or calls. */
const OTHERS_SHARE = 0.2;
const SEQUENTIAL_SHARE = 0.8;
const MISS_SHARE = 0.2;

type Window = { actor: string; objects: Set<string>; misses: number };

/** An actor-hour touching this many distinct objects on an endpoint may be judged: its objects' owners are worth reading. */
export const CANDIDATE_OBJECTS = 10;
/** At most this many objects a batch: partners touch thousands of their own charges an hour, and a read must stay cheap. */
export const MAX_CANDIDATES = 20_000;

/**
 * The objects of the batch's actor-hours that touch at least CANDIDATE_OBJECTS on an endpoint, by endpoint label:
 * the ones whose stored callers the caller reads (DetectOptions.objectCallers) before judging.
 */
export function enumerationCandidates(events: DetectionEvent[]): Map<string, Set<string>> {
  // Actor-hours, each an endpoint → objects map (HourlyGroups: no joined key string per event).
  const windows = new HourlyGroups<Map<string, Set<string>>>(() => new Map());
  for (const e of events) {
    if (!e.actor || e.objects.length === 0) continue;
    const byEndpoint = windows.add(e.actor, e);
    let objects = byEndpoint.get(e.endpoint);
    if (!objects) byEndpoint.set(e.endpoint, (objects = new Set()));
    objects.add(objectName(e.objects));
  }
  const out = new Map<string, Set<string>>();
  let total = 0;
  for (const { data: byEndpoint } of windows.values())
    for (const [endpoint, objects] of byEndpoint) {
      if (objects.size < CANDIDATE_OBJECTS) continue;
      let all = out.get(endpoint);
      if (!all) out.set(endpoint, (all = new Set()));
      for (const o of objects) {
        if (total >= MAX_CANDIDATES) return out;
        if (!all.has(o)) total++;
        all.add(o);
      }
    }
  return out;
}
type Endpoint = {
  host: string;
  method: string;
  template: string;
  windows: HourlyGroups<Window>;
  callers: Map<string, Map<string, number>>;
};

export function objectEnumeration(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const label = options.label ?? String;
  const baselines = options.baselines ?? new Baselines();
  // Per endpoint: each actor's hours, and per object the calls of each actor (to infer owners).
  const endpoints = new Map<string, Endpoint>();
  for (const e of events) {
    if (!e.actor || e.objects.length === 0) continue;
    let endpoint = endpoints.get(e.endpoint);
    if (!endpoint) {
      const windows = new HourlyGroups<Window>(() => ({ actor: "", objects: new Set(), misses: 0 }));
      endpoints.set(
        e.endpoint,
        (endpoint = { host: e.host, method: e.method, template: e.template, windows, callers: new Map() }),
      );
    }
    const object = objectName(e.objects);
    const w = endpoint.windows.add(e.actor, e);
    w.actor = e.actor;
    w.objects.add(object);
    if (e.status === 404 || e.status === 403) w.misses++;
    let byActor = endpoint.callers.get(object);
    if (!byActor) endpoint.callers.set(object, (byActor = new Map()));
    byActor.set(e.actor, (byActor.get(e.actor) ?? 0) + 1);
  }
  const ownerOf = (ep: string, endpoint: Endpoint, object: string): string | null => {
    const byActor = new Map(options.objectCallers?.(ep, object));
    for (const [actor, n] of endpoint.callers.get(object) ?? []) byActor.set(actor, (byActor.get(actor) ?? 0) + n);
    let total = 0;
    let top: [string, number] = ["", 0];
    for (const entry of byActor) {
      total += entry[1];
      if (entry[1] > top[1]) top = entry;
    }
    return top[1] >= 2 && top[1] / total >= OWNER_SHARE ? top[0] : null;
  };

  const findings: Finding[] = [];
  for (const [ep, endpoint] of endpoints) {
    const all = [...endpoint.windows.values()];
    const norm = baselines.norm(
      "distinct objects per actor-hour",
      ep,
      all.map((w) => w.data.objects.size),
      all.map((w) => w.first),
    );
    for (const w of all) {
      const distinct = w.data.objects.size;
      if (!isFar(distinct, norm)) continue;
      const objects = [...w.data.objects];
      const owned = objects.map((o) => ownerOf(ep, endpoint, o)).filter((o): o is string => o !== null);
      const others = owned.filter((o) => o !== w.data.actor).length;
      const owners = new Set(owned.filter((o) => o !== w.data.actor)).size;
      const sequential = sequentialShare(objects);
      const missShare = w.data.misses / w.calls;
      const signs = [others / distinct >= OTHERS_SHARE, sequential >= SEQUENTIAL_SHARE, missShare >= MISS_SHARE].filter(
        Boolean,
      ).length;
      if (signs === 0) continue;
      const strong = signs >= 2 || others / distinct >= 0.5;
      findings.push({
        detector: "object-enumeration",
        campaign: `object-enumeration:${w.data.actor}:${ep}`,
        actor: w.data.actor,
        endpoint: { host: endpoint.host, method: endpoint.method, template: endpoint.template },
        from: w.first,
        to: w.last,
        severity: others > 0 ? "high" : "medium",
        confidence: Math.min(
          0.99,
          0.5 + 0.3 * Math.min(1, (others / distinct) * 2) + 0.1 * sequential + 0.1 * Math.min(1, missShare * 5),
        ),
        verdict: strong ? "attack" : "suspicious",
        title: `${distinct.toLocaleString("en")} distinct objects on ${ep} in an hour`,
        explanation:
          `${label(w.data.actor)} touched ${distinct.toLocaleString("en")} distinct objects on ${ep} within an hour; actors on this endpoint usually touch ${describeNorm(norm)}.` +
          (others
            ? ` ${others.toLocaleString("en")} of them belong to ${owners.toLocaleString("en")} other actor${owners === 1 ? "" : "s"} (who made nearly all other calls to them).`
            : "") +
          (sequential >= 0.5 ? ` The ids were walked in order (${Math.round(sequential * 100)}% evenly spaced).` : "") +
          (missShare >= 0.05 ? ` ${Math.round(missShare * 100)}% of the calls answered 404 or 403.` : ""),
        measures: [
          {
            name: "distinct objects in an hour",
            value: distinct,
            typical: norm.typical,
            spread: norm.spread,
            basis: `${norm.n.toLocaleString("en")} actor-hours on this endpoint`,
          },
        ],
        evidence: w.refs,
        facts: {
          distinctObjects: distinct,
          ownedByOthers: others,
          owners,
          sequentialShare: sequential,
          missShare,
          excess: excess(distinct, norm),
        },
      });
    }
  }
  return findings;
}

/** Share of consecutive numeric ids (in the order seen) that are evenly spaced: an enumeration walks ids in steps. */
export function sequentialShare(values: string[]): number {
  const numbers = values.map(Number).filter((n) => Number.isSafeInteger(n));
  if (numbers.length < 3) return 0;
  const steps = new Map<number, number>();
  for (let i = 1; i < numbers.length; i++) {
    const d = numbers[i]! - numbers[i - 1]!;
    steps.set(d, (steps.get(d) ?? 0) + 1);
  }
  const common = Math.max(...steps.values());
  return common / (numbers.length - 1);
}
