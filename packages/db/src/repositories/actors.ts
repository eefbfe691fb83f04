// Actors and their links in Postgres: links are read for the identities a
// batch carries and written back when touched; actors are upserted with the
// batch's figures; when a link moves an identity to another actor (a token
// first seen alone, later with its user), the old actor's history moves too.
import type { Db, Prisma } from "../client";
import { insertRows, stageRows } from "../bulk";
import { newId } from "../ids";
import type { CredentialLink, IdentityKey } from "@lantern/engine/detection/actors";
import type { ActorHistory } from "@lantern/engine/detection/detectors/volume";
import { peerGroup } from "@lantern/engine/detection/detectors/function-level";
import { moveActorUse } from "./actor-use";
import { movePlaces } from "./places";

const CHUNK = 5_000;
const HOUR = 3_600_000;

/** Refreshes the planner's statistics of the tables detection grows (as their owner: the app role may not analyze). */
export async function unsafeAnalyzeActorTables(db: Db): Promise<void> {
  await db.system.$executeRawUnsafe(
    `ANALYZE actors, actor_links, actor_hourly, actor_endpoints, actor_objects, actor_places`,
  );
}

export async function loadLinks(
  tx: Prisma.TransactionClient,
  tenantId: string,
  keys: Iterable<IdentityKey>,
): Promise<[IdentityKey, CredentialLink][]> {
  const all = [...keys];
  const out: [IdentityKey, CredentialLink][] = [];
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = await tx.actorLink.findMany({ where: { tenantId, key: { in: all.slice(i, i + CHUNK) } } });
    for (const r of rows) {
      const via = { uploadId: r.viaUploadId, line: r.viaLine };
      out.push([
        r.key,
        r.to !== null ? { to: r.to, via, together: r.together } : { shared: r.shared, via, together: r.together },
      ]);
    }
  }
  return out;
}

/** Stages the links touched (stageRows): the returned function stores them. */
export async function stageLinks(
  tx: Prisma.TransactionClient,
  tenantId: string,
  links: [IdentityKey, CredentialLink][],
): Promise<() => Promise<void>> {
  const now = new Date();
  return stageRows(
    tx,
    "actor_links",
    links.map(([key, l]) => ({
      tenantId,
      key,
      to: "to" in l ? l.to : null,
      shared: "shared" in l ? l.shared : [],
      viaUploadId: l.via.uploadId,
      viaLine: l.via.line,
      together: l.together,
      updatedAt: now,
    })),
    {
      onConflict: `("tenantId", key) DO UPDATE SET "to" = EXCLUDED."to", shared = EXCLUDED.shared, "viaUploadId" = EXCLUDED."viaUploadId",
        "viaLine" = EXCLUDED."viaLine", together = EXCLUDED.together, "updatedAt" = EXCLUDED."updatedAt"`,
    },
  );
}

/** `homeHost`: the host most of its calls in the batch went to (kept from the batch it was first seen in). */
export type ActorFigures = {
  key: IdentityKey;
  kind: string;
  label: string;
  firstSeen: number;
  lastSeen: number;
  calls: number;
  countries: string[];
  homeHost: string | null;
};

/** An actor as the batch's detectors need it once its figures are added: its id, when it was first seen, its peer group. */
export type StoredActor = { id: string; firstSeen: number; group: string };

/** Adds a batch's figures to its actors (created when new); returns each key's actor, read back once for the whole part. */
export async function upsertActors(
  tx: Prisma.TransactionClient,
  tenantId: string,
  actors: ActorFigures[],
): Promise<Map<IdentityKey, StoredActor>> {
  const rows = await insertRows<{ id: string; key: string; firstSeen: Date; kind: string; homeHost: string | null }>(
    tx,
    "actors",
    actors.map((a) => ({
      id: newId("actor"),
      tenantId,
      key: a.key,
      kind: a.kind,
      label: a.label,
      firstSeen: new Date(a.firstSeen),
      lastSeen: new Date(a.lastSeen),
      calls: a.calls,
      countries: a.countries.slice(0, 20),
      homeHost: a.homeHost,
      riskScore: 0,
    })),
    {
      updatedAt: true,
      onConflict: `("tenantId", key) DO UPDATE SET "firstSeen" = LEAST(actors."firstSeen", EXCLUDED."firstSeen"),
        "lastSeen" = GREATEST(actors."lastSeen", EXCLUDED."lastSeen"), calls = actors.calls + EXCLUDED.calls,
        countries = ARRAY(SELECT DISTINCT c FROM unnest(actors.countries || EXCLUDED.countries) AS c ORDER BY c LIMIT 20),
        "homeHost" = COALESCE(actors."homeHost", EXCLUDED."homeHost"),
        "updatedAt" = EXCLUDED."updatedAt"`,
      // Inserted or updated, each row comes back as it now stands: no second query to read the ids.
      returning: `id, key, "firstSeen", kind, "homeHost"`,
    },
  );
  // The group is the kind and the main service kept from when it was first seen, so membership does not drift.
  return new Map(
    rows.map((r) => [r.key, { id: r.id, firstSeen: r.firstSeen.getTime(), group: peerGroup(r.kind, r.homeHost) }]),
  );
}

/**
 * Moves identities to the actor they now belong to: each one that was an
 * actor of its own is folded into its new actor (hours, alerts, figures), or
 * renamed when that actor has no row yet. Most moved identities never were
 * actors (a token linked by the very request that first carried it), so the
 * ones that were are found with one query per chunk, not two per identity.
 */
export async function mergeActors(
  tx: Prisma.TransactionClient,
  tenantId: string,
  changes: { key: IdentityKey; actor: IdentityKey }[],
  describe: (key: IdentityKey) => { label: string; kind: string },
): Promise<void> {
  const moved = changes.filter((c) => c.key !== c.actor);
  const into = new Map(moved.map((c) => [c.key, c.actor]));
  // One array parameter for all of them (Prisma's `in` over thousands of keys took seconds), then the few that are actors in full.
  const keys = moved.map((c) => c.key);
  const found = await tx.$queryRaw<
    { key: string }[]
  >`SELECT key FROM actors WHERE "tenantId" = ${tenantId} AND key = ANY(${keys}::text[])`;
  for (let i = 0; i < found.length; i += CHUNK) {
    const sources = await tx.actor.findMany({
      where: { tenantId, key: { in: found.slice(i, i + CHUNK).map((f) => f.key) } },
    });
    for (const source of sources)
      await mergeActor(tx, tenantId, source, into.get(source.key)!, describe(into.get(source.key)!));
  }
}

async function mergeActor(
  tx: Prisma.TransactionClient,
  tenantId: string,
  source: Prisma.ActorGetPayload<object>,
  into: IdentityKey,
  { label, kind }: { label: string; kind: string },
): Promise<void> {
  const target = await tx.actor.findUnique({ where: { tenantId_key: { tenantId, key: into } } });
  if (!target) {
    await tx.actor.update({ where: { id: source.id }, data: { key: into, label, kind } });
    return;
  }
  await tx.$executeRaw`
    INSERT INTO actor_hourly ("tenantId", "actorId", hour, calls, failures, errors, bytes)
    SELECT "tenantId", ${target.id}, hour, calls, failures, errors, bytes FROM actor_hourly WHERE "actorId" = ${source.id}
    ON CONFLICT ("actorId", hour) DO UPDATE SET calls = actor_hourly.calls + EXCLUDED.calls, failures = actor_hourly.failures + EXCLUDED.failures,
      errors = actor_hourly.errors + EXCLUDED.errors, bytes = actor_hourly.bytes + EXCLUDED.bytes`;
  await moveActorUse(tx, "actorId", source.id, target.id);
  await movePlaces(tx, source.id, target.id);
  await tx.alert.updateMany({ where: { tenantId, actorId: source.id }, data: { actorId: target.id } });
  await tx.suppression.updateMany({ where: { tenantId, actorId: source.id }, data: { actorId: target.id } });
  await tx.actor.update({
    where: { id: target.id },
    data: {
      calls: { increment: source.calls },
      // biome-ignore lint/complexity/useMathMinMax: Dates, not numbers
      firstSeen: source.firstSeen < target.firstSeen ? source.firstSeen : target.firstSeen,
      // biome-ignore lint/complexity/useMathMinMax: Dates, not numbers
      lastSeen: source.lastSeen > target.lastSeen ? source.lastSeen : target.lastSeen,
      countries: [...new Set([...target.countries, ...source.countries])].sort().slice(0, 20),
      homeHost: target.homeHost ?? source.homeHost,
    },
  });
  await tx.actor.delete({ where: { id: source.id } });
}

/**
 * The stored hours (last 28 days) of the actors whose hours in this batch
 * could be far from their norm: only an hour of at least `minCalls` can be
 * (stored calls of the same hour count: a stream splits hours across
 * batches), so the rest are never read. Read before the batch's own hours
 * are added.
 */
export async function loadActorHistory(
  tx: Prisma.TransactionClient,
  batchHours: { key: IdentityKey; actorId: string; hour: number; calls: number }[],
  minCalls: number,
  firstSeen: Map<string, number>,
): Promise<Map<IdentityKey, ActorHistory>> {
  // A part with no events (an upload of exactly a whole number of parts ends with one) has nothing to read.
  if (batchHours.length === 0) return new Map();
  const candidates = new Set(batchHours.filter((h) => h.calls >= minCalls).map((h) => h.actorId));
  const small = batchHours.filter((h) => h.calls < minCalls && !candidates.has(h.actorId));
  // Hours are passed as timestamps, so (actor, hour) is looked up in the primary key: an expression on the hour there
  // would be filtered row by row under the tenant policy, over every hour of the actor.
  const at = (hour: number) => new Date(hour * HOUR).toISOString().replace("Z", "");
  for (let i = 0; i < small.length; i += CHUNK) {
    const part = small.slice(i, i + CHUNK);
    const rows = await tx.$queryRaw<{ actorId: string; calls: number; batch: number }[]>`
      SELECT a."actorId", a.calls, p.calls AS batch FROM unnest(${part.map((h) => h.actorId)}::text[], ${part.map((h) => at(h.hour))}::timestamp[], ${part.map((h) => h.calls)}::int[]) AS p(actor, hour, calls)
      JOIN actor_hourly a ON a."actorId" = p.actor AND a.hour = p.hour`;
    for (const r of rows) if (r.calls + r.batch >= minCalls) candidates.add(r.actorId);
  }
  const keyOf = new Map(batchHours.map((h) => [h.actorId, h.key]));
  const ids = [...candidates];
  const since = at(batchHours.reduce((m, h) => Math.min(m, h.hour), Infinity) - 28 * 24);
  const out = new Map<IdentityKey, ActorHistory>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    // One row per actor (its hours and calls as arrays), each read by a range scan of its own primary-key entries.
    const rows = await tx.$queryRaw<{ actor: string; hours: number[] | null; calls: number[] | null }[]>`
      SELECT p.actor, x.hours, x.calls FROM unnest(${part}::text[]) AS p(actor) CROSS JOIN LATERAL (
        SELECT array_agg((extract(epoch FROM a.hour) / 3600)::int) AS hours, array_agg(a.calls) AS calls FROM actor_hourly a WHERE a."actorId" = p.actor AND a.hour >= ${since}::timestamp
      ) x`;
    for (const r of rows) {
      const hours = new Map<number, number>();
      for (const [k, h] of (r.hours ?? []).entries()) hours.set(h, r.calls![k]!);
      out.set(keyOf.get(r.actor)!, { firstSeen: firstSeen.get(r.actor)!, hours });
    }
  }
  return out;
}
