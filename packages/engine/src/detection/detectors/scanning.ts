// Scanning and fuzzing: an actor whose calls within an hour mostly miss (404)
// across many distinct paths, far more misses than actors usually get: a
// scanner walking a word list (/.env, /wp-login.php, /admin …) rather than a
// client using the API.
import { describeNorm, excess, isFar } from "../robust";
import { Baselines } from "../baselines";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { HourlyGroups } from "../windows";
import type { EventRef } from "../actors";

/** Most of the actor's calls in the hour must miss: a busy client's few 404s are not a scan. */
const MISS_SHARE = 0.5;

type Window = { actor: string; misses: number; paths: Set<string>; examples: string[]; missRefs: EventRef[] };

export function scanning(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const label = options.label ?? String;
  const baselines = options.baselines ?? new Baselines();
  const windows = new HourlyGroups<Window>(() => ({
    actor: "",
    misses: 0,
    paths: new Set(),
    examples: [],
    missRefs: [],
  }));
  for (const e of events) {
    if (!e.actor) continue;
    const w = windows.add(e.actor, e);
    w.actor = e.actor;
    if (e.status !== 404) continue;
    w.misses++;
    if (w.missRefs.length < MAX_EVIDENCE) w.missRefs.push(e.ref);
    if (!w.paths.has(e.path)) {
      w.paths.add(e.path);
      if (w.examples.length < 5) w.examples.push(e.path);
    }
  }
  const all = [...windows.values()];
  const norm = baselines.norm(
    "distinct missed paths per actor-hour",
    "*",
    all.map((w) => w.data.paths.size),
    all.map((w) => w.first),
  );
  const findings: Finding[] = [];
  for (const w of all) {
    const distinct = w.data.paths.size;
    const share = w.data.misses / w.calls;
    if (share < MISS_SHARE || !isFar(distinct, norm)) continue;
    findings.push({
      detector: "scanning",
      campaign: `scanning:${w.data.actor}`,
      actor: w.data.actor,
      endpoint: null,
      from: w.first,
      to: w.last,
      severity: "medium",
      confidence: Math.min(0.95, 0.5 + 0.45 * share),
      verdict: share >= 0.8 ? "attack" : "suspicious",
      title: `Scanning: ${distinct.toLocaleString("en")} unknown paths in an hour`,
      explanation:
        `${label(w.data.actor)} got 404 on ${w.data.misses.toLocaleString("en")} of its ${w.calls.toLocaleString("en")} calls within an hour, ` +
        `on ${distinct.toLocaleString("en")} distinct paths (${w.data.examples.join(", ")}${distinct > w.data.examples.length ? ", …" : ""}); ` +
        `actors usually miss on ${describeNorm(norm)} distinct paths an hour.`,
      measures: [
        {
          name: "distinct paths answered 404 in an hour",
          value: distinct,
          typical: norm.typical,
          spread: norm.spread,
          basis: `${norm.n.toLocaleString("en")} actor-hours`,
        },
      ],
      evidence: w.data.missRefs,
      facts: {
        misses: w.data.misses,
        calls: w.calls,
        distinctPaths: distinct,
        examples: w.data.examples,
        excess: excess(distinct, norm),
      },
    });
  }
  return findings;
}
