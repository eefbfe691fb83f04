// New client: an established actor calling with a client (user-agent family,
// versions dropped) it never used, one its peers almost never use either: a
// person's token replayed by a script (python-requests where the group uses
// the mobile app), an infostealer driving a session from the victim's own
// network. Nothing else need change: same country, usual volume, usual
// endpoints. A new browser or the app on a new phone is ordinary (many peers
// use it), and so is a client change in a group too small to say what is
// usual. A new client from a new country is the geography detector's.
//
// Peers' clients are a stored count per group of the actors that used each
// family (under the workspace subject, learnt as actors first use one); a
// flagged client is learnt neither for the actor nor for its group.
import type { EventRef } from "../actors";
import { Baselines } from "../baselines";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import { clock, identifiedActorCalls } from "../windows";
import { batchPeerUse, groupLabel, MIN_PEERS, RARE_SHARE } from "./function-level";
import { ESTABLISHED_CALLS, ESTABLISHED_MS, MAX_AGENTS } from "./geography";

const clientsMeasure = (group: string) => `clients of ${group}`;

type Candidate = {
  actor: string;
  client: string;
  known: string[];
  before: { calls: number; since: number };
  at: number;
  last: number;
  calls: number;
  ips: Set<string>;
  endpoints: Map<string, number>;
  refs: EventRef[];
};

export function newClient(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const peers = options.peerUse ?? batchPeerUse(events);
  const candidates: Candidate[] = [];
  /** Per actor: the batch's clients that were new to it (for the group's counts), and its candidates by client. */
  const firstUses = new Map<string, Set<string>>();
  for (const [actor, calls] of identifiedActorCalls(events)) {
    const history = options.places?.(actor);
    const stored = history?.agents ?? [];
    const known = new Set(stored.map((a) => a.place));
    // Its calls and first call before this batch: countries hold the located ones, networks (keys only) the rest.
    const sum = (list: { calls: number }[] = []) => list.reduce((n, p) => n + p.calls, 0);
    let seen = Math.max(sum(history?.countries), sum(history?.networks));
    let since = Math.min(
      ...[...(history?.countries ?? []), ...(history?.networks ?? []), ...stored].map((p) => p.firstSeen),
      calls[0]!.ts,
    );
    const roaming = known.size > MAX_AGENTS;
    const open = new Map<string, Candidate>();
    for (const e of calls) {
      const c = e.agent ? open.get(e.agent) : undefined;
      if (c) {
        c.calls++;
        c.last = e.ts;
        if (e.clientIp && c.ips.size < 5) c.ips.add(e.clientIp);
        const ep = e.endpoint;
        c.endpoints.set(ep, (c.endpoints.get(ep) ?? 0) + 1);
        if (c.refs.length < MAX_EVIDENCE) c.refs.push(e.ref);
      } else if (e.agent && !known.has(e.agent)) {
        if (!roaming) {
          let uses = firstUses.get(actor);
          if (!uses) firstUses.set(actor, (uses = new Set()));
          uses.add(e.agent);
        }
        // Judged where its clients are known: some, not so many that any is ordinary; once established.
        if (known.size >= 1 && !roaming && seen >= ESTABLISHED_CALLS && e.ts - since >= ESTABLISHED_MS) {
          const candidate: Candidate = {
            actor,
            client: e.agent,
            known: [...known],
            before: { calls: seen, since },
            at: e.ts,
            last: e.ts,
            calls: 1,
            ips: new Set(e.clientIp ? [e.clientIp] : []),
            endpoints: new Map([[e.endpoint, 1]]),
            refs: [e.ref],
          };
          open.set(e.agent, candidate);
          candidates.push(candidate);
        }
        known.add(e.agent);
      }
      seen++;
      since = Math.min(since, e.ts);
    }
  }

  // Peers' use: actors of the group that used the client before (stored) or in this batch, the actor itself left out.
  const batchUsers = new Map<string, number>();
  for (const [actor, clients] of firstUses) {
    const group = peers.groupOf(actor);
    for (const client of clients)
      batchUsers.set(`${group}\u0000${client}`, (batchUsers.get(`${group}\u0000${client}`) ?? 0) + 1);
  }
  const label = options.label ?? String;
  const findings: Finding[] = [];
  const flagged = new Set<string>();
  for (const c of candidates) {
    const group = peers.groupOf(c.actor);
    const size = peers.peers(group);
    if (size < MIN_PEERS) continue;
    const users =
      (baselines.categories(clientsMeasure(group), "*").get(c.client) ?? 0) +
      (batchUsers.get(`${group}\u0000${c.client}`) ?? 0) -
      1;
    if (users / size > RARE_SHARE) continue;
    flagged.add(`${c.actor}\u0000${c.client}`);
    findings.push(finding(c, group, size, Math.max(0, Math.round(users)), label(c.actor)));
  }

  const learnt = new Map<string, Map<string, number>>();
  for (const [actor, clients] of firstUses) {
    const group = peers.groupOf(actor);
    for (const client of clients) {
      if (flagged.has(`${actor}\u0000${client}`)) continue;
      let m = learnt.get(group);
      if (!m) learnt.set(group, (m = new Map()));
      m.set(client, (m.get(client) ?? 0) + 1);
    }
  }
  for (const [group, added] of learnt) baselines.learnCategories(clientsMeasure(group), "*", added);
  return findings;
}

function finding(c: Candidate, group: string, size: number, users: number, who: string): Finding {
  const top = [...c.endpoints].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const days = Math.max(1, Math.round((c.at - c.before.since) / 86_400_000));
  return {
    detector: "new-client",
    campaign: `new-client:${c.actor}:${c.client}`,
    actor: c.actor,
    endpoint: null,
    from: c.at,
    to: c.last,
    severity: "medium",
    confidence: Math.min(0.85, 0.55 + 0.05 * Math.log10(c.calls) + (users === 0 ? 0.1 : 0)),
    verdict: "suspicious",
    title: `${who} called with a client it never used: ${c.client}`,
    explanation:
      `${who} made ${c.calls.toLocaleString("en")} call${c.calls === 1 ? "" : "s"} with ${c.client} (${[...c.ips].join(", ")}) from ${clock(c.at)} UTC to ${clock(c.last)} UTC: ` +
      `${top.map(([ep, n]) => `${ep} × ${n.toLocaleString("en")}`).join(", ")}. Before, over ${c.before.calls.toLocaleString("en")} calls in ${days} day${days === 1 ? "" : "s"}, it only used ${c.known.slice(0, 3).join(", ")}. ` +
      `${users === 0 ? "None" : users.toLocaleString("en")} of the other ${(size - 1).toLocaleString("en")} ${groupLabel(group)} ${users === 1 ? "has" : "have"} used ${c.client}. ` +
      `A credential driven by a client its owner never used, and its peers do not use, is what a stolen token or session replayed by a script looks like.`,
    measures: [],
    evidence: c.refs,
    facts: {
      client: c.client,
      known: c.known,
      calls: c.calls,
      peersUsing: users,
      peers: size,
      addresses: [...c.ips],
      endpoints: Object.fromEntries(top),
    },
  };
}
