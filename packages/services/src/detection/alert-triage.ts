// What people do with alerts: set a status, give an owner, comment, one alert
// or a page of them at once. Each change goes to the alert's history and to
// the workspace's audit log in the same transaction as the change; a false
// positive teaches the suppression layer, and undoing one forgets it.
import { z } from "zod";
import { withTenant, type Prisma } from "@lantern/db/client";
import { ID_PREFIXES, newId } from "@lantern/db/ids";
import { recordAudit, type AuditAction } from "../audit";
import type { Actor as Who, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { forgetSuppressions, teachSuppression } from "./suppressions";

export const ALERT_STATUSES = ["NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"] as const;
type Status = (typeof ALERT_STATUSES)[number];

/** A status and/or an owner, for one alert or many; a false positive needs its reason. */
const ZTriage = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  /** A member's user id, or null to unassign. */
  assigneeId: z.string().min(1).max(64).nullable().optional(),
  /** Why: required when marking a false positive (it teaches the suppression layer). */
  reason: z.string().trim().max(2_000).optional(),
});
export const ZAlertRef = z.object({ alertId: z.string().min(1).max(64) });
export const ZUpdateAlert = ZAlertRef.extend(ZTriage.shape);
export const ZBulkAlerts = ZTriage.extend({ alertIds: z.array(z.string().min(1).max(64)).min(1).max(200) }).refine(
  (q) => q.status !== undefined || q.assigneeId !== undefined,
  { message: "Choose a status or an assignee for the selected alerts.", path: ["status"] },
);
export const ZCommentAlert = ZAlertRef.extend({
  text: z.string().trim().min(1, "Write a comment first.").max(4_000, "Comments are limited to 4,000 characters."),
});

type Triage = z.infer<typeof ZTriage>;
type Triaged = { id: string; title: string; status: Status; assigneeId: string | null } & Parameters<
  typeof teachSuppression
>[2];
const TRIAGED = {
  id: true,
  title: true,
  status: true,
  assigneeId: true,
  detector: true,
  actorId: true,
  endpointId: true,
} as const;

/** Changes an alert's status and/or assignee. */
export async function updateAlert(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZUpdateAlert>,
  who: { actor: Who },
) {
  const q = ZUpdateAlert.parse(input);
  requireReason(q);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const alert = await tx.alert.findFirst({ where: { id: q.alertId, tenantId }, select: TRIAGED });
    if (!alert) throw notFound("Alert");
    await triage(tx, tenantId, alert, q, await assigneeName(tx, tenantId, q), who.actor);
    return { id: alert.id };
  });
}

/** One status and/or owner for many alerts of this workspace (others' ids are ignored, as if they did not exist). */
export async function bulkUpdateAlerts(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZBulkAlerts>,
  who: { actor: Who },
) {
  const q = ZBulkAlerts.parse(input);
  requireReason(q);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const alerts = await tx.alert.findMany({
      where: { tenantId, id: { in: q.alertIds } },
      select: TRIAGED,
      orderBy: { id: "asc" },
    });
    const name = await assigneeName(tx, tenantId, q);
    let updated = 0;
    for (const a of alerts) if (await triage(tx, tenantId, a, q, name, who.actor)) updated++;
    return { updated };
  });
}

export async function commentAlert(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZCommentAlert>,
  who: { actor: Who },
) {
  const q = ZCommentAlert.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const alert = await tx.alert.findFirst({ where: { id: q.alertId, tenantId }, select: { id: true, title: true } });
    if (!alert) throw notFound("Alert");
    const id = await record(tx, tenantId, alert, who.actor, "comment", "alert.commented", { text: q.text });
    return { id };
  });
}

function requireReason(q: Triage) {
  if (q.status === "FALSE_POSITIVE" && !q.reason)
    throw new AppError(
      "BAD_REQUEST",
      "Say why this is a false positive: the same pattern from this actor will not alert again.",
    );
}

/** The new assignee's name for the history, after checking they are a member; undefined when the owner is not changing. */
async function assigneeName(tx: Prisma.TransactionClient, tenantId: string, q: Triage) {
  if (q.assigneeId === undefined) return undefined;
  if (q.assigneeId === null) return null;
  const member = await tx.membership.findFirst({
    where: { tenantId, userId: q.assigneeId },
    select: { user: { select: { name: true, email: true } } },
  });
  if (!member) throw new AppError("BAD_REQUEST", "Alerts can only be assigned to members of this workspace.");
  return member.user.name || member.user.email;
}

/** Applies what changes to one alert, each change recorded; false when nothing changed. */
async function triage(
  tx: Prisma.TransactionClient,
  tenantId: string,
  alert: Triaged,
  q: Triage,
  name: string | null | undefined,
  who: Who,
): Promise<boolean> {
  const data: Prisma.AlertUncheckedUpdateInput = {};
  if (q.assigneeId !== undefined && q.assigneeId !== alert.assigneeId) {
    data.assigneeId = q.assigneeId;
    await record(tx, tenantId, alert, who, "assigned", "alert.assigned", { to: name });
  }
  if (q.status && q.status !== alert.status) {
    data.status = q.status;
    const detail = { from: alert.status, to: q.status, ...(q.reason ? { reason: q.reason } : {}) };
    await record(tx, tenantId, alert, who, "status", "alert.status", detail);
    // A false positive teaches the suppression layer; undoing it (any other status) forgets what it taught.
    if (q.status === "FALSE_POSITIVE") await teachSuppression(tx, tenantId, alert, q.reason!, who);
    else if (alert.status === "FALSE_POSITIVE") await forgetSuppressions(tx, tenantId, [alert.id]);
  }
  if (Object.keys(data).length === 0) return false;
  await tx.alert.update({ where: { id: alert.id }, data });
  return true;
}

/** One change in the alert's history and in the audit log; returns the history entry's id. */
async function record(
  tx: Prisma.TransactionClient,
  tenantId: string,
  alert: { id: string; title: string },
  who: Who,
  kind: string,
  action: AuditAction,
  detail: Record<string, unknown>,
) {
  // An API token acts too: its name goes in the detail, as it is not a user.
  const isUser = who.id.startsWith(`${ID_PREFIXES.user}_`);
  const entry = await tx.alertActivity.create({
    data: {
      id: newId("alertActivity"),
      tenantId,
      alertId: alert.id,
      userId: isUser ? who.id : null,
      kind,
      detail: (isUser ? detail : { ...detail, via: who.label }) as Prisma.InputJsonValue,
    },
  });
  await recordAudit(tx, {
    tenantId,
    actor: who,
    action,
    target: { type: "alert", id: alert.id },
    metadata: { title: alert.title, ...detail },
  });
  return entry.id;
}
