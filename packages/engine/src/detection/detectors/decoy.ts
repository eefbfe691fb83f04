// Decoy endpoints: paths the workspace declared it never uses (a fake admin
// export, a /.git/ folder). No legitimate client has a reason to call one, so
// any call is an alert with high confidence, no baseline needed. A decoy
// ending in "*" covers every path under it. One alert per caller, naming
// every decoy it touched.
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import type { EventRef } from "../actors";

type Hit = {
  who: string;
  actor: string | null;
  decoys: Set<string>;
  first: number;
  last: number;
  calls: number;
  paths: Set<string>;
  ips: Set<string>;
  refs: EventRef[];
};

/** The decoy a path falls under, if any. */
export function decoyOf(path: string, decoys: string[]): string | null {
  for (const d of decoys) {
    if (d.endsWith("*") ? path.startsWith(d.slice(0, -1)) : path === d || path === `${d}/`) return d;
  }
  return null;
}

export function decoy(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const decoys = options.decoys ?? [];
  if (decoys.length === 0) return [];
  const label = options.label ?? String;
  const hits = new Map<string, Hit>();
  for (const e of events) {
    const d = decoyOf(e.path, decoys);
    if (!d) continue;
    // An anonymous call with no address still counts: it is named by what little is known.
    const who = e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : "unknown");
    let h = hits.get(who);
    if (!h)
      hits.set(
        who,
        (h = {
          who,
          actor: e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : null),
          decoys: new Set(),
          first: e.ts,
          last: e.ts,
          calls: 0,
          paths: new Set(),
          ips: new Set(),
          refs: [],
        }),
      );
    h.calls++;
    h.last = e.ts;
    h.decoys.add(d);
    if (h.paths.size < 5) h.paths.add(`${e.method} ${e.path}`);
    if (e.clientIp && h.ips.size < 5) h.ips.add(e.clientIp);
    if (h.refs.length < MAX_EVIDENCE) h.refs.push(e.ref);
  }
  return [...hits.values()].map((h) => {
    const decoys = [...h.decoys].join(", ");
    return {
      detector: "decoy" as const,
      campaign: `decoy:${h.who}`,
      actor: h.actor,
      endpoint: null,
      from: h.first,
      to: h.last,
      severity: "high" as const,
      confidence: 0.95,
      verdict: "attack" as const,
      title: `Decoy${h.decoys.size === 1 ? "" : "s"} ${decoys} called`,
      explanation:
        `${h.actor ? label(h.actor) : "An unidentified client"} called the decoy${h.decoys.size === 1 ? "" : "s"} ${decoys} ${h.calls === 1 ? "once" : `${h.calls.toLocaleString("en")} times`} ` +
        `(${[...h.paths].join(", ")}${h.ips.size ? ` from ${[...h.ips].join(", ")}` : ""}). ` +
        `Decoys are paths this workspace declared it never uses: no legitimate client has a reason to call one, so whoever did is exploring the API.`,
      measures: [],
      evidence: h.refs,
      facts: { decoys: [...h.decoys], calls: h.calls, paths: [...h.paths], addresses: [...h.ips] },
    };
  });
}
