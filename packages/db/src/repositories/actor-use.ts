// Who calls which endpoint (actor_endpoints): the actor profile's "endpoints
// used", and the function-level abuse detector's baseline (how many actors
// of each peer group, kind and main service, ever called an endpoint). Read for the batch's endpoints and
// actors before the batch is added, written after it is judged. A use that
// was itself flagged as abuse is kept for the profile but never counted as
// normal, so the same abuse is flagged (and merged into its alert) again.
import type { Prisma } from "../client";
import { stageRows } from "../bulk";
import type { IdentityKey } from "@lantern/engine/detection/actors";
import { kindOf, peerGroup, type PeerUse } from "@lantern/engine/detection/detectors/function-level";
import { endpointLabel } from "@lantern/engine/detection/types";

const CHUNK = 5_000;
type EndpointRow = { id: string; label: string; firstSeen: Date };

/** A stored endpoint (with its service) labelled as detection labels events: "GET host/template". */
export const storedEndpointLabel = (e: { method: string; template: string; service: { host: string } }) =>
  endpointLabel({ method: e.method, host: e.service.host, template: e.template });

/** The stored endpoints of the batch's hosts, by label ("GET host/template"). */
export async function endpointsByLabel(
  tx: Prisma.TransactionClient,
  tenantId: string,
  hosts: Iterable<string>,
): Promise<Map<string, EndpointRow>> {
  const rows = await tx.apiEndpoint.findMany({
    where: { tenantId, service: { host: { in: [...new Set(hosts)] } } },
    select: { id: true, method: true, template: true, firstSeen: true, service: { select: { host: true } } },
  });
  return new Map(
    rows.map((r) => {
      const label = storedEndpointLabel(r);
      return [label, { id: r.id, label, firstSeen: r.firstSeen }];
    }),
  );
}

export async function loadPeerUse(
  tx: Prisma.TransactionClient,
  tenantId: string,
  actors: Map<IdentityKey, { id: string; firstSeen: number; group: string }>,
  endpoints: Map<string, EndpointRow>,
): Promise<PeerUse> {
  const keyOf = new Map([...actors].map(([key, a]) => [a.id, key]));
  const ids = [...keyOf.keys()];
  const usedBefore = new Map<IdentityKey, Set<string>>();
  const labelOf = new Map([...endpoints.values()].map((e) => [e.id, e.label]));
  const relevant = new Set(labelOf.keys());
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx.actorEndpoint.findMany({
      where: { tenantId, actorId: { in: ids.slice(i, i + CHUNK) }, flagged: false },
      select: {
        actorId: true,
        endpointId: true,
        endpoint: { select: { method: true, template: true, service: { select: { host: true } } } },
      },
    });
    for (const r of rows) {
      const label = storedEndpointLabel(r.endpoint);
      labelOf.set(r.endpointId, label);
      relevant.add(r.endpointId);
      const key = keyOf.get(r.actorId)!;
      if (!usedBefore.has(key)) usedBefore.set(key, new Set());
      usedBefore.get(key)!.add(label);
    }
  }
  // Callers are counted for identified actors' groups only: addresses are never judged by their peers, and they are most of
  // who calls a public endpoint (a payment link's visitors). Each identified actor's pairs are read from its own primary-key
  // entries, so the count grows with the workspace's users and keys, not with every address that ever called.
  const callers = new Map<string, number>();
  const endpointIds = [...relevant];
  for (let i = 0; i < endpointIds.length; i += CHUNK) {
    const rows = await tx.$queryRaw<{ endpointId: string; kind: string; homeHost: string | null; n: number }[]>`
      WITH people AS MATERIALIZED (SELECT id, kind, "homeHost" FROM actors WHERE "tenantId" = ${tenantId} AND kind <> 'ip')
      SELECT ae."endpointId", p.kind, p."homeHost", count(*)::int AS n FROM people p CROSS JOIN LATERAL (
        SELECT "endpointId" FROM actor_endpoints WHERE "actorId" = p.id AND "endpointId" = ANY(${endpointIds.slice(i, i + CHUNK)}::text[]) AND NOT flagged
      ) ae GROUP BY 1, 2, 3`;
    for (const r of rows) callers.set(`${labelOf.get(r.endpointId)}\u0000${peerGroup(r.kind, r.homeHost)}`, r.n);
  }
  const [groups, since] = await Promise.all([
    tx.actor.groupBy({ by: ["kind", "homeHost"], where: { tenantId }, _count: { _all: true } }),
    tx.actor.aggregate({ where: { tenantId }, _min: { firstSeen: true } }),
  ]);
  const peers = new Map(groups.map((g) => [peerGroup(g.kind, g.homeHost), g._count._all]));
  return {
    usedBefore: (actor) => usedBefore.get(actor) ?? new Set(),
    groupOf: (actor) => actors.get(actor)?.group ?? kindOf(actor),
    peers: (group) => peers.get(group) ?? 0,
    callers: (endpoint, group) => callers.get(`${endpoint}\u0000${group}`) ?? 0,
    actorSince: (actor) => actors.get(actor)?.firstSeen,
    endpointSince: (endpoint) => endpoints.get(endpoint)?.firstSeen.getTime(),
    workspaceSince: since._min.firstSeen?.getTime() ?? Date.now(),
  };
}

/**
 * Who called each of these objects on each endpoint before (actor_objects), calls by actor key, by endpoint id:
 * the owners object enumeration infers from traffic.
 */
export async function loadObjectCallers(
  tx: Prisma.TransactionClient,
  tenantId: string,
  wanted: Map<string, Set<string>>,
): Promise<Map<string, Map<string, Map<IdentityKey, number>>>> {
  const out = new Map<string, Map<string, Map<IdentityKey, number>>>();
  for (const [endpointId, objects] of wanted) {
    const list = [...objects];
    const byObject = new Map<string, Map<IdentityKey, number>>();
    out.set(endpointId, byObject);
    for (let i = 0; i < list.length; i += CHUNK) {
      const rows = await tx.$queryRaw<{ object: string; key: IdentityKey; calls: number }[]>`
        SELECT ao.object, a.key, ao.calls FROM actor_objects ao JOIN actors a ON a.id = ao."actorId"
        WHERE ao."tenantId" = ${tenantId} AND ao."endpointId" = ${endpointId} AND ao.object = ANY(${list.slice(i, i + CHUNK)}::text[])`;
      for (const r of rows) {
        let callers = byObject.get(r.object);
        if (!callers) byObject.set(r.object, (callers = new Map()));
        callers.set(r.key, (callers.get(r.key) ?? 0) + r.calls);
      }
    }
  }
  return out;
}

export type PairFigures = {
  actorId: string;
  endpointId: string;
  calls: number;
  failures: number;
  firstSeen: number;
  lastSeen: number;
  flagged: boolean;
};

/** Stages who-called-what (stageRows): the returned function adds it to the stored figures. */
export async function stageActorEndpoints(
  tx: Prisma.TransactionClient,
  tenantId: string,
  pairs: Iterable<PairFigures>,
): Promise<() => Promise<void>> {
  return stageRows(
    tx,
    "actor_endpoints",
    (function* () {
      for (const p of pairs)
        yield {
          tenantId,
          ...p,
          firstSeen: new Date(p.firstSeen).toISOString(),
          lastSeen: new Date(p.lastSeen).toISOString(),
        };
    })(),
    {
      onConflict: `("actorId", "endpointId") DO UPDATE SET calls = actor_endpoints.calls + EXCLUDED.calls, failures = actor_endpoints.failures + EXCLUDED.failures,
        "firstSeen" = LEAST(actor_endpoints."firstSeen", EXCLUDED."firstSeen"), "lastSeen" = GREATEST(actor_endpoints."lastSeen", EXCLUDED."lastSeen"),
        flagged = actor_endpoints.flagged OR EXCLUDED.flagged`,
    },
  );
}

/** Marks who-called-what pairs a function-level finding flagged (the pairs are written, unflagged, while the detectors run). */
export async function flagActorEndpoints(
  tx: Prisma.TransactionClient,
  tenantId: string,
  pairs: { actorId: string; endpointId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.$executeRaw`UPDATE actor_endpoints SET flagged = true WHERE "tenantId" = ${tenantId}
    AND ("actorId", "endpointId") IN (SELECT * FROM unnest(${pairs.map((p) => p.actorId)}::text[], ${pairs.map((p) => p.endpointId)}::text[]))`;
}

export type ObjectFigures = {
  actorId: string;
  endpointId: string;
  object: string;
  calls: number;
  firstSeen: number;
  lastSeen: number;
};

/** Stages the objects touched (stageRows): the returned function adds them to the stored figures. */
export async function stageActorObjects(
  tx: Prisma.TransactionClient,
  tenantId: string,
  objects: Iterable<ObjectFigures>,
): Promise<() => Promise<void>> {
  return stageRows(
    tx,
    "actor_objects",
    (function* () {
      for (const o of objects)
        yield {
          tenantId,
          ...o,
          firstSeen: new Date(o.firstSeen).toISOString(),
          lastSeen: new Date(o.lastSeen).toISOString(),
        };
    })(),
    {
      onConflict: `("actorId", "endpointId", object) DO UPDATE SET calls = actor_objects.calls + EXCLUDED.calls,
        "firstSeen" = LEAST(actor_objects."firstSeen", EXCLUDED."firstSeen"), "lastSeen" = GREATEST(actor_objects."lastSeen", EXCLUDED."lastSeen")`,
    },
  );
}

/**
 * Moves who-called-what (endpoints and objects) from one actor to another
 * (an identity merged into its actor) or from one endpoint to another (an
 * endpoint folded into a broader template), adding where both have a row.
 */
export async function moveActorUse(
  tx: Prisma.TransactionClient,
  by: "actorId" | "endpointId",
  from: string,
  to: string,
): Promise<void> {
  // `by` is one of two column names written in code, never input.
  const column = by === "actorId" ? `"actorId"` : `"endpointId"`;
  const keep = (table: string, key: string, sums: string) =>
    `INSERT INTO ${table} ("tenantId", "actorId", "endpointId", ${key})
     SELECT "tenantId", ${by === "actorId" ? "$2::text" : `"actorId"`}, ${by === "endpointId" ? "$2::text" : `"endpointId"`}, ${key} FROM ${table} WHERE ${column} = $1
     ON CONFLICT ${sums}`;
  await tx.$executeRawUnsafe(
    keep(
      "actor_endpoints",
      `calls, failures, "firstSeen", "lastSeen", flagged`,
      `("actorId", "endpointId") DO UPDATE SET calls = actor_endpoints.calls + EXCLUDED.calls,
      failures = actor_endpoints.failures + EXCLUDED.failures, "firstSeen" = LEAST(actor_endpoints."firstSeen", EXCLUDED."firstSeen"),
      "lastSeen" = GREATEST(actor_endpoints."lastSeen", EXCLUDED."lastSeen"), flagged = actor_endpoints.flagged OR EXCLUDED.flagged`,
    ),
    from,
    to,
  );
  await tx.$executeRawUnsafe(
    keep(
      "actor_objects",
      `object, calls, "firstSeen", "lastSeen"`,
      `("actorId", "endpointId", object) DO UPDATE SET calls = actor_objects.calls + EXCLUDED.calls,
      "firstSeen" = LEAST(actor_objects."firstSeen", EXCLUDED."firstSeen"), "lastSeen" = GREATEST(actor_objects."lastSeen", EXCLUDED."lastSeen")`,
    ),
    from,
    to,
  );
}
