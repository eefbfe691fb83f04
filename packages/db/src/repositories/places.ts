// Where actors call from and with what (actor_places): read for the batch's
// identified actors before it is judged, the batch's places added after.
// What is kept is decided by PlaceTally (services/detection/place-tally.ts).
import type { Prisma } from "../client";
import { insertRows } from "../bulk";
import type { IdentityKey } from "@lantern/engine/detection/actors";
import type { ActorPlaces } from "@lantern/engine/detection/detectors/geography";

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
