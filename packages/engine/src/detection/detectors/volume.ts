// Volume anomaly: an actor calling an order of magnitude more within an hour
// than it does itself, at that hour of day (its own season: a partner that
// settles at 02:00 every night is normal at 02:00), at that hour of that
// weekday once it has weeks of history (a report run on Mondays is normal on
// Mondays) and over all its hours.
// Baseline-only, so an actor is judged only once it has a history: seen for
// a day, active in enough hours, and seen at that hour on earlier days.
import { describeNorm, excess, isFar, normOf, type Norm } from "../robust";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding, type Measure } from "../types";
import type { EventRef } from "../actors";
import { clock, HourlyGroups, HOUR, hourOf } from "../windows";

/** The learning period: how long an actor must have been seen, and in how many active hours, before its volume is judged. */
export const LEARNING_MS = 24 * HOUR;
export const MIN_HISTORY_HOURS = 12;
/** Its season is known once it was seen at that hour of day on two earlier days: one earlier day is an anecdote. */
export const MIN_SAME_HOUR_DAYS = 2;
/** Its weekly season is known once it was seen at that hour of that weekday in two earlier weeks. */
export const MIN_SAME_WEEKDAY_WEEKS = 2;
/** How far back an actor's own hours count (four weeks: enough for the weekly season). */
const LOOKBACK_HOURS = 28 * 24;
/** isFar needs ten times a typical of at least 1: an hour below this many calls can never be far, so it is not looked at. */
export const MIN_CANDIDATE_CALLS = 10;

/** An actor's stored hours before this batch: hour index → calls, and when it was first seen. */
export type ActorHistory = { firstSeen: number; hours: Map<number, number> };

/** Calls of an hour by endpoint and address: a burst is usually one of them, and its requests are the evidence. */
type Burst = { endpoint: string; ip: string | null; calls: number; refs: EventRef[] };
/** `bursts`: by endpoint, then address. */
type Window = { actor: string; endpoints: Map<string, number>; bursts: Map<string, Map<string | null, Burst>> };

export function volume(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const label = options.label ?? String;
  const windows = new HourlyGroups<Window>(() => ({ actor: "", endpoints: new Map(), bursts: new Map() }));
  const firstInBatch = new Map<string, number>();
  for (const e of events) {
    if (!e.actor) continue;
    if (!firstInBatch.has(e.actor)) firstInBatch.set(e.actor, e.ts);
    const w = windows.add(e.actor, e);
    w.actor = e.actor;
    const ep = e.endpoint;
    w.endpoints.set(ep, (w.endpoints.get(ep) ?? 0) + 1);
    let byIp = w.bursts.get(ep);
    if (!byIp) w.bursts.set(ep, (byIp = new Map()));
    let burst = byIp.get(e.clientIp);
    if (!burst) byIp.set(e.clientIp, (burst = { endpoint: ep, ip: e.clientIp, calls: 0, refs: [] }));
    burst.calls++;
    if (burst.refs.length < MAX_EVIDENCE) burst.refs.push(e.ref);
  }
  // Each actor's hours: the stored ones plus this batch's (an hour already stored adds up: a stream's batches split hours).
  const hoursOf = new Map<string, Map<number, number>>();
  for (const w of windows.values()) {
    let hours = hoursOf.get(w.data.actor);
    if (!hours) hoursOf.set(w.data.actor, (hours = new Map(options.actorHistory?.(w.data.actor)?.hours ?? [])));
    const hour = hourOf(w.first);
    hours.set(hour, (hours.get(hour) ?? 0) + w.calls);
  }

  const findings: Finding[] = [];
  for (const w of windows.values()) {
    const { actor } = w.data;
    const hour = hourOf(w.first);
    const hours = hoursOf.get(actor)!;
    const calls = hours.get(hour)!;
    if (calls < MIN_CANDIDATE_CALLS) continue;
    const firstSeen = Math.min(options.actorHistory?.(actor)?.firstSeen ?? Infinity, firstInBatch.get(actor)!);
    if (hour * HOUR - firstSeen < LEARNING_MS) continue;
    const prior = [...hours].filter(([h]) => h < hour && h >= hour - LOOKBACK_HOURS);
    const sameHour = prior.filter(([h]) => (hour - h) % 24 === 0).map(([, c]) => c);
    if (prior.length < MIN_HISTORY_HOURS || sameHour.length < MIN_SAME_HOUR_DAYS) continue;
    const sameWeekday = prior.filter(([h]) => (hour - h) % (7 * 24) === 0).map(([, c]) => c);
    const seasonal = normOf(sameHour);
    const weekly = sameWeekday.length >= MIN_SAME_WEEKDAY_WEEKS ? normOf(sameWeekday) : null;
    const overall = normOf(prior.map(([, c]) => c));
    // Far from every season it has: a nightly batch is far from the day's hours but not from its own nights, a Monday report not from its Mondays.
    if (!isFar(calls, seasonal) || !isFar(calls, overall) || (weekly && !isFar(calls, weekly))) continue;
    const ratio = calls / Math.max(1, seasonal.typical);
    const top = [...w.data.endpoints].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const burst = [...w.data.bursts.values()]
      .flatMap((byIp) => [...byIp.values()])
      .reduce((a, b) => (b.calls > a.calls ? b : a));
    const at = clock(hour * HOUR);
    const basis = (norm: Norm, what: string): Measure => ({
      name: `calls in an hour vs ${what}`,
      value: calls,
      typical: norm.typical,
      spread: norm.spread,
      basis: `${norm.n} of its earlier hours`,
    });
    findings.push({
      detector: "volume",
      campaign: `volume:${actor}`,
      actor,
      endpoint: null,
      from: w.first,
      to: w.last,
      severity: ratio >= 30 ? "high" : "medium",
      confidence: Math.min(0.9, 0.5 + 0.1 * Math.log10(ratio) + 0.05 * Math.min(4, sameHour.length)),
      verdict: "suspicious",
      title: `${label(actor)} called ${Math.round(ratio).toLocaleString("en")}× its usual volume`,
      explanation:
        `${label(actor)} made ${calls.toLocaleString("en")} calls in the hour from ${at} UTC; at this hour it usually makes ${describeNorm(seasonal)} ` +
        `(${sameHour.length} earlier day${sameHour.length === 1 ? "" : "s"})${weekly ? `, ${describeNorm(weekly)} on this weekday (${sameWeekday.length} earlier weeks)` : ""}, ` +
        `and ${describeNorm(overall)} over its ${prior.length} active hours before. ` +
        `Mostly ${top.map(([ep, n]) => `${ep} (${n.toLocaleString("en")})`).join(", ")}` +
        (burst.calls * 2 >= w.calls
          ? `; ${burst.calls.toLocaleString("en")} of them ${burst.endpoint} from ${burst.ip ?? "an unknown address"}.`
          : "."),
      measures: [
        basis(seasonal, "this hour of day"),
        ...(weekly ? [basis(weekly, "this hour on this weekday")] : []),
        basis(overall, "all its hours"),
      ],
      // The largest burst's requests when it is most of the hour (the extra calls), else the hour's first.
      evidence: burst.calls * 2 >= w.calls ? burst.refs : w.refs,
      facts: {
        calls,
        ratio,
        endpoints: Object.fromEntries(top),
        burst: { endpoint: burst.endpoint, address: burst.ip, calls: burst.calls },
        excess: excess(calls, seasonal),
        historyHours: prior.length,
      },
    });
  }
  return findings;
}
