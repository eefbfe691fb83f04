// Refusals: an identified actor refused (401/403) within an hour far more
// often than actors of its peer group are, most of its calls refused. A
// credential refused again and again is revoked, expired or not in its
// holder's hands: a stolen key still tried after the owner rotated it, or
// someone probing what a token may reach. Anonymous callers are the
// stuffing and scanning detectors' to judge. The norm is kept per peer group
// across uploads (refusals per actor-hour); a burst is not learnt.
import type { EventRef } from "../actors";
import { Baselines } from "../baselines";
import { describeNorm, excess, isFar } from "../robust";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { clock, groupBy, HourlyGroups, HOUR, hourOf } from "../windows";
import { batchPeerUse, groupLabel } from "./function-level";

/** Most of the hour's calls refused: a busy actor with a few refusals is not this. */
const MOSTLY_REFUSED = 0.5;
const refused = (s: number | null) => s === 401 || s === 403;

type Window = { actor: string; refused: number; byEndpoint: Map<string, number>; refs: EventRef[] };

export function refusals(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const label = options.label ?? String;
  const windows = new HourlyGroups<Window>(() => ({ actor: "", refused: 0, byEndpoint: new Map(), refs: [] }));
  for (const e of events) {
    if (!e.actor || e.actor.startsWith("ip:")) continue;
    const w = windows.add(e.actor, e);
    w.actor = e.actor;
    if (!refused(e.status)) continue;
    w.refused++;
    const ep = e.endpoint;
    w.byEndpoint.set(ep, (w.byEndpoint.get(ep) ?? 0) + 1);
    if (w.refs.length < MAX_EVIDENCE) w.refs.push(e.ref);
  }
  if (windows.size === 0) return [];
  const use = options.peerUse ?? batchPeerUse(events);
  const findings: Finding[] = [];
  for (const [group, list] of groupBy(windows.values(), (w) => use.groupOf(w.data.actor))) {
    // One stored norm per peer group, under the workspace's subject.
    const norm = baselines.norm(
      `refusals per actor-hour of ${group}`,
      "*",
      list.map((w) => w.data.refused),
      list.map((w) => w.first),
    );
    for (const w of list) {
      const { actor, refused: n } = w.data;
      if (!isFar(n, norm) || n / w.calls < MOSTLY_REFUSED) continue;
      const top = [...w.data.byEndpoint].sort((a, b) => b[1] - a[1]).slice(0, 3);
      findings.push({
        detector: "refusals",
        campaign: `refusals:${actor}`,
        actor,
        endpoint: null,
        from: w.first,
        to: w.last,
        severity: n >= 100 ? "high" : "medium",
        confidence: Math.min(0.9, 0.55 + 0.05 * Math.min(4, excess(n, norm) / 8) + 0.1 * (n / w.calls)),
        verdict: "suspicious",
        title: `${label(actor)} refused ${n.toLocaleString("en")} times within an hour`,
        explanation:
          `${label(actor)} was refused (401/403) ${n.toLocaleString("en")} times in the hour from ${clock(hourOf(w.first) * HOUR)} UTC, ` +
          `${Math.round((n / w.calls) * 100)}% of its ${w.calls.toLocaleString("en")} calls (${top.map(([ep, c]) => `${ep} × ${c.toLocaleString("en")}`).join(", ")}); ` +
          `${groupLabel(group)} are usually refused ${describeNorm(norm)} times an hour (${norm.n.toLocaleString("en")} actor-hours). ` +
          `A credential refused again and again is revoked, expired or not in its holder's hands: a stolen key tried after it was rotated, or someone probing what it may reach.`,
        measures: [
          {
            name: "refusals in an hour",
            value: n,
            typical: norm.typical,
            spread: norm.spread,
            basis: `${norm.n.toLocaleString("en")} actor-hours of ${groupLabel(group)}`,
          },
        ],
        evidence: w.data.refs,
        facts: { refused: n, calls: w.calls, group, endpoints: Object.fromEntries(top) },
      });
    }
  }
  return findings;
}
