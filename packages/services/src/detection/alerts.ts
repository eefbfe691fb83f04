// The alert queue and triage: list with filters, one alert with its
// evidence (the requests behind it, read back from the events) and history,
// status and assignee changes, comments. Every change is kept in the
// alert's history, written in the same transaction as the change.
import { z } from "zod";
import { withTenant, type Prisma } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { EventRef } from "@lantern/engine/detection/actors";
import type { Actor as Who, ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { actorTargets } from "../response/actor-targets";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { forgetSuppressions, teachSuppression } from "./suppressions";

const STATUSES = ["NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"] as const;
/** The queue: what still needs someone. */
const OPEN: (typeof STATUSES)[number][] = ["NEW", "INVESTIGATING"];

export const ZAlertQuery = z
  .object({
    status: z
      .enum([...STATUSES, "open", "all"])
      .default("open")
      .describe('"open" (new or investigating, the default), "all", or one status'),
    verdict: z.enum(["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"]).optional(),
    severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).optional(),
    detector: z.string().max(64).optional(),
    assignee: z.string().max(64).optional().describe('A member\'s user id, or "none" for unassigned'),
    // Filters, not lookups: scoped by the workspace like the rest, another workspace's id simply matches nothing.
    actor: z.string().max(64).optional().describe("An actor's id"),
    endpoint: z.string().max(64).optional().describe("An endpoint's id"),
    updatedSince: z.coerce
      .date()
      .optional()
      .describe("Alerts raised or changed after this instant (a SIEM polling for what is new)"),
    from: z.coerce.date().optional().describe("With to: alerts whose activity (first to last seen) overlaps the range"),
    to: z.coerce.date().optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(10).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "The time range ends before it starts.",
    path: ["to"],
  });
export type AlertQuery = z.input<typeof ZAlertQuery>;

export const ZAlertRef = z.object({ alertId: z.string().min(1).max(64) });
export const ZUpdateAlert = ZAlertRef.extend({
  status: z.enum(STATUSES).optional(),
  /** A member's user id, or null to unassign. */
  assigneeId: z.string().min(1).max(64).nullable().optional(),
  /** Why: required when marking a false positive (it teaches the suppression layer). */
  reason: z.string().trim().max(2_000).optional(),
});
export const ZCommentAlert = ZAlertRef.extend({
  text: z.string().trim().min(1, "Write a comment first.").max(4_000, "Comments are limited to 4,000 characters."),
});
export const ZBulkAlerts = z.object({
  alertIds: z.array(z.string().min(1).max(64)).min(1).max(200),
  status: z.enum(STATUSES),
});

/** The open queue in figures, for the Overview: how many, how severe, and the five most recent. */
export async function alertSummary(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const where = { tenantId, status: { in: OPEN } };
    const [bySeverity, latest] = await Promise.all([
      tx.alert.groupBy({ by: ["severity"], where, _count: { _all: true } }),
      tx.alert.findMany({
        where,
        orderBy: { lastSeen: "desc" },
        take: 5,
        select: {
          id: true,
          title: true,
          severity: true,
          detector: true,
          lastSeen: true,
          actor: { select: { label: true } },
        },
      }),
    ]);
    const count = (s: string) => bySeverity.find((b) => b.severity === s)?._count._all ?? 0;
    return {
      open: bySeverity.reduce((n, b) => n + b._count._all, 0),
      critical: count("CRITICAL"),
      high: count("HIGH"),
      latest,
    };
  });
}

export async function listAlerts(ctx: ServiceContext, tenantId: string, input: AlertQuery) {
  const q = ZAlertQuery.parse(input);
  const where: Prisma.AlertWhereInput = {
    tenantId,
    ...(q.status === "open" ? { status: { in: OPEN } } : q.status === "all" ? {} : { status: q.status }),
    ...(q.verdict ? { verdict: q.verdict } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.detector ? { detector: q.detector } : {}),
    ...(q.assignee ? { assigneeId: q.assignee === "none" ? null : q.assignee } : {}),
    ...(q.actor ? { actorId: q.actor } : {}),
    ...(q.endpoint ? { endpointId: q.endpoint } : {}),
    ...(q.updatedSince ? { updatedAt: { gt: q.updatedSince } } : {}),
    ...(q.from ? { lastSeen: { gte: q.from } } : {}),
    ...(q.to ? { firstSeen: { lte: q.to } } : {}),
  };
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [total, rows, detectors, actor, endpoint] = await Promise.all([
      tx.alert.count({ where }),
      tx.alert.findMany({
        where,
        orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        include: {
          actor: { select: { id: true, label: true } },
          endpoint: { select: { id: true, method: true, template: true, service: { select: { host: true } } } },
          assignee: { select: { id: true, name: true, email: true } },
        },
      }),
      tx.alert.groupBy({ by: ["detector"], where: { tenantId }, _count: true }),
      // The actor and endpoint filtered on, by name, so the queue can say whose alerts it shows even when there are none.
      q.actor ? tx.actor.findFirst({ where: { id: q.actor, tenantId }, select: { id: true, label: true } }) : null,
      q.endpoint
        ? tx.apiEndpoint.findFirst({
            where: { id: q.endpoint, tenantId },
            select: { id: true, method: true, template: true, service: { select: { host: true } } },
          })
        : null,
    ]);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      detectors: detectors.map((d) => d.detector).sort(),
      about: { actor, endpoint: endpoint ? { id: endpoint.id, label: storedEndpointLabel(endpoint) } : null },
      rows: rows.map((a) => ({
        id: a.id,
        detector: a.detector,
        severity: a.severity,
        verdict: a.verdict,
        confidence: a.confidence,
        title: a.title,
        explanation: a.explanation,
        status: a.status,
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        updatedAt: a.updatedAt,
        occurrences: a.occurrences,
        actor: a.actor,
        assignee: a.assignee,
        endpoint: a.endpoint ? { id: a.endpoint.id, label: storedEndpointLabel(a.endpoint) } : null,
      })),
    };
  });
}

const HOUR = 3_600_000;
/** The day before an alert and the hours after it, at most a week in all (a long campaign shows its last week). */
const TIMELINE_BEFORE = 24 * HOUR;
const TIMELINE_AFTER = 6 * HOUR;
const TIMELINE_MAX = 7 * 24 * HOUR;

/**
 * The alert's subject hour by hour around it: its actor's calls (refusals
 * apart), or its endpoint's when it has no actor; empty hours as zeros, so
 * the burst stands against the quiet around it.
 */
async function alertTimeline(
  tx: Prisma.TransactionClient,
  tenantId: string,
  a: { actorId: string | null; endpointId: string | null; firstSeen: Date; lastSeen: Date },
) {
  const end = Math.ceil((a.lastSeen.getTime() + TIMELINE_AFTER) / HOUR) * HOUR;
  const start = Math.max(Math.floor((a.firstSeen.getTime() - TIMELINE_BEFORE) / HOUR) * HOUR, end - TIMELINE_MAX);
  const window = { gte: new Date(start), lt: new Date(end) };
  let rows: { hour: Date; calls: number; refused: number; errors: number }[] = [];
  let subject: "actor" | "endpoint" | null = null;
  if (a.actorId) {
    subject = "actor";
    rows = (
      await tx.actorHourly.findMany({
        where: { tenantId, actorId: a.actorId, hour: window },
        select: { hour: true, calls: true, failures: true, errors: true },
      })
    ).map((r) => ({
      hour: r.hour,
      calls: r.calls,
      refused: r.failures,
      errors: r.errors - r.failures,
    }));
  } else if (a.endpointId) {
    subject = "endpoint";
    rows = (
      await tx.apiEndpointHourly.findMany({
        where: { tenantId, endpointId: a.endpointId, hour: window },
        select: { hour: true, calls: true, clientErrors: true, serverErrors: true },
      })
    ).map((r) => ({
      hour: r.hour,
      calls: r.calls,
      refused: r.clientErrors,
      errors: r.serverErrors,
    }));
  }
  const byHour = new Map(rows.map((r) => [r.hour.getTime(), r]));
  const points = [];
  for (let t = start; t < end && subject; t += HOUR) {
    const r = byHour.get(t);
    points.push({ at: new Date(t), calls: r?.calls ?? 0, refused: r?.refused ?? 0, errors: r?.errors ?? 0 });
  }
  return { subject, points };
}

type EvidenceRow = {
  uploadId: string;
  line: number;
  ts: Date;
  method: string;
  host: string | null;
  path: string;
  query: { name: string; value: string }[] | null;
  status: number | null;
  clientIp: string | null;
  userAgent: string | null;
  responseBytes: number | null;
};

export async function getAlert(ctx: ServiceContext, tenantId: string, alertId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const a = await tx.alert.findFirst({
      where: { id: alertId, tenantId },
      include: {
        actor: {
          select: {
            id: true,
            label: true,
            key: true,
            kind: true,
            firstSeen: true,
            lastSeen: true,
            calls: true,
            countries: true,
          },
        },
        endpoint: { select: { id: true, method: true, template: true, service: { select: { host: true } } } },
        assignee: { select: { id: true, name: true, email: true } },
        activity: { orderBy: { at: "asc" }, include: { user: { select: { name: true, email: true } } } },
      },
    });
    if (!a) throw notFound("Alert");
    const refs = a.evidence as EventRef[];
    // The requests behind it, as stored (secrets were masked at ingestion).
    const events = refs.length
      ? await tx.$queryRaw<EvidenceRow[]>`
          SELECT upload_id AS "uploadId", line_no AS line, ts, method, host, path, query, status, host(client_ip) AS "clientIp", user_agent AS "userAgent",
            response_bytes::float8 AS "responseBytes"
          FROM telemetry.events
          WHERE tenant_id = ${tenantId} AND (upload_id, line_no) IN (SELECT * FROM unnest(${refs.map((r) => r.uploadId)}::text[], ${refs.map((r) => r.line)}::int[]))
          ORDER BY ts, line_no`
      : [];
    const timeline = await alertTimeline(tx, tenantId, a);
    const tickets = await tx.ticketLink.findMany({
      where: { tenantId, alertId: a.id },
      select: { key: true, url: true, status: true },
      orderBy: { createdAt: "asc" },
    });
    return {
      id: a.id,
      detector: a.detector,
      severity: a.severity,
      verdict: a.verdict,
      confidence: a.confidence,
      title: a.title,
      explanation: a.explanation,
      status: a.status,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      occurrences: a.occurrences,
      measures: a.measures as { name: string; value: number; typical: number; spread: number; basis: string }[],
      facts: a.facts as Record<string, unknown>,
      actor: a.actor ? { ...a.actor, calls: Number(a.actor.calls) } : null,
      // What a gateway could be told to refuse: the actor's identity, the addresses of its requests.
      blockable: actorTargets(
        a.actor,
        a.addresses.length ? a.addresses : [...new Set(events.flatMap((e) => (e.clientIp ? [e.clientIp] : [])))],
      ),
      /** Addresses its requests came from, all of which can be blocked in one step. */
      addressCount: a.addresses.length,
      endpoint: a.endpoint ? { id: a.endpoint.id, label: storedEndpointLabel(a.endpoint) } : null,
      assignee: a.assignee,
      /** Issues integrations opened for it (Jira), with their last known status. */
      tickets,
      events,
      timeline,
      activity: a.activity.map((x) => ({
        id: x.id,
        kind: x.kind,
        detail: x.detail as Record<string, unknown>,
        at: x.at,
        by: x.user ? x.user.name || x.user.email : null,
      })),
    };
  });
}

/** Changes an alert's status and/or assignee; each change goes to its history. A false positive needs a reason. */
export async function updateAlert(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZUpdateAlert>,
  who: { actor: Who },
) {
  const q = ZUpdateAlert.parse(input);
  if (q.status === "FALSE_POSITIVE" && !q.reason)
    throw new AppError(
      "BAD_REQUEST",
      "Say why this is a false positive: the same pattern from this actor will not alert again.",
    );
  return withTenant(ctx.db, tenantId, async (tx) => {
    const alert = await tx.alert.findFirst({
      where: { id: q.alertId, tenantId },
      select: { id: true, status: true, assigneeId: true, detector: true, actorId: true, endpointId: true },
    });
    if (!alert) throw notFound("Alert");
    const data: Prisma.AlertUncheckedUpdateInput = {};
    const log = (kind: string, detail: Record<string, unknown>) =>
      tx.alertActivity.create({
        data: {
          id: newId("alertActivity"),
          tenantId,
          alertId: alert.id,
          userId: who.actor.id,
          kind,
          detail: detail as Prisma.InputJsonValue,
        },
      });
    if (q.assigneeId !== undefined && q.assigneeId !== alert.assigneeId) {
      let name: string | null = null;
      if (q.assigneeId !== null) {
        const member = await tx.membership.findFirst({
          where: { tenantId, userId: q.assigneeId },
          select: { user: { select: { name: true, email: true } } },
        });
        if (!member) throw new AppError("BAD_REQUEST", "Alerts can only be assigned to members of this workspace.");
        name = member.user.name || member.user.email;
      }
      data.assigneeId = q.assigneeId;
      await log("assigned", { to: name });
    }
    if (q.status && q.status !== alert.status) {
      data.status = q.status;
      await log("status", { from: alert.status, to: q.status, ...(q.reason ? { reason: q.reason } : {}) });
      // A false positive teaches the suppression layer; undoing it (any other status) forgets what it taught.
      if (q.status === "FALSE_POSITIVE") await teachSuppression(tx, tenantId, alert, q.reason!, who.actor);
      else if (alert.status === "FALSE_POSITIVE") await forgetSuppressions(tx, tenantId, [alert.id]);
    }
    if (Object.keys(data).length) await tx.alert.update({ where: { id: alert.id }, data });
    return { id: alert.id };
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
    const alert = await tx.alert.findFirst({ where: { id: q.alertId, tenantId }, select: { id: true } });
    if (!alert) throw notFound("Alert");
    const c = await tx.alertActivity.create({
      data: {
        id: newId("alertActivity"),
        tenantId,
        alertId: alert.id,
        userId: who.actor.id,
        kind: "comment",
        detail: { text: q.text },
      },
    });
    return { id: c.id };
  });
}

/** One status for many alerts of this workspace (others' ids are ignored, as if they did not exist). */
export async function bulkUpdateAlerts(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZBulkAlerts>,
  who: { actor: Who },
) {
  const q = ZBulkAlerts.parse(input);
  if (q.status === "FALSE_POSITIVE")
    throw new AppError("BAD_REQUEST", "Mark false positives one at a time, each with its reason.");
  return withTenant(ctx.db, tenantId, async (tx) => {
    const alerts = await tx.alert.findMany({
      where: { tenantId, id: { in: q.alertIds }, status: { not: q.status } },
      select: { id: true, status: true },
    });
    for (const a of alerts) {
      await tx.alertActivity.create({
        data: {
          id: newId("alertActivity"),
          tenantId,
          alertId: a.id,
          userId: who.actor.id,
          kind: "status",
          detail: { from: a.status, to: q.status },
        },
      });
    }
    await tx.alert.updateMany({ where: { tenantId, id: { in: alerts.map((a) => a.id) } }, data: { status: q.status } });
    await forgetSuppressions(
      tx,
      tenantId,
      alerts.filter((a) => a.status === "FALSE_POSITIVE").map((a) => a.id),
    );
    return { updated: alerts.length };
  });
}
