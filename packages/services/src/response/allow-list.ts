// The allow list: the workspace's own networks, partners and monitoring,
// which no block may cover. Adding an entry takes any block it covers off
// the lists at once (the allow list always wins), audited with the reason.
import { Prisma as Sql, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { lockBlockList, NEXT_SEQ } from "./block-list";
import { canonicalTarget, ZTarget } from "./targets";

export const ZAddAllow = ZTarget.extend({
  label: z.string().trim().max(200).optional(),
  reason: z.string().trim().min(3, "Say whose it is: the office VPN, a partner, the uptime monitor.").max(500),
});
export const ZAllowRef = z.object({ allowId: z.string().min(1).max(64) });

type Who = { actor: Actor };

export async function addAllow(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZAddAllow>, who: Who) {
  const q = ZAddAllow.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    const target = await canonicalTarget(tx, q, q.label);
    const exists = await tx.allowEntry.findFirst({ where: { tenantId, kind: target.kind, value: target.value } });
    if (exists) throw new AppError("CONFLICT", `${target.label} is already on the allow list (${exists.reason}).`);
    const entry = await tx.allowEntry.create({
      data: {
        id: newId("allowEntry"),
        tenantId,
        kind: target.kind,
        value: target.value,
        // A range keeps the name people gave it ("Partner scanner"); the value says which range.
        label: q.label?.trim() || target.label,
        reason: q.reason,
        createdBy: who.actor.label,
      },
    });
    // Blocks it covers come off now, with a new cursor so gateways drop them too.
    const lifted = await tx.$queryRaw<{ id: string; label: string }[]>(
      target.kind === "cidr"
        ? Sql.sql`UPDATE block_entries SET "removedAt" = now(), "removedBy" = ${`allow list: ${target.label}`}, seq = ${NEXT_SEQ}
            WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL AND kind = 'cidr' AND value::inet && ${target.value}::inet
            RETURNING id, label`
        : Sql.sql`UPDATE block_entries SET "removedAt" = now(), "removedBy" = ${`allow list: ${target.label}`}, seq = ${NEXT_SEQ}
            WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL AND kind = ${target.kind} AND value = ${target.value}
            RETURNING id, label`,
    );
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "allow.added",
      target: { type: "allow", id: entry.id },
      metadata: { entry: target.label, reason: q.reason, lifted: lifted.map((l) => l.label) },
    });
    return { id: entry.id, label: entry.label, lifted: lifted.map((l) => l.label) };
  });
}

export async function removeAllow(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZAllowRef>, who: Who) {
  const { allowId } = ZAllowRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const entry = await tx.allowEntry.findFirst({ where: { id: allowId, tenantId } });
    if (!entry) throw notFound("Allow entry");
    await tx.allowEntry.delete({ where: { id: entry.id } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "allow.removed",
      target: { type: "allow", id: entry.id },
      metadata: { entry: entry.label, reason: entry.reason },
    });
    return { removed: entry.id };
  });
}

export async function listAllow(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, (tx) =>
    tx.allowEntry.findMany({
      where: { tenantId },
      orderBy: { createdAt: "desc" },
      select: { id: true, kind: true, value: true, label: true, reason: true, createdBy: true, createdAt: true },
    }),
  );
}
