// Adding many targets to a list in one step: a policy's blocks, or every
// address of an alert (hundreds for a botnet). Addresses go in as a few
// set-based statements (canonical form, the allow list, entries already on
// the list, the new rows) with one audit entry for the step, so 500
// addresses take one round of queries, not 500; identities, a handful at
// most, go one by one through addBlockIn.
import { type Prisma, Prisma as Sql } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { parseIp } from "@lantern/engine/normalize/ip";
import { recordAudit } from "../audit";
import type { Actor } from "../context";
import type { BlockableTarget } from "./actor-targets";
import { addBlockIn, allowedBy, allowListCovering, expireBlocks } from "./block-list";
import { canonicalTarget } from "./targets";

/** What became of one target of a block that names many. */
export type TargetOutcome = BlockableTarget & {
  outcome: "blocked" | "suggested" | "spared" | "failed";
  note?: string;
};

export type AddTargetsOptions = {
  list: "BLOCK" | "RATE_LIMIT";
  hours: number | null;
  /** The alert the targets come from, if any (a hunt's addresses come from none). */
  alertId?: string;
  who: { actor: Actor };
  reason: string;
};

/** A many-target block in figures, as the dashboard reports it: how many blocked, spared, failed, and until when. */
export function blockSummary(done: TargetOutcome[], o: Pick<AddTargetsOptions, "list" | "hours">) {
  const count = (outcome: TargetOutcome["outcome"]) => done.filter((t) => t.outcome === outcome).length;
  return {
    list: o.list,
    blocked: count("blocked"),
    spared: count("spared"),
    failed: count("failed"),
    expiresAt: o.hours === null ? null : new Date(Date.now() + o.hours * 3_600_000),
  };
}

/**
 * Adds each target to the list unless the allow list covers it (spared, with
 * the entry's name); a target that is no valid address is recorded as
 * failed, not fatal. The caller holds the block-list lock.
 */
export async function addTargetsIn(
  tx: Prisma.TransactionClient,
  tenantId: string,
  wanted: BlockableTarget[],
  o: AddTargetsOptions,
): Promise<TargetOutcome[]> {
  const single = (t: BlockableTarget) => t.kind === "cidr" && !t.value.includes("/") && parseIp(t.value) !== null;
  const addresses = wanted.filter(single);
  const others = wanted.filter((t) => !single(t));
  return [...(await addAddresses(tx, tenantId, addresses, o)), ...(await addOneByOne(tx, tenantId, others, o))];
}

async function addOneByOne(
  tx: Prisma.TransactionClient,
  tenantId: string,
  wanted: BlockableTarget[],
  o: AddTargetsOptions,
): Promise<TargetOutcome[]> {
  const out: TargetOutcome[] = [];
  for (const t of wanted) {
    const canonical = await canonicalTarget(tx, t, t.label).catch(() => null);
    const allowed = canonical ? await allowedBy(tx, tenantId, canonical) : null;
    if (!canonical) out.push({ ...t, outcome: "failed", note: "not a valid range" });
    else if (allowed) out.push({ ...t, outcome: "spared", note: `allow list: ${allowed.label}` });
    else {
      const q = { ...canonical, list: o.list, label: t.label, reason: o.reason, hours: o.hours, alertId: o.alertId };
      await addBlockIn(tx, tenantId, q, o.who);
      out.push({ ...t, outcome: "blocked" });
    }
  }
  return out;
}

/** Single addresses, set-based: each ends blocked (new, or an entry already there kept with the later expiry) or spared. */
async function addAddresses(
  tx: Prisma.TransactionClient,
  tenantId: string,
  wanted: BlockableTarget[],
  o: AddTargetsOptions,
): Promise<TargetOutcome[]> {
  if (wanted.length === 0) return [];
  const now = new Date();
  // An entry past its expiry leaves the list first, so it is not taken for one still on it.
  await expireBlocks(tx, tenantId, now);
  const canonical = await tx.$queryRaw<{ address: string; value: string }[]>(Sql.sql`
    SELECT t.address, network(t.address::inet)::text AS value
    FROM unnest(${wanted.map((t) => t.value)}::text[]) WITH ORDINALITY AS t(address, n) ORDER BY t.n`);
  const covering = await allowListCovering(tx, tenantId, wanted);
  const rows = canonical.map((r, i) => ({ ...r, allowed: covering[i] ?? null }));
  const byAddress = new Map(rows.map((r) => [r.address, r]));
  const blocking = rows.filter((r) => !r.allowed);
  const expiresAt = o.hours === null ? null : new Date(now.getTime() + o.hours * 3_600_000);
  const existing = await tx.blockEntry.findMany({
    where: { tenantId, list: o.list, kind: "cidr", value: { in: blocking.map((r) => r.value) }, removedAt: null },
    select: { id: true, value: true, expiresAt: true },
  });
  const onList = new Set(existing.map((e) => e.value));
  // Entries already on the list keep one row, with the later expiry (none is the latest).
  const extend = existing.filter((e) => e.expiresAt !== null && (expiresAt === null || e.expiresAt < expiresAt));
  if (extend.length)
    await tx.blockEntry.updateMany({ where: { id: { in: extend.map((e) => e.id) } }, data: { expiresAt } });
  const fresh = blocking.filter((r) => !onList.has(r.value));
  await tx.blockEntry.createMany({
    data: fresh.map((r) => ({
      id: newId("blockEntry"),
      tenantId,
      list: o.list,
      kind: "cidr",
      value: r.value,
      label: r.value,
      reason: o.reason,
      alertId: o.alertId ?? null,
      createdBy: o.who.actor.label,
      expiresAt,
    })),
  });
  if (blocking.length)
    await recordAudit(tx, {
      tenantId,
      actor: o.who.actor,
      action: "block.added",
      ...(o.alertId ? { target: { type: "alert", id: o.alertId } } : {}),
      metadata: {
        list: o.list,
        entries: blocking.length,
        added: fresh.length,
        extended: extend.length,
        sample: blocking.slice(0, 20).map((r) => r.value),
        reason: o.reason,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });
  return wanted.map((t) => {
    const row = byAddress.get(t.value)!;
    return row.allowed ? { ...t, outcome: "spared", note: `allow list: ${row.allowed}` } : { ...t, outcome: "blocked" };
  });
}
