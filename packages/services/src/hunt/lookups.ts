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
      const keys = wildcard ? await actorKeysLike(tx, tenantId, value) : await actorKeysNamed(tx, tenantId, value);
      return linkedTo(tx, tenantId, keys);
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

/** Actors named exactly: by their label as shown (any case), their key or their id. */
async function actorKeysNamed(tx: Prisma.TransactionClient, tenantId: string, value: string): Promise<string[]> {
  const rows = await tx.actor.findMany({
    where: { tenantId, OR: [{ label: { equals: value, mode: "insensitive" } }, { key: value }, { id: value }] },
    take: MAX_ACTORS,
    select: { key: true },
  });
  return rows.map((r) => r.key);
}

async function actorKeysLike(tx: Prisma.TransactionClient, tenantId: string, value: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ key: string }[]>`
    SELECT key FROM actors WHERE "tenantId" = ${tenantId} AND (label ILIKE ${likePattern(value)} OR key ILIKE ${likePattern(value)})
    ORDER BY calls DESC LIMIT ${MAX_ACTORS}`;
  return rows.map((r) => r.key);
}

/** A wildcard value as a regular expression (for matching labels in memory). */
function likeToRegex(value: string): string {
  return value
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
}

/** The actors' own identities, the credentials and addresses linked to them (a few hops), split by kind. */
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
  const keys = [...all];
  return {
    identities: keys.filter((k) => !k.startsWith("ip:")),
    addresses: keys.filter((k) => k.startsWith("ip:")).map((k) => k.slice(3)),
  };
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
