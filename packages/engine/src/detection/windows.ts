// Hourly windows: detectors judge what an actor (or an endpoint) did within
// an hour against the same measure in other hours and of other actors.
import { MAX_EVIDENCE, type DetectionEvent } from "./types";
import type { EventRef } from "./actors";

export const HOUR = 3_600_000;
export const hourOf = (ts: number) => Math.floor(ts / HOUR);
/** "14:05": a moment's UTC clock time, as explanations say it ("the hour from 14:00 UTC" is clock(hourOf(ts) * HOUR)). */
export const clock = (ts: number) => new Date(ts).toISOString().slice(11, 16);

/** One window: its key, time span, calls, refs (up to the evidence limit) and the detector's own data. */
export type Group<T> = { key: string; first: number; last: number; refs: EventRef[]; calls: number; data: T };

/**
 * Events grouped by a key (an actor, an endpoint) and the hour they fall in,
 * keeping their refs (up to the evidence limit) and their time span. Kept as
 * key → hour → window rather than by a joined key: a string built and hashed
 * per event and detector was seconds over a million events.
 */
export class HourlyGroups<T> {
  private readonly byKey = new Map<string, Map<number, Group<T>>>();
  private count = 0;

  constructor(private readonly init: () => T) {}

  add(key: string, e: DetectionEvent): T {
    let hours = this.byKey.get(key);
    if (!hours) this.byKey.set(key, (hours = new Map()));
    const hour = hourOf(e.ts);
    let g = hours.get(hour);
    if (!g) {
      hours.set(hour, (g = { key, first: e.ts, last: e.ts, refs: [], calls: 0, data: this.init() }));
      this.count++;
    }
    g.calls++;
    g.last = e.ts;
    if (g.refs.length < MAX_EVIDENCE) g.refs.push(e.ref);
    return g.data;
  }

  get size(): number {
    return this.count;
  }

  /** A key's windows, in the order their hours first came. */
  of(key: string): Iterable<Group<T>> {
    return this.byKey.get(key)?.values() ?? [];
  }

  keys(): Iterable<string> {
    return this.byKey.keys();
  }

  *values(): Generator<Group<T>> {
    for (const hours of this.byKey.values()) yield* hours.values();
  }
}

/** The key with the largest count (the first of equals). */
export function busiest<K>(counts: Map<K, number>): K {
  return [...counts].reduce((x, y) => (y[1] > x[1] ? y : x))[0];
}

/** Items by a key, in their order (appending in place: a copy per item is quadratic on a million events). */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const actorCallsCache = new WeakMap<DetectionEvent[], Map<string, DetectionEvent[]>>();
/**
 * Each identified actor's calls (addresses left out), in time order. Worked
 * out once per batch and shared: several detectors walk actors call by call,
 * and over a million events a grouping and a sort each is seconds.
 */
export function identifiedActorCalls(events: DetectionEvent[]): ReadonlyMap<string, readonly DetectionEvent[]> {
  let calls = actorCallsCache.get(events);
  if (!calls) {
    calls = groupBy(
      events.filter((e) => e.actor && !e.actor.startsWith("ip:")),
      (e) => e.actor!,
    );
    for (const list of calls.values()) list.sort((a, b) => a.ts - b.ts);
    actorCallsCache.set(events, calls);
  }
  return calls;
}
