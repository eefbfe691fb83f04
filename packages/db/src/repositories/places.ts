// Where actors call from and with what (actor_places): read for the batch's
// identified actors before it is judged, the batch's places added after.
// Countries and clients (user-agent families) are kept for every identified
// actor, networks only for machine credentials; networks and clients at most
// the limit + 1 per actor (the one past it marks the actor roaming, and no
// more are kept: a phone would add a network a day).
import type { Prisma } from "@lantern/db/client";
import { insertRows } from "@lantern/db/bulk";
import type { IdentityKey } from "@lantern/engine/detection/actors";
import { MAX_AGENTS, MAX_NETWORKS, type ActorPlaces } from "@lantern/engine/detection/detectors/geography";
import type { Finding } from "@lantern/engine/detection/types";

const CHUNK = 5_000;

export type PlaceKind = "country" | "network" | "agent";
/** One actor's calls from one place (or with one client) in a batch. */
export type PlaceFigures = {
  actorId: string;
  kind: PlaceKind;
  place: string;
  calls: number;
  firstSeen: number;
  lastSeen: number;
};

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

export async function loadPlaces(
  tx: Prisma.TransactionClient,
  tenantId: string,
  actorIds: Map<IdentityKey, string>,
): Promise<Map<IdentityKey, ActorPlaces>> {
  const keyOf = new Map([...actorIds].filter(([key]) => !key.startsWith("ip:")).map(([key, id]) => [id, key]));
  const ids = [...keyOf.keys()];
  const out = new Map<IdentityKey, ActorPlaces>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx.actorPlace.findMany({ where: { tenantId, actorId: { in: ids.slice(i, i + CHUNK) } } });
    for (const r of rows) {
      const key = keyOf.get(r.actorId)!;
      let places = out.get(key);
      if (!places) out.set(key, (places = { countries: [], networks: [], agents: [] }));
      const list = r.kind === "country" ? places.countries : r.kind === "network" ? places.networks : places.agents;
      list.push({ place: r.place, calls: r.calls, firstSeen: r.firstSeen.getTime(), lastSeen: r.lastSeen.getTime() });
    }
  }
  return out;
}

export async function savePlaces(
  tx: Prisma.TransactionClient,
  tenantId: string,
  places: Iterable<PlaceFigures>,
): Promise<void> {
  await insertRows(
    tx,
    "actor_places",
    (function* () {
      for (const p of places)
        yield {
          tenantId,
          ...p,
          firstSeen: new Date(p.firstSeen).toISOString(),
          lastSeen: new Date(p.lastSeen).toISOString(),
        };
    })(),
    {
      onConflict: `("actorId", kind, place) DO UPDATE SET calls = actor_places.calls + EXCLUDED.calls,
        "firstSeen" = LEAST(actor_places."firstSeen", EXCLUDED."firstSeen"), "lastSeen" = GREATEST(actor_places."lastSeen", EXCLUDED."lastSeen")`,
    },
  );
}

/** An identity merged into its actor brings its places along, adding where both have one. */
export async function movePlaces(tx: Prisma.TransactionClient, from: string, to: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO actor_places ("tenantId", "actorId", kind, place, calls, "firstSeen", "lastSeen")
    SELECT "tenantId", ${to}, kind, place, calls, "firstSeen", "lastSeen" FROM actor_places WHERE "actorId" = ${from}
    ON CONFLICT ("actorId", kind, place) DO UPDATE SET calls = actor_places.calls + EXCLUDED.calls,
      "firstSeen" = LEAST(actor_places."firstSeen", EXCLUDED."firstSeen"), "lastSeen" = GREATEST(actor_places."lastSeen", EXCLUDED."lastSeen")`;
}
