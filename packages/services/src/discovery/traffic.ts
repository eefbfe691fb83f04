// Reading the hourly rollups: traffic over time for an endpoint or the whole
// workspace, the overview's figures, and the API map (client groups →
// services → endpoints over a time range). Ranges end at the workspace's
// latest traffic, not at the clock, so an old log still draws.
import { z } from "zod";
import { type AlertSeverity, withTenant, type Prisma } from "@lantern/db/client";
import { worseSeverity } from "../severity";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

const HOUR = 3_600_000;
export const RANGES = { "24h": 24, "7d": 24 * 7, "30d": 24 * 30, all: null } as const;
export const ZRange = z.enum(["24h", "7d", "30d", "all"]).default("7d");
export type TrafficPoint = { at: Date; calls: number; clientErrors: number; serverErrors: number };

type Bounds = { from: Date | null; to: Date | null };

/** The range's bounds: its length back from the last hour with traffic (null when there is none). */
async function boundsOf(
  tx: Prisma.TransactionClient,
  tenantId: string,
  range: z.infer<typeof ZRange>,
): Promise<Bounds> {
  // Plain max(): Postgres answers it from the (tenantId, hour) index in under a millisecond. Prisma's
  // aggregate wraps the rows in a subquery with OFFSET, which reads every hourly row of the workspace
  // (180 ms for 2 million rows, on every endpoint page and chart).
  const [latest] = await tx.$queryRaw<
    { to: Date | null }[]
  >`SELECT max(hour) AS "to" FROM api_endpoint_hourly WHERE "tenantId" = ${tenantId}`;
  const to = latest?.to ?? null;
  if (!to) return { from: null, to: null };
  const hours = RANGES[range];
  return { from: hours === null ? null : new Date(to.getTime() - (hours - 1) * HOUR), to };
}

/** Hourly points, or daily ones when the span is over three days (a chart of 720 bars says less than one of 30). */
function bucket(rows: { hour: Date; calls: number; clientErrors: number; serverErrors: number }[]): {
  step: "hour" | "day";
  points: TrafficPoint[];
} {
  if (rows.length === 0) return { step: "hour", points: [] };
  const first = rows[0]!.hour.getTime();
  const last = rows[rows.length - 1]!.hour.getTime();
  const step = last - first > 3 * 24 * HOUR ? "day" : "hour";
  const size = step === "day" ? 24 * HOUR : HOUR;
  const byBucket = new Map<number, TrafficPoint>();
  for (const r of rows) {
    const at = Math.floor(r.hour.getTime() / size) * size;
    const p = byBucket.get(at) ?? { at: new Date(at), calls: 0, clientErrors: 0, serverErrors: 0 };
    byBucket.set(at, p);
    p.calls += r.calls;
    p.clientErrors += r.clientErrors;
    p.serverErrors += r.serverErrors;
  }
  // Empty buckets between are drawn as zero, not skipped.
  const points: TrafficPoint[] = [];
  const start = Math.floor(first / size) * size;
  for (let at = start; at <= last; at += size)
    points.push(byBucket.get(at) ?? { at: new Date(at), calls: 0, clientErrors: 0, serverErrors: 0 });
  return { step, points };
}

export async function endpointTraffic(
  ctx: ServiceContext,
  tenantId: string,
  endpointId: string,
  range: z.input<typeof ZRange> = "30d",
) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const endpoint = await tx.apiEndpoint.findFirst({ where: { id: endpointId, tenantId }, select: { id: true } });
    if (!endpoint) throw notFound("Endpoint");
    const { from } = await boundsOf(tx, tenantId, ZRange.parse(range));
    const rows = await tx.apiEndpointHourly.findMany({
      where: { tenantId, endpointId, ...(from ? { hour: { gte: from } } : {}) },
      orderBy: { hour: "asc" },
      select: { hour: true, calls: true, clientErrors: true, serverErrors: true },
    });
    return bucket(rows);
  });
}

/** The overview: what the inventory holds, what needs a look, and traffic over the range. */
export async function overview(ctx: ServiceContext, tenantId: string, range: z.input<typeof ZRange> = "30d") {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [services, endpoints, shadow, zombie, unauthenticated, unauthenticatedSensitive, sensitive, specs] =
      await Promise.all([
        tx.apiService.count({ where: { tenantId } }),
        tx.apiEndpoint.count({ where: { tenantId } }),
        tx.apiEndpoint.count({ where: { tenantId, specStatus: "shadow" } }),
        tx.apiEndpoint.count({ where: { tenantId, specStatus: "zombie" } }),
        tx.apiEndpoint.count({ where: { tenantId, unauthenticated: true } }),
        tx.apiEndpoint.count({ where: { tenantId, unauthenticated: true, sensitiveTypes: { isEmpty: false } } }),
        tx.apiEndpoint.count({ where: { tenantId, sensitiveTypes: { isEmpty: false } } }),
        // Without a spec nothing is shadow or zombie: "0 shadow APIs" would be a claim the data cannot make.
        tx.apiSpec.count({ where: { tenantId } }),
      ]);
    const { from, to } = await boundsOf(tx, tenantId, ZRange.parse(range));
    const rows = to
      ? await tx.$queryRaw<{ hour: Date; calls: number; clientErrors: number; serverErrors: number }[]>`
          SELECT hour, sum(calls)::int AS calls, sum("clientErrors")::int AS "clientErrors", sum("serverErrors")::int AS "serverErrors"
          FROM api_endpoint_hourly WHERE "tenantId" = ${tenantId} AND hour >= ${from ?? new Date(0)} GROUP BY hour ORDER BY hour`
      : [];
    return {
      services,
      endpoints,
      shadow,
      zombie,
      unauthenticated,
      unauthenticatedSensitive,
      sensitive,
      specs,
      traffic: { to, ...bucket(rows) },
    };
  });
}

export const ZMapQuery = z.object({ range: ZRange, serviceId: z.string().min(1).max(64).optional() });

const MAX_MAP_ENDPOINTS = 2_000;
const MAX_MAP_CLIENTS = 30;

/**
 * The API map over a range: client groups with their calls to each service,
 * services, and the endpoints called in the range with what marks them
 * (unauthenticated, sensitive data, spec status, direction).
 */
export async function apiMap(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZMapQuery>) {
  const q = ZMapQuery.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    if (q.serviceId && !(await tx.apiService.findFirst({ where: { id: q.serviceId, tenantId }, select: { id: true } })))
      throw notFound("Service");
    const { from, to } = await boundsOf(tx, tenantId, q.range);
    if (!to) return { from, to, services: [], endpoints: [], clients: [], edges: [], truncated: false };
    const since = from ?? new Date(0);
    const serviceFilter = q.serviceId ? { serviceId: q.serviceId } : {};
    const perEndpoint = await tx.apiEndpointHourly.groupBy({
      by: ["endpointId"],
      where: { tenantId, hour: { gte: since }, ...(q.serviceId ? { endpoint: { serviceId: q.serviceId } } : {}) },
      _sum: { calls: true },
      orderBy: { _sum: { calls: "desc" } },
      take: MAX_MAP_ENDPOINTS + 1,
    });
    const truncated = perEndpoint.length > MAX_MAP_ENDPOINTS;
    const calls = new Map(perEndpoint.slice(0, MAX_MAP_ENDPOINTS).map((r) => [r.endpointId, r._sum.calls ?? 0]));
    const endpointRows = await tx.apiEndpoint.findMany({
      where: { tenantId, id: { in: [...calls.keys()] } },
      select: {
        id: true,
        serviceId: true,
        method: true,
        template: true,
        unauthenticated: true,
        sensitiveTypes: true,
        specStatus: true,
        direction: true,
        riskScore: true,
      },
    });
    const perClient = await tx.apiClientHourly.groupBy({
      by: ["serviceId", "client", "kind", "label"],
      where: { tenantId, hour: { gte: since }, ...serviceFilter },
      _sum: { calls: true },
    });
    // The busiest client groups by total calls; the rest are drawn as one "other" node per kind.
    const totals = new Map<string, number>();
    for (const r of perClient) totals.set(r.client, (totals.get(r.client) ?? 0) + (r._sum.calls ?? 0));
    const kept = new Set(
      [...totals]
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_MAP_CLIENTS)
        .map(([k]) => k),
    );
    const clients = new Map<string, { id: string; kind: string; label: string; calls: number }>();
    const edges = new Map<string, { client: string; serviceId: string; calls: number }>();
    for (const r of perClient) {
      const id = kept.has(r.client) ? r.client : `other:${r.kind}`;
      const label = kept.has(r.client) ? r.label : `Other ${r.kind} callers`;
      const n = r._sum.calls ?? 0;
      const c = clients.get(id) ?? { id, kind: r.kind, label, calls: 0 };
      clients.set(id, c);
      c.calls += n;
      const ek = `${id}\u0000${r.serviceId}`;
      const e = edges.get(ek) ?? { client: id, serviceId: r.serviceId, calls: 0 };
      edges.set(ek, e);
      e.calls += n;
    }
    const serviceIds = [
      ...new Set([...endpointRows.map((e) => e.serviceId), ...[...edges.values()].map((e) => e.serviceId)]),
    ];
    const services = await tx.apiService.findMany({
      where: { tenantId, id: { in: serviceIds } },
      select: { id: true, host: true },
    });
    const serviceCalls = new Map<string, number>();
    for (const e of endpointRows)
      serviceCalls.set(e.serviceId, (serviceCalls.get(e.serviceId) ?? 0) + (calls.get(e.id) ?? 0));
    // Open alerts about each endpoint (new or under investigation), drawn in red.
    const openAlerts = await tx.alert.groupBy({
      by: ["endpointId"],
      where: { tenantId, status: { in: ["NEW", "INVESTIGATING"] }, endpointId: { in: endpointRows.map((e) => e.id) } },
      _count: { _all: true },
    });
    const alerts = new Map(openAlerts.map((a) => [a.endpointId!, a._count._all]));
    const findings = await openFindingsOf(
      tx,
      tenantId,
      endpointRows.map((e) => e.id),
    );
    const serviceAlerts = new Map<string, number>();
    for (const e of endpointRows)
      serviceAlerts.set(e.serviceId, (serviceAlerts.get(e.serviceId) ?? 0) + (alerts.get(e.id) ?? 0));
    return {
      from,
      to,
      truncated,
      services: services
        .map((s) => ({ ...s, calls: serviceCalls.get(s.id) ?? 0, alerts: serviceAlerts.get(s.id) ?? 0 }))
        .sort((a, b) => b.calls - a.calls),
      endpoints: endpointRows
        .map((e) => ({
          ...e,
          calls: calls.get(e.id) ?? 0,
          alerts: alerts.get(e.id) ?? 0,
          findings: findings.get(e.id) ?? { count: 0, worst: null },
        }))
        .sort((a, b) => b.calls - a.calls),
      clients: [...clients.values()].sort((a, b) => b.calls - a.calls),
      edges: [...edges.values()],
    };
  });
}

/** Open posture findings of each endpoint: how many, and the worst severity. */
async function openFindingsOf(tx: Prisma.TransactionClient, tenantId: string, endpointIds: string[]) {
  const rows = await tx.postureFinding.groupBy({
    by: ["endpointId", "severity"],
    where: { tenantId, status: "OPEN", endpointId: { in: endpointIds } },
    _count: { _all: true },
  });
  const out = new Map<string, { count: number; worst: AlertSeverity | null }>();
  for (const r of rows) {
    const f = out.get(r.endpointId) ?? { count: 0, worst: null };
    f.count += r._count._all;
    f.worst = worseSeverity(f.worst, r.severity);
    out.set(r.endpointId, f);
  }
  return out;
}
