// Deliveries: one notice to one integration, written in the same
// transaction as what caused it (so nothing is lost if the process dies)
// and sent by the response.deliver job, retried with backoff. Every attempt
// is logged with its answer; the integration keeps its last success and
// last error for the settings page; anyone who manages integrations can
// send a delivery again.
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { Notice } from "@lantern/engine/response/notices";
import type { JobsClient } from "@lantern/jobs/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { isPushKind, PUSH_KINDS } from "./edge-push";
import { openIntegrationSecret, ZIntegrationRef } from "./integrations";
import { linkTicket, ticketSubject } from "./jira";
import { type OutboundPolicy, PermanentFailure } from "./outbound";
import { sendNotice } from "./send";

export const ZDeliveryQuery = z.object({
  integrationId: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const ZDeliveryRef = z.object({ deliveryId: z.string().min(1).max(64) });

type Who = { actor: Actor };
type LogEntry = { at: string; status: number | null; error: string | null; ms: number | null };
const MAX_LOG = 20;

/** Writes one delivery per enabled integration named; returns their ids for enqueueDeliveries after commit. */
export async function queueDeliveries(
  tx: Prisma.TransactionClient,
  tenantId: string,
  input: { integrationIds: string[]; notice: Notice; subjectId: string | null; policyId: string | null },
): Promise<string[]> {
  if (input.integrationIds.length === 0) return [];
  // Edge lists take the block list, not notices.
  const targets = await tx.integration.findMany({
    where: { tenantId, id: { in: input.integrationIds }, enabled: true, kind: { notIn: [...PUSH_KINDS] } },
    select: { id: true },
  });
  const rows = targets.map((t) => ({
    id: newId("delivery"),
    tenantId,
    integrationId: t.id,
    event: input.notice.type,
    subjectId: input.subjectId,
    payload: input.notice as unknown as Prisma.InputJsonValue,
    policyId: input.policyId,
  }));
  if (rows.length) await tx.delivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}

/** Hands written deliveries to the queue; `round` makes a redelivery a new job. */
export async function enqueueDeliveries(
  jobs: JobsClient | null | undefined,
  tenantId: string,
  ids: string[],
  round = 0,
) {
  if (!jobs) return;
  for (const deliveryId of ids)
    await jobs.enqueue("response.deliver", { tenantId, deliveryId }, { jobId: `deliver-${deliveryId}-${round}` });
}

export type DeliverDeps = { db: Db; secret: string; outbound: OutboundPolicy };

/** One attempt at a delivery. Throws to be retried; a PermanentFailure is not worth retrying. */
export async function attemptDelivery(deps: DeliverDeps, tenantId: string, deliveryId: string): Promise<string> {
  const delivery = await withTenant(deps.db, tenantId, (tx) =>
    tx.delivery.findFirst({ where: { id: deliveryId, tenantId }, include: { integration: true } }),
  );
  if (!delivery) return "skipped: delivery not found (its integration was removed)";
  if (delivery.status === "DELIVERED") return "skipped: already delivered";
  if (!delivery.integration.enabled) {
    await settle(deps.db, tenantId, deliveryId, {
      ok: false,
      status: null,
      error: "the integration is switched off",
      ms: null,
    });
    return "skipped: integration switched off";
  }
  const notice = delivery.payload as unknown as Notice;
  const subject = ticketSubject(notice);
  // One ticket per alert (or finding) and integration: a second policy or a redelivery opens none.
  if (delivery.integration.kind === "jira" && subject) {
    const linked = await withTenant(deps.db, tenantId, (tx) =>
      tx.ticketLink.findFirst({ where: { tenantId, integrationId: delivery.integrationId, ...subject } }),
    );
    if (linked) {
      await settle(deps.db, tenantId, deliveryId, { ok: true, status: null, error: null, ms: 0 });
      return `already ticketed as ${linked.key}`;
    }
  }
  try {
    const secret = openIntegrationSecret(delivery.integration, deps.secret);
    const sent = await sendNotice(delivery.integration, secret, notice, delivery.id, deps.outbound);
    if (sent.ticket && subject)
      await withTenant(deps.db, tenantId, (tx) =>
        linkTicket(tx, tenantId, delivery.integrationId, subject, sent.ticket!),
      );
    await settle(deps.db, tenantId, deliveryId, { ok: true, status: sent.status, error: null, ms: sent.ms });
    return `delivered to ${delivery.integration.name} in ${sent.ms} ms`;
  } catch (error) {
    const status = (error as { status?: number }).status ?? null;
    const message = describe(error);
    const permanent = error instanceof PermanentFailure;
    await settle(deps.db, tenantId, deliveryId, { ok: false, status, error: message, ms: null, final: permanent });
    throw permanent ? error : new Error(message);
  }
}

/** The job failed for good: the delivery is FAILED with the last reason (kept visible for a redelivery). */
export async function deliveryGaveUp(db: Db, tenantId: string, deliveryId: string, reason: string) {
  await withTenant(db, tenantId, (tx) =>
    tx.delivery.updateMany({
      where: { id: deliveryId, tenantId, status: "PENDING" },
      data: { status: "FAILED", lastError: reason.slice(0, 500) },
    }),
  );
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const code = e.code && !e.message.includes(e.code) ? ` (${e.code})` : "";
  return `${e.message}${code}`.slice(0, 500);
}

/** Records an attempt on the delivery and its integration. */
async function settle(
  db: Db,
  tenantId: string,
  deliveryId: string,
  r: { ok: boolean; status: number | null; error: string | null; ms: number | null; final?: boolean },
) {
  await withTenant(db, tenantId, async (tx) => {
    const d = await tx.delivery.findFirstOrThrow({ where: { id: deliveryId, tenantId } });
    const now = new Date();
    const entry: LogEntry = { at: now.toISOString(), status: r.status, error: r.error, ms: r.ms };
    await tx.delivery.update({
      where: { id: d.id },
      data: {
        attempts: { increment: 1 },
        log: [...(d.log as LogEntry[]), entry].slice(-MAX_LOG) as Prisma.InputJsonValue,
        lastStatus: r.status,
        lastError: r.error,
        ...(r.ok ? { status: "DELIVERED", deliveredAt: now } : r.final ? { status: "FAILED" } : {}),
      },
    });
    await tx.integration.update({
      where: { id: d.integrationId },
      data: r.ok ? { lastSuccessAt: now } : { lastErrorAt: now, lastError: r.error },
    });
  });
}

export async function listDeliveries(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZDeliveryQuery>) {
  const q = ZDeliveryQuery.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    if (q.integrationId && !(await tx.integration.findFirst({ where: { id: q.integrationId, tenantId } })))
      throw notFound("Integration");
    const rows = await tx.delivery.findMany({
      where: { tenantId, ...(q.integrationId ? { integrationId: q.integrationId } : {}) },
      orderBy: { createdAt: "desc" },
      take: q.limit,
      include: { integration: { select: { name: true } } },
    });
    return rows.map((d) => ({
      id: d.id,
      integrationId: d.integrationId,
      integration: d.integration.name,
      event: d.event,
      summary: summaryOf(d.payload as unknown as Notice),
      subjectId: d.subjectId,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      log: d.log as LogEntry[],
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
    }));
  });
}

function summaryOf(n: Notice): string {
  if (n.alert) return n.alert.title;
  if (n.finding) return `${n.finding.title} on ${n.finding.endpoint}`;
  if (n.blocks?.length) return `${n.blocks.length} block ${n.blocks.length === 1 ? "entry" : "entries"}`;
  return n.type === "test" ? `Test sent by ${n.by ?? "someone"}` : n.type;
}

/** Sends a delivery again (a fixed receiver, a lost ticket), with the same id so receivers can de-duplicate. */
export async function redeliver(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZDeliveryRef>, who: Who) {
  const q = ZDeliveryRef.parse(input);
  const round = await withTenant(ctx.db, tenantId, async (tx) => {
    const d = await tx.delivery.findFirst({ where: { id: q.deliveryId, tenantId }, include: { integration: true } });
    if (!d) throw notFound("Delivery");
    if (!d.integration.enabled) throw new AppError("CONFLICT", `Switch ${d.integration.name} on first.`);
    await tx.delivery.update({ where: { id: d.id }, data: { status: "PENDING", deliveredAt: null } });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "delivery.resent",
      target: { type: "delivery", id: d.id },
      metadata: { integration: d.integration.name, event: d.event },
    });
    return d.attempts;
  });
  await enqueueDeliveries(ctx.jobs, tenantId, [q.deliveryId], round + 1);
  return { queued: q.deliveryId };
}

/** "Send a test": a test notice through the same queue, so it proves the whole path. */
export async function testIntegration(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZIntegrationRef>,
  who: Who,
) {
  const q = ZIntegrationRef.parse(input);
  const ids = await withTenant(ctx.db, tenantId, async (tx) => {
    const row = await tx.integration.findFirst({ where: { id: q.integrationId, tenantId } });
    if (!row) throw notFound("Integration");
    if (!row.enabled) throw new AppError("CONFLICT", `Switch ${row.name} on first.`);
    // An edge list's test is a push of the list itself.
    if (isPushKind(row.kind)) return null;
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { slug: true, name: true } });
    const notice: Notice = {
      type: "test",
      at: new Date().toISOString(),
      workspace: tenant,
      policy: null,
      by: who.actor.label,
    };
    const queued = await queueDeliveries(tx, tenantId, {
      integrationIds: [row.id],
      notice,
      subjectId: null,
      policyId: null,
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "integration.tested",
      target: { type: "integration", id: row.id },
      metadata: { name: row.name },
    });
    return queued;
  });
  if (ids === null) {
    await ctx.jobs?.enqueue(
      "response.push",
      { tenantId, integrationId: q.integrationId },
      { jobId: `push-${q.integrationId}-${Date.now()}` },
    );
    return { deliveryId: null, pushing: true };
  }
  await enqueueDeliveries(ctx.jobs, tenantId, ids);
  return { deliveryId: ids[0]!, pushing: false };
}
