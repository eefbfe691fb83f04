// Where actors call from and with what, as one part adds it up: countries
// and clients (user-agent families) for every identified actor, networks only
// for machine credentials; networks and clients at most the limit + 1 per
// actor (the one past it marks the actor roaming, and no more are kept: a
// phone would add a network a day).
import type { PlaceFigures, PlaceKind } from "@lantern/db/repositories/places";
import type { IdentityKey } from "@lantern/engine/detection/actors";
import { MAX_AGENTS, MAX_NETWORKS, type ActorPlaces } from "@lantern/engine/detection/detectors/geography";
import type { Finding } from "@lantern/engine/detection/types";

const LIMIT = { network: MAX_NETWORKS, agent: MAX_AGENTS } as const;
const listOf = { country: "countries", network: "networks", agent: "agents" } as const;

/** A part's calls per actor and place (or client), and which of them are learnt once the part is judged. */
export class PlaceTally {
  // Per actor, then per kind and place: no joined key string per call (three per event over a million events).
  private readonly places = new Map<
    IdentityKey,
    Record<PlaceKind, Map<string, { calls: number; firstSeen: number; lastSeen: number }>>
  >();

  add(key: IdentityKey, kind: PlaceKind, place: string, ts: number): void {
    let mine = this.places.get(key);
    if (!mine) this.places.set(key, (mine = { country: new Map(), network: new Map(), agent: new Map() }));
    const p = mine[kind].get(place);
    if (!p) mine[kind].set(place, { calls: 1, firstSeen: ts, lastSeen: ts });
    else {
      p.calls++;
      if (ts > p.lastSeen) p.lastSeen = ts;
      if (ts < p.firstSeen) p.firstSeen = ts;
    }
  }

  private *entries(): Generator<{
    key: IdentityKey;
    kind: PlaceKind;
    place: string;
    calls: number;
    firstSeen: number;
    lastSeen: number;
  }> {
    for (const [key, mine] of this.places)
      for (const kind of ["country", "network", "agent"] as const)
        for (const [place, p] of mine[kind]) yield { key, kind, place, ...p };
  }

  /**
   * The rows to add. A place or client flagged as someone else's (travel, a new one not explained, a client its peers do not use) is not learnt:
   * the same abuse is judged, and merged into its alert, next time. Networks and clients stop being kept once an actor
   * roams (one past the limit marks it).
   */
  toLearn(
    before: Map<IdentityKey, ActorPlaces>,
    findings: Finding[],
    actorIds: Map<IdentityKey, string>,
  ): PlaceFigures[] {
    const flagged = new Set(
      findings.flatMap((f) => {
        if (f.detector === "impossible-travel") return [`${f.actor}\u0000country\u0000${f.facts.country}`];
        if (f.detector === "new-client") return [`${f.actor}\u0000agent\u0000${f.facts.client}`];
        if (f.detector !== "new-geography" || f.verdict === "benign-explained") return [];
        const agents = (f.facts.newAgents as string[]).map((a) => `${f.actor}\u0000agent\u0000${a}`);
        return [
          `${f.actor}\u0000${f.facts.kind === "network" ? "network" : "country"}\u0000${f.facts.place}`,
          ...agents,
        ];
      }),
    );
    const kept = { network: new Map<IdentityKey, number>(), agent: new Map<IdentityKey, number>() };
    return [...this.entries()].flatMap((p) => {
      if (flagged.has(`${p.key}\u0000${p.kind}\u0000${p.place}`)) return [];
      const stored = before.get(p.key)?.[listOf[p.kind]] ?? [];
      if (p.kind !== "country" && !stored.some((s) => s.place === p.place)) {
        const n = kept[p.kind].get(p.key) ?? stored.length;
        if (n > LIMIT[p.kind]) return [];
        kept[p.kind].set(p.key, n + 1);
      }
      return [
        {
          actorId: actorIds.get(p.key)!,
          kind: p.kind,
          place: p.place,
          calls: p.calls,
          firstSeen: p.firstSeen,
          lastSeen: p.lastSeen,
        },
      ];
    });
  }
}
