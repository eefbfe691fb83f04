// The suppression layer: benign patterns analysts told Lantern about. A
// false positive marked with a reason teaches one (that detector, for that
// actor, or for that endpoint when the alert names no actor) and setting the
// alert's status back removes it; allow-listed actors and networks are set
// by hand. Findings a suppression matches are counted on it (hits, last hit)
// instead of raising an alert, so suppressions stay visible and reviewable.
import { z } from "zod";
import { withTenant, type Prisma, type TenantTx } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { inCidr, parseCidr, parseIp, type Cidr } from "@lantern/engine/normalize/ip";
import type { Finding } from "@lantern/engine/detection/types";
import { recordAudit } from "../audit";
import type { Actor as Who, RequestMeta, ServiceContext } from "../context";
import { notFound } from "../errors";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";

/** An allow-listed network (cidr) or actor (actorId), for one detector or all. */
export const ZCreateSuppression = z
  .object({
    kind: z.enum(["network", "actor"]),
    cidr: z.string().trim().max(50).optional(),
    actorId: z.string().min(1).max(64).optional(),
    detector: z.string().max(64).optional(),
    reason: z.string().trim().min(1, "Say why this is benign: the next analyst will read it.").max(2_000),
  })
  .superRefine((v, issue) => {
    if (v.kind === "network" && (!v.cidr || parseCidr(v.cidr) === null)) {
      issue.addIssue({
        code: "custom",
        path: ["cidr"],
        message: `"${v.cidr ?? ""}" is not an IP range; write it like 203.0.113.0/24`,
      });
    }
    if (v.kind === "actor" && !v.actorId)
      issue.addIssue({ code: "custom", path: ["actorId"], message: "Choose the actor to allow-list." });
  });
export const ZSuppressionRef = z.object({ suppressionId: z.string().min(1).max(64) });

/** What a finding is matched on: its actor and endpoint as stored, and the addresses of the requests behind it. */
export type FindingSubject = { actorId?: string; endpointId?: string; addresses: string[] };
export type Matcher = { id: string; matches: (f: Finding, s: FindingSubject) => boolean };

export async function loadSuppressions(tx: TenantTx | Prisma.TransactionClient, tenantId: string): Promise<Matcher[]> {
  const rows = await tx.suppression.findMany({ where: { tenantId } });
  return rows.map((r) => {
    const detector = (f: Finding) => r.detector === null || r.detector === f.detector;
    if (r.kind === "network") {
      const cidr = parseCidr(r.cidr ?? "") as Cidr;
      // Every request behind the finding came from the allow-listed network.
      const inside = (ip: string) => {
        const parsed = parseIp(ip);
        return parsed !== null && inCidr(parsed, cidr);
      };
      return { id: r.id, matches: (f, s) => detector(f) && s.addresses.length > 0 && s.addresses.every(inside) };
    }
    if (r.actorId) return { id: r.id, matches: (f, s) => detector(f) && s.actorId === r.actorId };
    return { id: r.id, matches: (f, s) => detector(f) && !s.actorId && s.endpointId === r.endpointId };
  });
}

/** A false positive's reason becomes a suppression of the same pattern. */
export async function teachSuppression(
  tx: Prisma.TransactionClient,
  tenantId: string,
  alert: { id: string; detector: string; actorId: string | null; endpointId: string | null },
  reason: string,
  who: Who,
): Promise<void> {
  await tx.suppression.create({
    data: {
      id: newId("suppression"),
      tenantId,
      kind: "false-positive",
      detector: alert.detector,
      actorId: alert.actorId,
      endpointId: alert.actorId ? null : alert.endpointId,
      reason,
      alertId: alert.id,
      createdById: who.id,
    },
  });
}

/** An alert no longer a false positive: what it taught is forgotten. */
export async function forgetSuppressions(
  tx: Prisma.TransactionClient,
  tenantId: string,
  alertIds: string[],
): Promise<void> {
  await tx.suppression.deleteMany({ where: { tenantId, alertId: { in: alertIds } } });
}

export async function listSuppressions(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const rows = await tx.suppression.findMany({
      where: { tenantId },
      orderBy: { createdAt: "desc" },
      take: 500,
      include: {
        actor: { select: { id: true, label: true } },
        endpoint: { select: { id: true, method: true, template: true, service: { select: { host: true } } } },
        alert: { select: { id: true, title: true } },
        createdBy: { select: { name: true, email: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      detector: r.detector,
      cidr: r.cidr,
      reason: r.reason,
      hits: r.hits,
      lastHitAt: r.lastHitAt,
      createdAt: r.createdAt,
      actor: r.actor,
      alert: r.alert,
      createdBy: r.createdBy ? r.createdBy.name || r.createdBy.email : null,
      endpoint: r.endpoint ? { id: r.endpoint.id, label: storedEndpointLabel(r.endpoint) } : null,
    }));
  });
}

export async function createSuppression(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZCreateSuppression>,
  who: Who,
  meta?: RequestMeta,
) {
  const q = ZCreateSuppression.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    if (q.actorId && !(await tx.actor.findFirst({ where: { id: q.actorId, tenantId }, select: { id: true } })))
      throw notFound("Actor");
    const row = await tx.suppression.create({
      data: {
        id: newId("suppression"),
        tenantId,
        kind: q.kind,
        detector: q.detector ?? null,
        reason: q.reason,
        createdById: who.id,
        ...(q.kind === "network" ? { cidr: q.cidr! } : { actorId: q.actorId! }),
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who,
      action: "suppression.created",
      target: { type: "suppression", id: row.id },
      metadata: { kind: q.kind, detector: q.detector ?? null },
      meta,
    });
    return { id: row.id };
  });
}

/** Removes a suppression; one a false positive taught also leaves that alert's history saying so. */
export async function deleteSuppression(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZSuppressionRef>,
  who: Who,
  meta?: RequestMeta,
) {
  const q = ZSuppressionRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.suppression.findFirst({ where: { id: q.suppressionId, tenantId } });
    if (!row) throw notFound("Suppression");
    await tx.suppression.delete({ where: { id: row.id } });
    if (row.alertId) {
      await tx.alertActivity.create({
        data: {
          id: newId("alertActivity"),
          tenantId,
          alertId: row.alertId,
          userId: who.id,
          kind: "unsuppressed",
          detail: { reason: row.reason },
        },
      });
    }
    await recordAudit(tx, {
      tenantId,
      actor: who,
      action: "suppression.deleted",
      target: { type: "suppression", id: row.id },
      metadata: { kind: row.kind },
      meta,
    });
    return { id: row.id };
  });
}
