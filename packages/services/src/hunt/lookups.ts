// What a hunt needs to know about the workspace beyond its requests: which
// identities and addresses make up an actor (its links, as detection
// stored them), which paths an endpoint's template covers, and, the other
// way, which actor a request's own identity leads to.
import type { Prisma } from "@lantern/db/client";
import { loadLinks } from "@lantern/db/repositories/actors";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { ActorLinker } from "@lantern/engine/detection/actors";
import { likePattern, type HuntLookups } from "./compile";

/** Actors one term may name: a wildcard over thousands would be a scan in disguise. */
const MAX_ACTORS = 50;
/** Endpoints one term may name. */
const MAX_ENDPOINTS = 100;
/** Link hops from an address to a credential to a person, as detection follows them. */
const HOPS = 3;

export function huntLookups(tx: Prisma.TransactionClient, tenantId: string): HuntLookups {
  return {
    async actor(value, wildcard) {
      const actors = wildcard ? await actorsLike(tx, tenantId, value) : await actorsNamed(tx, tenantId, value);
      return {
        keys: await linkedTo(
          tx,
          tenantId,
          actors.map((a) => a.key),
        ),
        hours: await activeHours(
          tx,
          tenantId,
          actors.map((a) => a.id),
        ),
      };
    },
    async endpoints(value, wildcard) {
      const rows = await tx.apiEndpoint.findMany({
        where: { tenantId },
        select: { method: true, template: true, service: { select: { host: true } } },
      });
      const wanted = wildcard ? new RegExp(`^${likeToRegex(value)}$`, "i") : null;
      return rows
        .filter((e) => {
          const label = storedEndpointLabel(e);
          return wanted ? wanted.test(label) : label.toLowerCase() === value.toLowerCase();
        })
        .slice(0, MAX_ENDPOINTS)
        .map((e) => ({ method: e.method, host: e.service.host, template: e.template }));
    },
  };
}

type Named = { id: string; key: string };

/** Actors named exactly: by their label as shown (any case), their key or their id. */
async function actorsNamed(tx: Prisma.TransactionClient, tenantId: string, value: string): Promise<Named[]> {
  return tx.actor.findMany({
    where: { tenantId, OR: [{ label: { equals: value, mode: "insensitive" } }, { key: value }, { id: value }] },
    take: MAX_ACTORS,
    select: { id: true, key: true },
  });
}

async function actorsLike(tx: Prisma.TransactionClient, tenantId: string, value: string): Promise<Named[]> {
  return tx.$queryRaw<Named[]>`
    SELECT id, key FROM actors WHERE "tenantId" = ${tenantId} AND (label ILIKE ${likePattern(value)} OR key ILIKE ${likePattern(value)})
    ORDER BY calls DESC LIMIT ${MAX_ACTORS}`;
}

/** Merged time ranges past which a hunt need not read for these actors; null when there are too many to be worth it. */
const MAX_RANGES = 400;
const HOUR = 3_600_000;

/**
 * When the actors were active: the hours detection counted their calls in
 * (actor_hourly), and the span of every upload detection has not judged yet
 * (its requests are in no hour yet). A hunt for them reads only these.
 */
async function activeHours(tx: Prisma.TransactionClient, tenantId: string, actorIds: string[]) {
  if (actorIds.length === 0) return [];
  const hours = await tx.actorHourly.findMany({
    where: { tenantId, actorId: { in: actorIds } },
    select: { hour: true },
    orderBy: { hour: "asc" },
  });
  const pending = await tx.upload.findMany({
    where: { tenantId, detectedAt: null, timeFrom: { not: null }, timeTo: { not: null } },
    select: { timeFrom: true, timeTo: true },
  });
  const spans = [
    ...hours.map((h) => ({ from: h.hour.getTime(), to: h.hour.getTime() + HOUR })),
    ...pending.map((u) => ({ from: u.timeFrom!.getTime(), to: u.timeTo!.getTime() + 1 })),
  ].sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  return merged.length > MAX_RANGES ? null : merged.map((m) => ({ from: new Date(m.from), to: new Date(m.to) }));
}

/** A wildcard value as a regular expression (for matching labels in memory). */
function likeToRegex(value: string): string {
  return value
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
}

/** The actors' own keys and the keys of the credentials and addresses linked to them (a few hops). */
async function linkedTo(tx: Prisma.TransactionClient, tenantId: string, actorKeys: string[]) {
  const all = new Set(actorKeys);
  let frontier = actorKeys;
  for (let hop = 0; hop < HOPS && frontier.length; hop++) {
    const links = await tx.actorLink.findMany({
      where: { tenantId, to: { in: frontier } },
      select: { key: true },
    });
    frontier = links.map((l) => l.key).filter((k) => !all.has(k));
    for (const k of frontier) all.add(k);
  }
  return [...all];
}

/** The actors (id and label) that requests' own keys lead to, following the stored links. */
export async function actorsOfKeys(tx: Prisma.TransactionClient, tenantId: string, keys: string[]) {
  const links = await loadLinks(tx, tenantId, keys);
  const next = links.flatMap(([, l]) => ("to" in l ? [l.to] : []));
  const more = next.length ? await loadLinks(tx, tenantId, next) : [];
  const linker = new ActorLinker([...links, ...more]);
  const actorKey = new Map(keys.map((k) => [k, linker.actorOf(k)]));
  const actors = await tx.actor.findMany({
    where: { tenantId, key: { in: [...new Set(actorKey.values())] } },
    select: { id: true, key: true, label: true },
  });
  const byKey = new Map(actors.map((a) => [a.key, a]));
  return new Map(keys.map((k) => [k, byKey.get(actorKey.get(k)!) ?? null]));
}
