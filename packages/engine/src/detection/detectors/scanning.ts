// Scanning and fuzzing: an actor whose calls within an hour mostly miss
// across many distinct paths, far more misses than actors usually get: a
// scanner walking a word list (/.env, /wp-login.php, /admin …) rather than a
// client using the API. A miss is a 404, or a 401/403: gateways answer routes
// they do not know with 403 (AWS API Gateway does), and a guess at an admin
// route is refused. Refusals count by distinct endpoint (method and
// template), not path: a client whose token expired is refused on the few
// endpoints it uses, whatever ids their paths carry.
import { describeNorm, excess, isFar } from "../robust";
import { Baselines } from "../baselines";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { HourlyGroups } from "../windows";
import type { EventRef } from "../actors";

/** Most of the actor's calls in the hour must miss: a busy client's few 404s are not a scan. */
const MISS_SHARE = 0.5;

/** `paths`: the distinct paths missed (404) and endpoints refused (401/403), each counted once. */
type Window = {
  actor: string;
  misses: number;
  refused: number;
  paths: Set<string>;
  examples: string[];
  missRefs: EventRef[];
};

/** What a miss counts as distinct: a 404's path, a refusal's endpoint; null: not a miss. */
function missedAs(e: DetectionEvent): string | null {
  if (e.status === 404) return e.path;
  if (e.status === 401 || e.status === 403) return e.endpoint;
  return null;
}

export function scanning(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const label = options.label ?? String;
  const baselines = options.baselines ?? new Baselines();
  const windows = new HourlyGroups<Window>(() => ({
    actor: "",
    misses: 0,
    refused: 0,
    paths: new Set(),
    examples: [],
    missRefs: [],
  }));
  for (const e of events) {
    if (!e.actor) continue;
    const w = windows.add(e.actor, e);
    w.actor = e.actor;
    const missed = missedAs(e);
    if (missed === null) continue;
    w.misses++;
    if (e.status !== 404) w.refused++;
    if (w.missRefs.length < MAX_EVIDENCE) w.missRefs.push(e.ref);
    if (!w.paths.has(missed)) {
      w.paths.add(missed);
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
        `${label(w.data.actor)} ${missedText(w.data)} of its ${w.calls.toLocaleString("en")} calls within an hour, ` +
        `on ${distinct.toLocaleString("en")} distinct ${w.data.refused ? "paths or endpoints" : "paths"} (${w.data.examples.join(", ")}${distinct > w.data.examples.length ? ", …" : ""}); ` +
        `actors usually miss on ${describeNorm(norm)} distinct paths an hour.`,
      measures: [
        {
          name: "distinct paths missed (404) or endpoints refused (401/403) in an hour",
          value: distinct,
          typical: norm.typical,
          spread: norm.spread,
          basis: `${norm.n.toLocaleString("en")} actor-hours`,
        },
      ],
      evidence: w.data.missRefs,
      facts: {
        misses: w.data.misses,
        refused: w.data.refused,
        calls: w.calls,
        distinctPaths: distinct,
        examples: w.data.examples,
        excess: excess(distinct, norm),
      },
    });
  }
  return findings;
}

/** "got 404 on 12", "was refused (401/403) on 160", "got 404 on 40 and was refused (401/403) on 3". */
function missedText(w: Window): string {
  const missed = w.misses - w.refused;
  const parts = [
    missed ? `got 404 on ${missed.toLocaleString("en")}` : null,
    w.refused ? `was refused (401/403) on ${w.refused.toLocaleString("en")}` : null,
  ];
  return parts.filter(Boolean).join(" and ");
}
