// Business-logic abuse: bursts of reversals. Cancelling, refunding, voiding
// or deleting what was created is part of every business, at a share each
// API shows (Northwind's partners refund about one charge in ten). An actor
// whose state-changing calls within an hour undo ten times the usual share
// (at least ten reversals) is abusing the flow: refunds issued in bulk with a stolen key, loops
// of creating and cancelling to collect rewards or hold stock. The share is
// judged against the host's over all actors and batches (stored), so a
// nightly settlement that creates and refunds in the usual proportion is not.
// A stolen key is often used by its owner in the same hour: the owner's
// creations dilute the thief's refunds, so for a key or other machine
// credential the address that made most of an hour's reversals is judged on
// its own calls too, where its network is new to the credential (a partner's
// own refund server, used before, is its business).
import type { EventRef } from "../actors";
import { Baselines } from "../baselines";
import { FAR_RATIO } from "../robust";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { clock, groupBy, HourlyGroups, HOUR, hourOf, type Group } from "../windows";
import { isSignIn } from "../../route-words";
import { isMachine } from "./geography";
import { networkOf } from "../geo";

/** Fewer reversals than this in an hour is not a burst (isFar's bar for a typical of 1). */
export const MIN_REVERSALS = 10;
/** The host's share is known once it has seen this many state-changing calls besides the window judged (history and batch). */
export const MIN_STATE_CHANGES = 50;
const REVERSAL =
  /^(cancel|cancels|cancellations?|void|voids|reverse|reversals?|refund|refunds|revoke|rollback|chargebacks?)$/i;

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

/** One address's calls in a window: reversals (with their refs) and creations. */
type FromAddress = { n: number; creates: number; refs: EventRef[] };
/** `byAddress`: per client address: a stolen credential's burst comes from its own address. */
type Window = {
  actor: string;
  host: string;
  creates: number;
  reverses: number;
  byEndpoint: Map<string, number>;
  /** A reversal on the endpoint with the most of them so far (the finding's endpoint). */
  top: DetectionEvent | null;
  byAddress: Map<string | null, FromAddress>;
};
/** A window's counts, and those of the address that made most of its reversals. */
type Counts = { yes: number; no: number; at: number; main: { ip: string | null; yes: number; no: number } | null };

export function businessLogic(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const label = options.label ?? String;
  // When each machine credential first made a state-changing call from each network in this batch.
  const firstFrom = new Map<string, Map<string, number>>();
  const windows = new HourlyGroups<Window>(() => ({
    actor: "",
    host: "",
    creates: 0,
    reverses: 0,
    byEndpoint: new Map(),
    top: null,
    byAddress: new Map(),
  }));
  for (const e of events) {
    // A refused call changed nothing: refunds tried with a revoked key are the refusals detector's.
    if (e.status !== null && e.status >= 400) continue;
    const op = operationOf(e);
    const actor = e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : null);
    if (!op || !actor) continue;
    const w = windows.add(`${actor}\u0000${e.host}`, e);
    w.actor = actor;
    w.host = e.host;
    let from = w.byAddress.get(e.clientIp);
    if (!from) {
      w.byAddress.set(e.clientIp, (from = { n: 0, creates: 0, refs: [] }));
      const network = e.clientIp && isMachine(actor) ? networkOf(e.clientIp) : null;
      if (network) {
        let nets = firstFrom.get(actor);
        if (!nets) firstFrom.set(actor, (nets = new Map()));
        if (!nets.has(network)) nets.set(network, e.ts);
      }
    }
    if (op === "create") {
      w.creates++;
      from.creates++;
      continue;
    }
    w.reverses++;
    const ep = e.endpoint;
    const n = (w.byEndpoint.get(ep) ?? 0) + 1;
    w.byEndpoint.set(ep, n);
    if (!w.top || n > w.byEndpoint.get(w.top.endpoint)!) w.top = e;
    from.n++;
    if (from.refs.length < MAX_EVIDENCE) from.refs.push(e.ref);
  }

  /** A network the credential used before this hour: stored, or earlier in the batch. */
  const knownNetwork = (actor: string, ip: string | null, hourStart: number) => {
    const network = ip ? networkOf(ip) : null;
    if (!network) return false;
    if (options.places?.(actor)?.networks.some((p) => p.place === network)) return true;
    return (firstFrom.get(actor)?.get(network) ?? Infinity) < hourStart;
  };
  const byHost = groupBy<Group<Window>>(windows.values(), (w) => w.data.host);
  const findings: Finding[] = [];
  for (const [host, list] of byHost) {
    const far = (x: { yes: number; no: number }, usual: number) =>
      x.yes >= MIN_REVERSALS && x.yes / (x.yes + x.no) >= Math.min(1, FAR_RATIO * usual);
    const counts = list.map((w): Counts => {
      const [ip, main] = [...w.data.byAddress].reduce((a, b) => (b[1].n > a[1].n ? b : a));
      // Its busiest address is a window of its own only where the credential called from others too, and from there for the first time.
      const apart =
        w.data.byAddress.size > 1 && isMachine(w.data.actor) && !knownNetwork(w.data.actor, ip, hourOf(w.first) * HOUR);
      const mainCounts = apart ? { ip, yes: main.n, no: main.creates } : null;
      return { yes: w.data.reverses, no: w.data.creates, at: w.first, main: mainCounts };
    });
    // Stored under the workspace's subject (loaded with every batch), one measure per host. Either the hour or its busiest address far out: not learnt.
    const norm = baselines.proportion(
      `reversal share on ${host}`,
      "*",
      counts,
      (x, usual) => far(x, usual) || (!!x.main && far(x.main, usual)),
    );
    list.forEach((w, i) => {
      const { actor, creates, reverses } = w.data;
      const others = norm.n - reverses - creates;
      // The host's share is known only from enough calls besides the window's own.
      if (!norm.far[i] || others < MIN_STATE_CHANGES) return;
      const usual = norm.share(counts[i]!);
      // Judged on the whole hour where that is far out, else on the address that made most of its reversals.
      const alone = far(counts[i]!, usual) ? null : counts[i]!.main!;
      const share = alone ? alone.yes / (alone.yes + alone.no) : reverses / (reverses + creates);
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
        endpoint: w.data.top && { host: w.data.top.host, method: w.data.top.method, template: w.data.top.template },
        from: w.first,
        to: w.last,
        severity: reverses >= 100 ? "high" : "medium",
        confidence: Math.min(0.9, 0.55 + 0.1 * Math.log10(reverses) + 0.1 * share),
        verdict: "suspicious",
        title: `${label(actor)} undid ${reverses.toLocaleString("en")} operations within an hour on ${host}`,
        explanation:
          `${label(actor)} made ${reverses.toLocaleString("en")} reversal${reverses === 1 ? "" : "s"} (${top.map(([ep, n]) => `${ep} × ${n.toLocaleString("en")}`).join(", ")}) ` +
          `and ${creates.toLocaleString("en")} creation${creates === 1 ? "" : "s"} in the hour from ${clock(hourOf(w.first) * HOUR)} UTC: ` +
          (alone
            ? `${pct(share)} of its state-changing calls from ${alone.ip ?? "an unknown address"} undid something (${alone.yes.toLocaleString("en")} reversals and ${alone.no.toLocaleString("en")} creations from there, ` +
              `${(creates - alone.no).toLocaleString("en")} creations from its other addresses: its usual calls beside someone else's burst?); `
            : `${pct(share)} of its state-changing calls undid something${main.n * 2 >= reverses && addresses.length > 1 ? `, ${main.n.toLocaleString("en")} of the reversals from ${mainIp ?? "an unknown address"}` : ""}; `) +
          `on ${host} the share is ${pct(usual)} over ${others.toLocaleString("en")} other state-changing calls. ` +
          `Bursts of refunds or cancellations are how refund fraud with a stolen credential, and loops of creating and cancelling to collect rewards or hold stock, look.`,
        measures: [
          {
            name: "reversals among state-changing calls (%)",
            value: Math.round(share * 1000) / 10,
            typical: Math.round(usual * 1000) / 10,
            spread: 0,
            basis: `${others.toLocaleString("en")} other state-changing calls on ${host}`,
          },
        ],
        evidence,
        facts: {
          reversals: reverses,
          creations: creates,
          share,
          usualShare: usual,
          endpoints: Object.fromEntries(top),
          ...(alone ? { address: alone.ip } : {}),
        },
      });
    });
  }
  return findings;
}
