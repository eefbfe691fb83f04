// The workspace's block and rate-limit lists: what analysts add (by hand,
// from an alert or an actor), with a reason, an expiry and an audit entry;
// what the allow list keeps out; and the changes gateways pull (feeds.ts).
// Every write takes the workspace's block-list lock, so entries take their
// cursor (seq) in the order they commit and a feed never skips one.
import { pushEdgeListsSoon } from "./edge-push";
import { type Prisma, Prisma as Sql, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { parseCidr } from "@lantern/engine/normalize/ip";
import { canonicalTarget, type Target, ZTarget } from "./targets";

export const LISTS = ["BLOCK", "RATE_LIMIT"] as const;
export const ZAddBlock = ZTarget.extend({
  list: z.enum(LISTS).default("BLOCK"),
  label: z.string().trim().max(200).optional(),
  reason: z.string().trim().min(3, "Say why: the team and the audit log read it.").max(500),
  /** Hours until it lifts by itself; null keeps it until someone removes it. */
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .nullable()
    .default(24),
  alertId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
});
export const ZBlockRef = z.object({ entryId: z.string().min(1).max(64) });
export const ZBlockQuery = z.object({
  list: z.enum(LISTS).default("BLOCK"),
  status: z.enum(["active", "removed"]).default("active"),
});

type Who = { actor: Actor };

/** The next cursor: the seq column's own sequence (a BIGSERIAL), taken again when an entry leaves a list. */
export const NEXT_SEQ = Sql.raw("nextval(pg_get_serial_sequence('block_entries', 'seq'))");

/** Serialises the workspace's block-list writes and feed reads (see the header). */
export async function lockBlockList(tx: Prisma.TransactionClient, tenantId: string) {
  await tx.$executeRaw(Sql.sql`SELECT pg_advisory_xact_lock(hashtext(${`block-list:${tenantId}`}))`);
}

/** Entries past their expiry leave the list, taking a new cursor so feeds asked for changes hear of it. */
export async function expireBlocks(tx: Prisma.TransactionClient, tenantId: string, now: Date): Promise<number> {
  return tx.$executeRaw(Sql.sql`
    UPDATE block_entries SET "removedAt" = "expiresAt", "removedBy" = 'expiry', seq = ${NEXT_SEQ}
    WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL AND "expiresAt" <= ${now}`);
}

/** The allow entry that covers a target (an overlapping range, or the same identity), if any. */
export async function allowedBy(tx: Prisma.TransactionClient, tenantId: string, target: Target) {
  const rows = await tx.$queryRaw<{ label: string; reason: string }[]>(
    target.kind === "cidr"
      ? Sql.sql`SELECT label, reason FROM allow_entries
          WHERE "tenantId" = ${tenantId} AND kind = 'cidr' AND value::inet && ${target.value}::inet LIMIT 1`
      : Sql.sql`SELECT label, reason FROM allow_entries
          WHERE "tenantId" = ${tenantId} AND kind = ${target.kind} AND value = ${target.value} LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Items split by the allow list: those it leaves to block, and those it spares with the covering entry's name. */
export async function splitByAllowList<T>(
  tx: Prisma.TransactionClient,
  tenantId: string,
  items: T[],
  targetOf: (item: T) => Target,
): Promise<{ kept: T[]; spared: { item: T; allowedBy: string }[] }> {
  const covering = await allowListCovering(tx, tenantId, items.map(targetOf));
  return {
    kept: items.filter((_, i) => !covering[i]),
    spared: items.flatMap((item, i) => (covering[i] ? [{ item, allowedBy: covering[i]! }] : [])),
  };
}

/**
 * The allow entry's name covering each target, in the targets' order (null
 * where none does): ranges in one query, identities from one read of the
 * list, so a botnet's hundreds of addresses cost two queries, not hundreds.
 */
export async function allowListCovering(
  tx: Prisma.TransactionClient,
  tenantId: string,
  targets: Target[],
): Promise<(string | null)[]> {
  // Only what parses as a range is cast in SQL (one bad value would fail the whole query); anything else is not covered.
  const ranges = targets.filter((t) => t.kind === "cidr" && parseCidr(t.value)).map((t) => t.value);
  const covered = new Map<string, string>();
  if (ranges.length) {
    const rows = await tx.$queryRaw<{ value: string; label: string | null }[]>(Sql.sql`
      SELECT t.value, (SELECT a.label FROM allow_entries a
        WHERE a."tenantId" = ${tenantId} AND a.kind = 'cidr' AND a.value::inet && t.value::inet LIMIT 1) AS label
      FROM unnest(${ranges}::text[]) AS t(value)`);
    // Keyed by value, so the rows' order does not matter.
    for (const r of rows) if (r.label) covered.set(`cidr:${r.value}`, r.label);
  }
  if (targets.some((t) => t.kind !== "cidr")) {
    const names = await tx.allowEntry.findMany({
      where: { tenantId, kind: { not: "cidr" } },
      select: { kind: true, value: true, label: true },
    });
    for (const n of names) covered.set(`${n.kind}:${n.value}`, n.label);
  }
  return targets.map((t) => covered.get(`${t.kind}:${t.value}`) ?? null);
}

/**
 * Adds a target to a list. The allow list wins: a target it covers is
 * refused with the entry's name. A target already on the list keeps its
 * entry, with the later of the two expiries.
 */
export async function addBlock(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZAddBlock>, who: Who) {
  const q = ZAddBlock.parse(input);
  const entry = await withTenant(ctx.db, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    return addBlockIn(tx, tenantId, q, who);
  });
  await pushEdgeListsSoon(ctx, tenantId);
  return entry;
}

/** addBlock inside a transaction that holds the block-list lock (a policy adds several entries in one). */
export async function addBlockIn(
  tx: Prisma.TransactionClient,
  tenantId: string,
  q: z.output<typeof ZAddBlock>,
  who: Who,
) {
  const now = new Date();
  await expireBlocks(tx, tenantId, now);
  const target = await canonicalTarget(tx, q, q.label);
  // What it came from must be this workspace's (an id from elsewhere is as good as none).
  if (q.alertId && !(await tx.alert.findFirst({ where: { id: q.alertId, tenantId }, select: { id: true } })))
    throw notFound("Alert");
  if (q.actorId && !(await tx.actor.findFirst({ where: { id: q.actorId, tenantId }, select: { id: true } })))
    throw notFound("Actor");
  const allowed = await allowedBy(tx, tenantId, target);
  if (allowed)
    throw new AppError(
      "CONFLICT",
      `${target.label} is covered by the allow list (${allowed.label}: ${allowed.reason}), which always wins. Narrow the entry or change the allow list.`,
    );
  const expiresAt = q.hours === null ? null : new Date(now.getTime() + q.hours * 3_600_000);
  const existing = await tx.blockEntry.findFirst({
    where: { tenantId, list: q.list, kind: target.kind, value: target.value, removedAt: null },
  });
  const later = (a: Date | null, b: Date | null) => (a === null || b === null ? null : a > b ? a : b);
  const entry = existing
    ? await tx.blockEntry.update({
        where: { id: existing.id },
        data: { expiresAt: later(existing.expiresAt, expiresAt) },
      })
    : await tx.blockEntry.create({
        data: {
          id: newId("blockEntry"),
          tenantId,
          list: q.list,
          kind: target.kind,
          value: target.value,
          label: target.label,
          reason: q.reason,
          alertId: q.alertId ?? null,
          actorId: q.actorId ?? null,
          createdBy: who.actor.label,
          expiresAt,
        },
      });
  await recordAudit(tx, {
    tenantId,
    actor: who.actor,
    action: existing ? "block.extended" : "block.added",
    target: { type: "block", id: entry.id },
    metadata: {
      list: q.list,
      entry: target.label,
      reason: q.reason,
      expiresAt: entry.expiresAt?.toISOString() ?? null,
    },
  });
  return entryView(entry);
}

/** Takes an entry off its list (kept, with who and when, for the audit trail and the feeds' changes). */
export async function removeBlock(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZBlockRef>, who: Who) {
  const { entryId } = ZBlockRef.parse(input);
  const removed = await withTenant(ctx.db, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    const entry = await tx.blockEntry.findFirst({ where: { id: entryId, tenantId, removedAt: null } });
    if (!entry) throw notFound("Block entry");
    await tx.$executeRaw(Sql.sql`
      UPDATE block_entries SET "removedAt" = now(), "removedBy" = ${who.actor.label}, seq = ${NEXT_SEQ}
      WHERE id = ${entry.id} AND "tenantId" = ${tenantId}`);
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "block.removed",
      target: { type: "block", id: entry.id },
      metadata: { list: entry.list, entry: entry.label },
    });
    return { removed: entry.id };
  });
  await pushEdgeListsSoon(ctx, tenantId);
  return removed;
}

/** The list's entries now on it (or taken off), newest first. */
export async function listBlocks(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZBlockQuery>) {
  const q = ZBlockQuery.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    await expireBlocks(tx, tenantId, new Date());
    const rows = await tx.blockEntry.findMany({
      where: { tenantId, list: q.list, removedAt: q.status === "active" ? null : { not: null } },
      orderBy: q.status === "active" ? { createdAt: "desc" } : { removedAt: "desc" },
      take: 500,
    });
    return rows.map(entryView);
  });
}

type Entry = Awaited<ReturnType<Prisma.TransactionClient["blockEntry"]["findFirstOrThrow"]>>;

function entryView(e: Entry) {
  return {
    id: e.id,
    list: e.list,
    kind: e.kind,
    value: e.value,
    label: e.label,
    reason: e.reason,
    alertId: e.alertId,
    actorId: e.actorId,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    expiresAt: e.expiresAt,
    removedAt: e.removedAt,
    removedBy: e.removedBy,
  };
}
