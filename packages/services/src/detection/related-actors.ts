// Actors related to one actor, for the pivot on its page: those that
// shared an address or a credential with it (detection keeps such links as
// shared), those calling from the same /24, and those using the same client
// or network, where few do (a browser everybody uses relates nobody). Each
// comes with the reasons, so the analyst can judge the link.
import { type Prisma, withTenant } from "@lantern/db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

/** Related actors shown. */
const SHOWN = 20;
/** A client or network used by more actors than this (or than 1 in 20 of them) says nothing about any two. */
const COMMON = 25;
/** /24 networks of an actor looked at. */
const NETWORKS = 20;

export type Related = { id: string; label: string; riskScore: number; reasons: string[] };

export async function relatedActors(ctx: ServiceContext, tenantId: string, actorId: string): Promise<Related[]> {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const actor = await tx.actor.findFirst({ where: { id: actorId, tenantId }, select: { id: true, key: true } });
    if (!actor) throw notFound("Actor");
    const reasons = new Map<string, Set<string>>();
    const add = (key: string, why: string) => {
      if (key === actor.key) return;
      reasons.set(key, (reasons.get(key) ?? new Set()).add(why));
    };
    await sharedIdentities(tx, tenantId, actor.key, add);
    await sameNetworks(tx, tenantId, actor.key, add);
    await samePlaces(tx, tenantId, actor.id, add);
    const actors = await tx.actor.findMany({
      where: { tenantId, key: { in: [...reasons.keys()] } },
      select: { id: true, key: true, label: true, riskScore: true },
    });
    return actors
      .map((a) => ({ id: a.id, label: a.label, riskScore: a.riskScore, reasons: [...reasons.get(a.key)!] }))
      .sort(
        (a, b) => b.reasons.length - a.reasons.length || b.riskScore - a.riskScore || a.label.localeCompare(b.label),
      )
      .slice(0, SHOWN);
  });
}

type Add = (key: string, why: string) => void;

/** Addresses and credentials seen with this actor and others: detection marked them shared. */
async function sharedIdentities(tx: Prisma.TransactionClient, tenantId: string, key: string, add: Add) {
  const rows = await tx.actorLink.findMany({
    where: { tenantId, shared: { has: key } },
    select: { key: true, shared: true },
    take: 200,
  });
  for (const r of rows) {
    const why = r.key.startsWith("ip:")
      ? `shares the address ${r.key.slice(3)}`
      : `shares a credential (${r.key.split(":")[0]})`;
    for (const other of r.shared) add(other, why);
  }
}

/** Actors calling from the /24 networks this actor calls from (its own address, or addresses linked to it). */
async function sameNetworks(tx: Prisma.TransactionClient, tenantId: string, key: string, add: Add) {
  const linked = await tx.actorLink.findMany({
    where: { tenantId, to: key, key: { startsWith: "ip:" } },
    select: { key: true },
    take: 200,
  });
  const addresses = [...(key.startsWith("ip:") ? [key] : []), ...linked.map((l) => l.key)].map((k) => k.slice(3));
  const networks = [...new Set(addresses.filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)).map(net24))].slice(0, NETWORKS);
  for (const network of networks) {
    const prefix = `ip:${network.slice(0, network.lastIndexOf(".") + 1)}`;
    const why = `calls from the same network ${network}/24`;
    const own = await tx.actor.findMany({
      where: { tenantId, key: { startsWith: prefix } },
      select: { key: true },
      take: 50,
    });
    for (const a of own) add(a.key, why);
    const links = await tx.actorLink.findMany({
      where: { tenantId, key: { startsWith: prefix }, to: { not: null } },
      select: { to: true },
      take: 50,
    });
    for (const l of links) add(l.to!, why);
  }
}

const net24 = (address: string) => `${address.split(".").slice(0, 3).join(".")}.0`;

/** Actors using a client or network this actor uses, where few actors do. */
async function samePlaces(tx: Prisma.TransactionClient, tenantId: string, actorId: string, add: Add) {
  const rows = await tx.$queryRaw<{ key: string; kind: string; place: string }[]>`
    WITH mine AS (
      SELECT kind, place FROM actor_places WHERE "tenantId" = ${tenantId} AND "actorId" = ${actorId} AND kind IN ('agent', 'network')
    ),
    everyone AS (SELECT count(*) AS n FROM actors WHERE "tenantId" = ${tenantId}),
    rare AS (
      SELECT p.kind, p.place FROM actor_places p JOIN mine m USING (kind, place)
      WHERE p."tenantId" = ${tenantId} GROUP BY p.kind, p.place
      HAVING count(*) <= least(${COMMON}, greatest(2, (SELECT n FROM everyone) / 20))
    )
    SELECT a.key, p.kind, p.place FROM actor_places p JOIN rare r USING (kind, place) JOIN actors a ON a.id = p."actorId"
    WHERE p."tenantId" = ${tenantId} AND p."actorId" <> ${actorId}
    LIMIT 200`;
  for (const r of rows)
    add(r.key, r.kind === "agent" ? `uses the same client ${r.place}` : `calls from the same network ${r.place}`);
}
