// Business-logic abuse by the order of calls: a sequence model per peer
// group. Clients walk an API's flows in a few orders (the app reads a card,
// pays, then shows the payment); a script that calls the step it wants
// directly, over and over (testing stolen cards on the payment endpoint,
// skipping the checks a flow puts first), makes steps its peers almost never
// make. The model is first-order: for each endpoint, how often each endpoint
// is the group's next call within a session, stored per endpoint (so a batch
// reads only its endpoints' rows) and learnt batch by batch. An actor-hour
// is flagged when most of its steps are ones the group takes under 1% of the
// time after the same call, at least ten of them, far above the group's usual
// number of such steps per actor-hour. Every count it is judged against
// leaves its own hour out, so a script cannot teach the model its own order;
// and an actor-hour counts a step at most MAX_STEP_REPEATS times, so one
// script's thousand repeats cannot make its step usual for another's (two
// bursts on the payment endpoint in the same batch hid each other).
import type { EventRef } from "../actors";
import { Baselines } from "../baselines";
import { describeNorm, isFar } from "../robust";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { batchPeerUse, groupLabel } from "./function-level";
import { clock, groupBy, HOUR, hourOf, identifiedActorCalls } from "../windows";

/** Calls further apart than this are two sessions: no step between them. */
export const SESSION_GAP = 30 * 60_000;
/** A step is unusual when the group takes it less often than this after the same call. */
export const RARE_STEP = 0.01;
/** What follows an endpoint is known once the group was seen to follow it this often (besides the hour judged). */
export const MIN_FOLLOWS = 200;
/** Fewer unusual steps than this in an hour is a quirk, not a script. */
export const MIN_UNUSUAL = 10;
/** What one actor-hour adds to its group's counts of a step, at most: people repeat a step a few times an hour. */
export const MAX_STEP_REPEATS = 3;

/** The group's next calls after an endpoint, stored under that endpoint. */
const nextMeasure = (group: string) => `next call of ${group}`;
const normMeasure = (group: string) => `unusual steps per actor-hour of ${group}`;

type Step = { from: string; to: string; ref: EventRef; event: DetectionEvent };
type Window = {
  actor: string;
  group: string;
  steps: Step[];
  calls: number;
  failed: number;
  first: number;
  last: number;
};

export function sequence(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const label = options.label ?? String;
  const peers = options.peerUse ?? batchPeerUse(events);

  // 1. Each identified actor's steps, hour by hour (addresses are not judged by peers: see function-level).
  // Counts are nested maps (group → from → to), never a joined key per step: a million events make ~a million steps.
  const windows: Window[] = [];
  for (const [actor, calls] of identifiedActorCalls(events)) {
    const group = peers.groupOf(actor);
    let w: Window | null = null;
    let hour = NaN;
    calls.forEach((e, i) => {
      if (!w || hour !== hourOf(e.ts)) {
        windows.push((w = { actor, group, steps: [], calls: 0, failed: 0, first: e.ts, last: e.ts }));
        hour = hourOf(e.ts);
      }
      w.calls++;
      if (e.status !== null && e.status >= 400) w.failed++;
      w.last = e.ts;
      const prev = calls[i - 1];
      if (!prev || e.ts - prev.ts > SESSION_GAP) return;
      w.steps.push({ from: prev.endpoint, to: e.endpoint, ref: e.ref, event: e });
    });
  }
  // Each window's steps counted (each at most MAX_STEP_REPEATS), and the group's counts in the batch.
  const ownOf = new Map<Window, Counts>();
  const batch = new Map<string, Counts>();
  for (const w of windows) {
    const own: Counts = new Map();
    for (const s of w.steps) bump(own, s.from, s.to);
    ownOf.set(w, own);
    let byFrom = batch.get(w.group);
    if (!byFrom) batch.set(w.group, (byFrom = new Map()));
    add(byFrom, own);
  }

  // 2. Each step against the group's stored and batch counts, the window's own left out.
  const totals = new Map<
    string,
    Map<
      string,
      {
        stored: ReadonlyMap<string, number>;
        storedTotal: number;
        batchNext: ReadonlyMap<string, number>;
        batchTotal: number;
      }
    >
  >();
  const countsOf = (group: string, from: string) => {
    let byFrom = totals.get(group);
    if (!byFrom) totals.set(group, (byFrom = new Map()));
    let t = byFrom.get(from);
    if (!t) {
      const stored = baselines.categories(nextMeasure(group), from);
      const batchNext = batch.get(group)?.get(from) ?? new Map<string, number>();
      byFrom.set(
        from,
        (t = { stored, storedTotal: sum(stored.values()), batchNext, batchTotal: sum(batchNext.values()) }),
      );
    }
    return t;
  };
  const judged = windows.map((w) => {
    const own = ownOf.get(w)!;
    const unusual: { step: Step; share: number; follows: number }[] = [];
    let known = 0;
    for (const s of w.steps) {
      const t = countsOf(w.group, s.from);
      const ownNext = own.get(s.from)!;
      // What the window added to the batch's counts is left out (each step at most MAX_STEP_REPEATS times).
      let ownTotal = 0;
      for (const n of ownNext.values()) ownTotal += capped(n);
      const follows = t.storedTotal + t.batchTotal - ownTotal;
      if (follows < MIN_FOLLOWS) continue;
      known++;
      const taken = (t.stored.get(s.to) ?? 0) + (t.batchNext.get(s.to) ?? 0) - capped(ownNext.get(s.to)!);
      const share = Math.max(0, taken) / follows;
      if (share < RARE_STEP) unusual.push({ step: s, share, follows });
    }
    return { w, known, unusual, own };
  });
  /** What the group usually calls after an endpoint (the window's own steps left out): the three most common next calls and their shares. */
  const usualAfter = (group: string, from: string, own: Map<string, Map<string, number>>): [string, number][] => {
    const t = countsOf(group, from);
    const next = new Map(t.stored);
    const ownNext = own.get(from);
    for (const [to, n] of t.batchNext) next.set(to, (next.get(to) ?? 0) + n - capped(ownNext?.get(to) ?? 0));
    const total = [...next.values()].reduce((s, n) => s + Math.max(0, n), 0);
    return [...next]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([to, n]) => [to, n / total]);
  };

  // 3. The group's usual number of unusual steps per actor-hour; far windows are findings and teach nothing.
  const findings: Finding[] = [];
  const flagged = new Set<Window>();
  for (const [group, list] of groupBy(
    judged.filter((j) => j.known > 0),
    (j) => j.w.group,
  )) {
    const norm = baselines.norm(
      normMeasure(group),
      "*",
      list.map((j) => j.unusual.length),
    );
    for (const { w, known, unusual, own } of list) {
      const u = unusual.length;
      if (u < MIN_UNUSUAL || u * 2 < known || !isFar(u, norm)) continue;
      flagged.add(w);
      findings.push(finding(w, known, unusual, norm, label, (from) => usualAfter(w.group, from, own)));
    }
  }
  // Learnt: the windows not flagged, in hours the baselines learn (an hour judged again as a stream goes on, once).
  const learnt = new Map<string, Counts>();
  for (const w of windows) {
    if (flagged.has(w) || !baselines.learns(w.first)) continue;
    let byFrom = learnt.get(w.group);
    if (!byFrom) learnt.set(w.group, (byFrom = new Map()));
    add(byFrom, ownOf.get(w)!);
  }
  for (const [group, byFrom] of learnt)
    for (const [from, next] of byFrom) baselines.learnCategories(nextMeasure(group), from, next);
  return findings;
}

/** Nested counts of steps: from → to → n. */
type Counts = Map<string, Map<string, number>>;

const capped = (n: number) => Math.min(n, MAX_STEP_REPEATS);

/** Adds a window's steps to a group's counts, each at most MAX_STEP_REPEATS times. */
function add(into: Counts, own: Counts): void {
  for (const [from, next] of own) {
    let to = into.get(from);
    if (!to) into.set(from, (to = new Map()));
    for (const [step, n] of next) to.set(step, (to.get(step) ?? 0) + capped(n));
  }
}

const sum = (counts: Iterable<number>) => {
  let total = 0;
  for (const n of counts) total += n;
  return total;
};

/** Counts one step in nested counts (from → to → n). */
function bump(counts: Map<string, Map<string, number>>, from: string, to: string): void {
  let next = counts.get(from);
  if (!next) counts.set(from, (next = new Map()));
  next.set(to, (next.get(to) ?? 0) + 1);
}

const short = (endpoint: string) => endpoint.replace(/^(\S+) [^/]*/, "$1 ");
/** "never in 976 calls", "0.4% of 976 calls". */
const taken = (share: number, follows: number) =>
  `${share === 0 ? "never in" : `${share >= 0.001 ? Math.round(share * 1000) / 10 : "<0.1"}% of`} ${Math.round(follows).toLocaleString("en")} calls`;

function finding(
  w: Window,
  known: number,
  unusual: { step: Step; share: number; follows: number }[],
  norm: ReturnType<Baselines["norm"]>,
  label: (a: string) => string,
  usualAfter: (from: string) => [string, number][],
): Finding {
  const u = unusual.length;
  const byStep = groupBy(unusual, (x) => `${x.step.from}\u0000${x.step.to}`);
  const top = [...byStep.values()].sort((a, b) => b.length - a.length).slice(0, 3);
  const failed = w.failed;
  const main = top[0]![0]!;
  const e = main.step.event;
  const steps = top.map(
    (l) =>
      `${short(l[0]!.step.from)} → ${short(l[0]!.step.to)} × ${l.length} (${taken(l[0]!.share, l[0]!.follows)} after ${short(l[0]!.step.from)})`,
  );
  const usual = usualAfter(main.step.from);
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  return {
    detector: "sequence",
    campaign: `sequence:${w.actor}`,
    actor: w.actor,
    endpoint: { host: e.host, method: e.method, template: e.template },
    from: w.first,
    to: w.last,
    severity: u >= 100 || failed * 2 >= w.calls ? "high" : "medium",
    confidence: Math.min(0.9, 0.5 + 0.1 * Math.log10(u) + 0.2 * (u / known)),
    verdict: "suspicious",
    title: `${label(w.actor)} called in an order its peers almost never follow: ${u} unusual steps within an hour`,
    explanation:
      `In the hour from ${clock(hourOf(w.first) * HOUR)} UTC, ${label(w.actor)} made ${w.calls.toLocaleString("en")} calls; ` +
      `${u} of its ${known} steps from one call to the next are ones ${groupLabel(w.group)} take less than ${RARE_STEP * 100}% of the time: ${steps.join("; ")}. ` +
      (usual.length
        ? `After ${short(main.step.from)} they usually call ${usual.map(([to, x]) => `${short(to)} (${percent(x)})`).join(", ")}. `
        : "") +
      `An actor of that group usually makes ${describeNorm(norm)} such steps in an hour (${norm.n.toLocaleString("en")} actor-hours). ` +
      (failed ? `${failed} of its ${w.calls.toLocaleString("en")} calls failed (4xx or 5xx). ` : "") +
      `A script calling the step it wants directly, over and over, skipping the calls a client's flow puts before it, looks like this: testing stolen cards on a payment endpoint, replaying a purchase, skipping a check.`,
    measures: [
      {
        name: "unusual steps in the hour",
        value: u,
        typical: norm.typical,
        spread: norm.spread,
        basis: `${norm.n.toLocaleString("en")} actor-hours of ${groupLabel(w.group)}`,
      },
    ],
    evidence: unusual.slice(0, MAX_EVIDENCE).map((x) => x.step.ref),
    // For the alert page: each unusual step beside what the group calls after the same endpoint.
    facts: {
      steps: known,
      unusual: u,
      failed,
      top: top.map((l) => ({
        from: l[0]!.step.from,
        to: l[0]!.step.to,
        times: l.length,
        share: l[0]!.share,
        usual: usualAfter(l[0]!.step.from).map(([to, share]) => ({ to, share })),
      })),
    },
  };
}
