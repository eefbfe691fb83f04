// Business-logic abuse: bursts of reversals. Cancelling, refunding, voiding
// or deleting what was created is part of every business, at a share each
// API shows (Northwind's partners refund about one charge in ten). An actor
// whose state-changing calls within an hour undo ten times the usual share
// (at least ten reversals) is abusing the flow: refunds issued in bulk with a stolen key, loops
// of creating and cancelling to collect rewards or hold stock. The share is
// judged against the host's over all actors and batches (stored), so a
// nightly settlement that creates and refunds in the usual proportion is not.
import type { EventRef } from "../actors";
import { Baselines } from "../baselines";
import { FAR_RATIO } from "../robust";
import { endpointLabel, MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { clock, groupBy, HourlyGroups, HOUR, hourOf, type Group } from "../windows";
import { isSignIn } from "./credential-stuffing";

/** Fewer reversals than this in an hour is not a burst (isFar's bar for a typical of 1). */
export const MIN_REVERSALS = 10;
/** The host's share is known once it has seen this many state-changing calls besides the window judged (history and batch). */
export const MIN_STATE_CHANGES = 50;
const REVERSAL = /^(cancel|cancels|cancellations?|void|voids|reverse|reversals?|refund|refunds|revoke|rollback|chargebacks?)$/i;

/** What a call does to the business's state: creates something, undoes something, or neither (reads, updates, sign-ins). */
export function operationOf(e: Pick<DetectionEvent, "method" | "template">): "create" | "reverse" | null {
  if (isSignIn(e)) return null;
  const last = e.template.split("/").filter(Boolean).at(-1) ?? "";
  const item = last.startsWith("{");
  if (e.method === "DELETE") return item ? "reverse" : null;
  if (e.method !== "POST" && e.method !== "PUT" && e.method !== "PATCH") return null;
  if (REVERSAL.test(last)) return "reverse";
  return e.method === "POST" && !item ? "create" : null;
}

/** `byAddress`: the reversals per client address, with their refs: a stolen credential's burst comes from its own address. */
type Window = {
  actor: string; host: string; creates: number; reverses: number; byEndpoint: Map<string, number>; endpoint: { host: string; method: string; template: string } | null;
  byAddress: Map<string | null, { n: number; refs: EventRef[] }>;
};

export function businessLogic(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const label = options.label ?? String;
  const windows = new HourlyGroups<Window>(() => ({ actor: "", host: "", creates: 0, reverses: 0, byEndpoint: new Map(), endpoint: null, byAddress: new Map() }));
  for (const e of events) {
    // A refused call changed nothing: refunds tried with a revoked key are the refusals detector's.
    if (e.status !== null && e.status >= 400) continue;
    const op = operationOf(e);
    const actor = e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : null);
    if (!op || !actor) continue;
    const w = windows.add(`${actor}\u0000${e.host}`, e);
    w.actor = actor;
    w.host = e.host;
    if (op === "create") {
      w.creates++;
      continue;
    }
    w.reverses++;
    const ep = e.endpoint;
    const n = (w.byEndpoint.get(ep) ?? 0) + 1;
    w.byEndpoint.set(ep, n);
    if (!w.endpoint || n > (w.byEndpoint.get(endpointLabel(w.endpoint)) ?? 0)) w.endpoint = { host: e.host, method: e.method, template: e.template };
    let from = w.byAddress.get(e.clientIp);
    if (!from) w.byAddress.set(e.clientIp, (from = { n: 0, refs: [] }));
    from.n++;
    if (from.refs.length < MAX_EVIDENCE) from.refs.push(e.ref);
  }

  const byHost = groupBy<Group<Window>>(windows.values(), (w) => w.data.host);
  const findings: Finding[] = [];
  for (const [host, list] of byHost) {
    const far = (x: { yes: number; no: number }, usual: number) => x.yes >= MIN_REVERSALS && x.yes / (x.yes + x.no) >= Math.min(1, FAR_RATIO * usual);
    const counts = list.map((w) => ({ yes: w.data.reverses, no: w.data.creates }));
    // Stored under the workspace's subject (loaded with every batch), one measure per host.
    const norm = baselines.proportion(`reversal share on ${host}`, "*", counts, far);
    list.forEach((w, i) => {
      const { actor, creates, reverses } = w.data;
      const others = norm.n - reverses - creates;
      // The host's share is known only from enough calls besides the window's own.
      if (!norm.far[i] || others < MIN_STATE_CHANGES) return;
      const share = reverses / (reverses + creates);
      const usual = norm.share(counts[i]!);
      const pct = (x: number) => `${x >= 0.1 ? Math.round(x * 100) : Math.round(x * 1000) / 10}%`;
      const top = [...w.data.byEndpoint].sort((a, b) => b[1] - a[1]).slice(0, 3);
      const addresses = [...w.data.byAddress].sort((a, b) => b[1].n - a[1].n);
      const [mainIp, main] = addresses[0]!;
      // The reversals of the address that made most of them when it made most (the burst's own), else the hour's first from each address.
      const evidence = main.n * 2 >= reverses ? main.refs : addresses.flatMap(([, a]) => a.refs).slice(0, MAX_EVIDENCE);
      findings.push({
        detector: "business-logic",
        campaign: `business-logic:${actor}:${host}`,
        actor,
        endpoint: w.data.endpoint,
        from: w.first,
        to: w.last,
        severity: reverses >= 100 ? "high" : "medium",
        confidence: Math.min(0.9, 0.55 + 0.1 * Math.log10(reverses) + 0.1 * share),
        verdict: "suspicious",
        title: `${label(actor)} undid ${reverses.toLocaleString("en")} operations within an hour on ${host}`,
        explanation:
          `${label(actor)} made ${reverses.toLocaleString("en")} reversal${reverses === 1 ? "" : "s"} (${top.map(([ep, n]) => `${ep} × ${n.toLocaleString("en")}`).join(", ")}) ` +
          `and ${creates.toLocaleString("en")} creation${creates === 1 ? "" : "s"} in the hour from ${clock(hourOf(w.first) * HOUR)} UTC: ` +
          `${pct(share)} of its state-changing calls undid something${main.n * 2 >= reverses && addresses.length > 1 ? `, ${main.n.toLocaleString("en")} of the reversals from ${mainIp ?? "an unknown address"}` : ""}; ` +
          `on ${host} the share is ${pct(usual)} over ${others.toLocaleString("en")} other state-changing calls. ` +
          `Bursts of refunds or cancellations are how refund fraud with a stolen credential, and loops of creating and cancelling to collect rewards or hold stock, look.`,
        measures: [{ name: "reversals among state-changing calls (%)", value: Math.round(share * 1000) / 10, typical: Math.round(usual * 1000) / 10, spread: 0, basis: `${others.toLocaleString("en")} other state-changing calls on ${host}` }],
        evidence,
        facts: { reversals: reverses, creations: creates, share, usualShare: usual, endpoints: Object.fromEntries(top) },
      });
    });
  }
  return findings;
}
