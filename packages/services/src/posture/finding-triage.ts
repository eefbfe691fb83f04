// What people do with a posture finding: accept its risk (with a reason and
// an expiry), open it again, give it an owner, comment on it. Each change is
// audited and written to the finding's activity in the same transaction;
// changes of status also refresh the endpoint's risk and today's posture
// score, which count open findings only.
import { type Prisma, withTenant } from "@lantern/db/client";
import { ID_PREFIXES, newId } from "@lantern/db/ids";
import { z } from "zod";
import { type AuditAction, recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { readEndpointFacts } from "./endpoint-facts";
import { refreshRisk } from "./endpoint-risk";
import { snapshotPosture } from "./snapshots";

export const ZFindingRef = z.object({ findingId: z.string().min(1).max(64) });
export const ZAcceptFinding = ZFindingRef.extend({
  reason: z.string().trim().min(3, "Say why the risk is accepted.").max(1_000),
  /** Days until the finding opens again on its own, if it still holds. */
  days: z.number().int().min(1).max(365).default(90),
});
export const ZAssignFinding = ZFindingRef.extend({
  /** A member's user id, or null for no owner. */
  ownerId: z.string().min(1).max(64).nullable(),
});
export const ZCommentFinding = ZFindingRef.extend({
  text: z.string().trim().min(1, "Write a comment first.").max(4_000, "Comments are limited to 4,000 characters."),
});

type Who = { actor: Actor };
type Found = { id: string; title: string; endpointId: string };

/** Runs `change` on the finding in one transaction, then records it in the activity and the audit log. */
async function onFinding<T>(
  ctx: ServiceContext,
  tenantId: string,
  findingId: string,
  who: Who,
  change: (
    tx: Prisma.TransactionClient,
    f: Found,
  ) => Promise<{ kind: string; action: AuditAction; detail: Record<string, unknown>; result: T }>,
): Promise<T> {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const f = await tx.postureFinding.findFirst({
      where: { id: findingId, tenantId },
      select: { id: true, title: true, endpointId: true },
    });
    if (!f) throw notFound("Finding");
    const { kind, action, detail, result } = await change(tx, f);
    await tx.findingActivity.create({
      data: {
        id: newId("findingActivity"),
        tenantId,
        findingId: f.id,
        // An API token acts too: its label goes in the detail, as it is not a user.
        userId: who.actor.id.startsWith(`${ID_PREFIXES.user}_`) ? who.actor.id : null,
        kind,
        detail: {
          ...detail,
          ...(who.actor.id.startsWith(`${ID_PREFIXES.user}_`) ? {} : { via: who.actor.label }),
        } as Prisma.InputJsonValue,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action,
      target: { type: "finding", id: f.id },
      metadata: { title: f.title, ...detail },
    });
    return result;
  });
}

/** After a status change: the endpoint's risk and today's score count open findings. */
async function rescore(tx: Prisma.TransactionClient, tenantId: string, endpointId: string) {
  await refreshRisk(tx, tenantId, await readEndpointFacts(tx, tenantId, { ids: [endpointId] }));
  await snapshotPosture(tx, tenantId, new Date());
}

/** Accepts the risk for `days`: the finding stays out of the open list (and the score) until then, even while it holds. */
export async function acceptFinding(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZAcceptFinding>,
  who: Who,
) {
  const q = ZAcceptFinding.parse(input);
  return onFinding(ctx, tenantId, q.findingId, who, async (tx, f) => {
    const until = new Date(Date.now() + q.days * 86_400_000);
    await tx.postureFinding.update({
      where: { id: f.id },
      data: { status: "ACCEPTED", acceptedReason: q.reason, acceptedUntil: until, acceptedById: who.actor.id },
    });
    await rescore(tx, tenantId, f.endpointId);
    return {
      kind: "accepted",
      action: "finding.accepted",
      detail: { reason: q.reason, until: until.toISOString() },
      result: { id: f.id, status: "ACCEPTED" as const, acceptedUntil: until },
    };
  });
}

/** Takes an accepted risk back: the finding is open again (resolved by a later judgement if it no longer holds). */
export async function reopenFinding(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZFindingRef>,
  who: Who,
) {
  const q = ZFindingRef.parse(input);
  return onFinding(ctx, tenantId, q.findingId, who, async (tx, f) => {
    await tx.postureFinding.update({
      where: { id: f.id },
      data: { status: "OPEN", acceptedReason: null, acceptedUntil: null, acceptedById: null, resolvedAt: null },
    });
    await rescore(tx, tenantId, f.endpointId);
    return { kind: "reopened", action: "finding.reopened", detail: {}, result: { id: f.id, status: "OPEN" as const } };
  });
}

export async function assignFinding(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZAssignFinding>,
  who: Who,
) {
  const q = ZAssignFinding.parse(input);
  return onFinding(ctx, tenantId, q.findingId, who, async (tx, f) => {
    let to: string | null = null;
    if (q.ownerId !== null) {
      const member = await tx.membership.findFirst({
        where: { tenantId, userId: q.ownerId },
        select: { user: { select: { name: true, email: true } } },
      });
      if (!member) throw new AppError("BAD_REQUEST", "Findings can only be given to members of this workspace.");
      to = member.user.name || member.user.email;
    }
    await tx.postureFinding.update({ where: { id: f.id }, data: { ownerId: q.ownerId } });
    return { kind: "assigned", action: "finding.assigned", detail: { to }, result: { id: f.id, owner: to } };
  });
}

export async function commentFinding(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZCommentFinding>,
  who: Who,
) {
  const q = ZCommentFinding.parse(input);
  return onFinding(ctx, tenantId, q.findingId, who, async (_tx, f) => ({
    kind: "comment",
    action: "finding.commented",
    detail: { text: q.text },
    result: { id: f.id },
  }));
}
