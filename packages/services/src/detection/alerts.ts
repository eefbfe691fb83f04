// Reading alerts: the queue with its filters and sorts, and one alert with its
// evidence (the requests behind it, read back from the events), timeline and
// history. What people change on alerts is in alert-triage.ts.
import { z } from "zod";
import { withTenant, type Prisma } from "@lantern/db/client";
import type { EventRef } from "@lantern/engine/detection/actors";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { actorTargets } from "../response/actor-targets";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { SEVERITIES, severitiesFrom } from "../severity";
import { ALERT_STATUSES as STATUSES } from "./alert-triage";
import { whoSignedIn } from "./signed-in";
import type { SignIn } from "@lantern/engine/detection/types";

/** The queue: what still needs someone. */
const OPEN: (typeof STATUSES)[number][] = ["NEW", "INVESTIGATING"];

export const ZAlertQuery = z
  .object({
    status: z
      .enum([...STATUSES, "open", "all"])
      .default("open")
      .describe('"open" (new or investigating, the default), "all", or one status'),
    verdict: z.enum(["ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"]).optional(),
    severity: z.enum(SEVERITIES).optional(),
    minSeverity: z.enum(SEVERITIES).optional().describe('This severity or worse ("HIGH": high and critical)'),
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
    sort: z
      .enum(["lastSeen", "severity", "risk", "occurrences"])
      .default("lastSeen")
      .describe("Most recent, most severe, riskiest (severity weighted by confidence) or most repeated first"),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(10).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "The time range ends before it starts.",
    path: ["to"],
  });
export type AlertQuery = z.input<typeof ZAlertQuery>;

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

/** Ties are broken by recency, then id, so pages never repeat or skip an alert. */
const ORDER: Record<z.infer<typeof ZAlertQuery>["sort"], Prisma.AlertOrderByWithRelationInput[]> = {
  lastSeen: [{ lastSeen: "desc" }, { id: "asc" }],
  severity: [{ severity: "desc" }, { risk: "desc" }, { lastSeen: "desc" }, { id: "asc" }],
  risk: [{ risk: "desc" }, { lastSeen: "desc" }, { id: "asc" }],
  occurrences: [{ occurrences: "desc" }, { lastSeen: "desc" }, { id: "asc" }],
};

/** The alerts a queue query selects, as a Prisma filter. */
export function alertFilter(tenantId: string, q: z.infer<typeof ZAlertQuery>): Prisma.AlertWhereInput {
  return {
    tenantId,
    ...(q.status === "open" ? { status: { in: OPEN } } : q.status === "all" ? {} : { status: q.status }),
    ...(q.verdict ? { verdict: q.verdict } : {}),
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.minSeverity ? { severity: { in: severitiesFrom(q.minSeverity) } } : {}),
    ...(q.detector ? { detector: q.detector } : {}),
    ...(q.assignee ? { assigneeId: q.assignee === "none" ? null : q.assignee } : {}),
    ...(q.actor ? { actorId: q.actor } : {}),
    ...(q.endpoint ? { endpointId: q.endpoint } : {}),
    ...(q.updatedSince ? { updatedAt: { gt: q.updatedSince } } : {}),
    ...(q.from ? { lastSeen: { gte: q.from } } : {}),
    ...(q.to ? { firstSeen: { lte: q.to } } : {}),
  };
}

export async function listAlerts(ctx: ServiceContext, tenantId: string, input: AlertQuery) {
  const q = ZAlertQuery.parse(input);
  const where = alertFilter(tenantId, q);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [total, rows, detectors, actor, endpoint] = await Promise.all([
      tx.alert.count({ where }),
      tx.alert.findMany({
        where,
        orderBy: ORDER[q.sort],
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
        risk: a.risk,
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
    const facts = a.facts as Record<string, unknown>;
    // Credential stuffing that got in: which sign-ins succeeded, and the accounts their addresses then used.
    const signIns =
      a.detector === "credential-stuffing"
        ? await whoSignedIn(tx, tenantId, (facts.succeededSignIns ?? []) as SignIn[])
        : [];
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
      risk: a.risk,
      title: a.title,
      explanation: a.explanation,
      status: a.status,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      occurrences: a.occurrences,
      measures: a.measures as { name: string; value: number; typical: number; spread: number; basis: string }[],
      facts,
      signIns,
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
