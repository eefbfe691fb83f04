// Function-level abuse (BFLA): an established actor calling endpoints its
// peer group almost never uses: a mobile-app user reading the admin user
// list, a partner key calling an internal ledger. Actors are clustered by
// how they use the APIs: their kind (signed-in users, API keys …) and the
// service most of their calls go to (the mobile app's users of the public
// API, partners of the partner API, jobs of the ledger), so a user reaching
// the partner API stands out even when partners sign in like users do. Judged only when the actor, the endpoint and
// the workspace each have a day of history; an actor that already uses
// endpoints rare in its group (staff, a special integration) has a role of
// its own, so its group is not its peers and it is left alone.
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import type { EventRef } from "../actors";
import { busiest, groupBy, HOUR } from "../windows";

/** "Never uses": at most this share of the group ever called the endpoint. */
export const RARE_SHARE = 0.01;
/** A group this small says little about what is normal for it. */
export const MIN_PEERS = 50;
const LEARNING_MS = 24 * HOUR;

/** What the workspace knew before this batch about who calls what. */
export type PeerUse = {
  /** The endpoints (as endpointLabel) the actor called before this batch. */
  usedBefore: (actor: string) => Set<string>;
  /** An actor's peer group (peerGroup: kind and main service). */
  groupOf: (actor: string) => string;
  /** Actors of a group, and how many of them called an endpoint before this batch (counted for identified actors' groups only). */
  peers: (group: string) => number;
  callers: (endpoint: string, group: string) => number;
  /** First seen before this batch: the actor, the endpoint; and when the workspace's data begins. */
  actorSince: (actor: string) => number | undefined;
  endpointSince: (endpoint: string) => number | undefined;
  workspaceSince: number;
};

const GROUP_LABEL: Record<string, string> = {
  jwt_sub: "signed-in users",
  api_key: "API keys",
  consumer: "gateway consumers",
  basic_user: "basic-auth users",
  remote_user: "remote users",
  bearer: "bearer tokens",
  session: "sessions",
};
/** An actor's identity kind ("jwt_sub" of "jwt_sub:alice"). */
export const kindOf = (actor: string) => actor.slice(0, actor.indexOf(":"));
/** A peer group: the identity kind, and the service (host) most of the actor's calls go to when known. */
export const peerGroup = (kind: string, host: string | null) => (host ? `${kind}@${host}` : kind);
/** "signed-in users of api.example". */
export function groupLabel(group: string): string {
  const at = group.indexOf("@");
  const kind = at < 0 ? group : group.slice(0, at);
  return `${GROUP_LABEL[kind] ?? `${kind} actors`}${at < 0 ? "" : ` of ${group.slice(at + 1)}`}`;
}

type Pair = {
  actor: string;
  endpoint: string;
  first: number;
  last: number;
  calls: number;
  answered: number;
  denied: number;
  refs: EventRef[];
};

/** Without stored history, the batch is its own: every actor and endpoint as first seen in it, each actor in the group of its busiest service. */
export function batchPeerUse(events: DetectionEvent[]): PeerUse {
  const actors = new Map<string, { since: number; hosts: Map<string, number> }>();
  const endpoints = new Map<string, number>();
  for (const e of events) {
    if (e.actor) {
      let a = actors.get(e.actor);
      if (!a) actors.set(e.actor, (a = { since: e.ts, hosts: new Map() }));
      a.hosts.set(e.host, (a.hosts.get(e.host) ?? 0) + 1);
    }
    const ep = e.endpoint;
    if (!endpoints.has(ep)) endpoints.set(ep, e.ts);
  }
  const groupOf = new Map<string, string>();
  const groups = new Map<string, number>();
  for (const [actor, a] of actors) {
    const group = peerGroup(kindOf(actor), busiest(a.hosts));
    groupOf.set(actor, group);
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  return {
    usedBefore: () => new Set(),
    groupOf: (a) => groupOf.get(a) ?? kindOf(a),
    peers: (g) => groups.get(g) ?? 0,
    callers: () => 0,
    actorSince: (a) => actors.get(a)?.since,
    endpointSince: (ep) => endpoints.get(ep),
    workspaceSince: events[0]?.ts ?? 0,
  };
}

export function functionLevelAbuse(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const use = options.peerUse ?? batchPeerUse(events);
  const label = options.label ?? String;
  const pairs = new Map<string, Pair>();
  for (const e of events) {
    // Addresses are not a group with a role: anonymous callers are the scanning and decoy detectors' to judge.
    if (!e.actor || e.actor.startsWith("ip:")) continue;
    const endpoint = e.endpoint;
    const key = `${e.actor}\u0000${endpoint}`;
    let p = pairs.get(key);
    if (!p)
      pairs.set(
        key,
        (p = { actor: e.actor, endpoint, first: e.ts, last: e.ts, calls: 0, answered: 0, denied: 0, refs: [] }),
      );
    p.calls++;
    p.last = e.ts;
    if (e.status !== null && e.status < 400) p.answered++;
    if (e.status === 401 || e.status === 403) p.denied++;
    if (p.refs.length < MAX_EVIDENCE) p.refs.push(e.ref);
  }
  // This batch's first-time callers count as callers too (a new endpoint the whole group adopts today is not rare).
  const newCallers = new Map<string, number>();
  for (const p of pairs.values()) {
    if (use.usedBefore(p.actor).has(p.endpoint)) continue;
    const k = `${p.endpoint}\u0000${use.groupOf(p.actor)}`;
    newCallers.set(k, (newCallers.get(k) ?? 0) + 1);
  }
  // The share of the actor's peers, itself left out, that ever called an endpoint it calls.
  const shareOf = (endpoint: string, group: string) =>
    (use.callers(endpoint, group) + (newCallers.get(`${endpoint}\u0000${group}`) ?? 0) - 1) /
    Math.max(1, use.peers(group) - 1);

  // First the pairs that are new and rare for the actor's group; then those of actors with a role of their own are left
  // out: ones that used, before, something rare in their group (stored, or earlier in this batch and not itself a candidate).
  const candidates = new Set<Pair>();
  for (const p of pairs.values()) {
    const group = use.groupOf(p.actor);
    if (use.usedBefore(p.actor).has(p.endpoint) || use.peers(group) < MIN_PEERS) continue;
    const actorSince = use.actorSince(p.actor);
    const endpointSince = use.endpointSince(p.endpoint);
    if (actorSince === undefined || endpointSince === undefined) continue;
    if (
      p.first - use.workspaceSince < LEARNING_MS ||
      p.first - actorSince < LEARNING_MS ||
      p.first - endpointSince < LEARNING_MS
    )
      continue;
    if (shareOf(p.endpoint, group) <= RARE_SHARE) candidates.add(p);
  }
  const inBatch = groupBy(pairs.values(), (p) => p.actor);
  const byActor = groupBy(
    [...candidates].filter((p) => {
      const group = use.groupOf(p.actor);
      const earlier = inBatch
        .get(p.actor)!
        .filter((q) => q.first < p.first && !candidates.has(q))
        .map((q) => q.endpoint);
      return ![...use.usedBefore(p.actor), ...earlier].some((ep) => shareOf(ep, group) <= RARE_SHARE);
    }),
    (p) => p.actor,
  );

  const findings: Finding[] = [];
  for (const [actor, list] of byActor) {
    const group = use.groupOf(actor);
    const peers = use.peers(group);
    const answered = list.reduce((n, p) => n + p.answered, 0);
    const calls = list.reduce((n, p) => n + p.calls, 0);
    const groupName = groupLabel(group);
    const describe = (p: Pair) => {
      const others = Math.round(shareOf(p.endpoint, group) * (peers - 1));
      return `${p.endpoint} (${p.calls.toLocaleString("en")} call${p.calls === 1 ? "" : "s"}, ${p.answered.toLocaleString("en")} answered; ${others === 0 ? "none" : others.toLocaleString("en")} of the other ${(peers - 1).toLocaleString("en")} ${groupName} ever called it)`;
    };
    findings.push({
      detector: "function-level",
      campaign: `function-level:${actor}`,
      actor,
      endpoint: list.length === 1 ? endpointOf(list[0]!.endpoint, events) : null,
      from: Math.min(...list.map((p) => p.first)),
      to: Math.max(...list.map((p) => p.last)),
      severity: answered > 0 ? "high" : "medium",
      confidence: Math.min(0.9, 0.55 + 0.1 * list.length + (answered > 0 ? 0.1 : 0)),
      verdict: "suspicious",
      title: `${label(actor)} called ${list.length === 1 ? "an endpoint" : `${list.length} endpoints`} its peers never use`,
      explanation:
        `${label(actor)} called ${list.map(describe).join("; ")}. ` +
        `It had not called ${list.length === 1 ? "it" : "them"} before, ${answered > 0 ? `and ${answered.toLocaleString("en")} of its ${calls.toLocaleString("en")} calls were answered` : "and every call was refused"}: ` +
        `if ${groupName} are not meant to reach ${list.length === 1 ? "this function" : "these functions"}, check the endpoint's authorisation.`,
      measures: [],
      evidence: list
        .flatMap((p) => p.refs)
        .sort((a, b) => a.line - b.line)
        .slice(0, MAX_EVIDENCE),
      facts: {
        group,
        peers,
        endpoints: list.map((p) => ({
          endpoint: p.endpoint,
          calls: p.calls,
          answered: p.answered,
          denied: p.denied,
          share: shareOf(p.endpoint, group),
        })),
      },
    });
  }
  return findings;
}

function endpointOf(label: string, events: DetectionEvent[]): Finding["endpoint"] {
  const e = events.find((x) => x.endpoint === label);
  return e ? { host: e.host, method: e.method, template: e.template } : null;
}
