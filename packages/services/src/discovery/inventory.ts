// Reading the API inventory: services and endpoints with the filters and
// sorting of the inventory table. Reads the stored rollups, never events.
import { abuseCasesOf } from "@lantern/engine/posture/abuse-cases";
import type { RiskFactor } from "@lantern/engine/posture/risk";
import { z } from "zod";
import { withTenant, type Prisma } from "@lantern/db/client";
import { summarise, type EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import { exportOpenApi } from "@lantern/engine/discovery/export-openapi";
import type { VariableInfo } from "@lantern/engine/discovery/templater";
import { SENSITIVE_TYPES } from "@lantern/engine/normalize/sensitive-types";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { containsText } from "../validation";

export const ZEndpointQuery = z.object({
  search: z.string().trim().max(200).optional().describe("Path, host or method"),
  service: z.string().max(300).optional().describe("A service's host, as listed by /services"),
  unauthenticated: z.boolean().optional().describe("Seen serving 2xx without credentials"),
  direction: z.enum(["north-south", "east-west"]).optional(),
  spec: z
    .enum(["documented", "shadow", "zombie", "unspecified"])
    .optional()
    .describe('Against the service\'s spec; "unspecified": the service has no spec'),
  sensitive: z
    .enum([...SENSITIVE_TYPES, "any"])
    .optional()
    .describe('Seen carrying this type of sensitive data, or "any" type'),
  sort: z
    .enum(["calls", "lastSeen", "firstSeen", "template", "p95LatencyMs", "distinctActors", "riskScore"])
    .default("calls"),
  order: z.enum(["asc", "desc"]).default("desc"),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type EndpointQuery = z.input<typeof ZEndpointQuery>;

export async function listServices(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const services = await tx.apiService.findMany({
      where: { tenantId },
      orderBy: { calls: "desc" },
      include: { _count: { select: { endpoints: true } } },
    });
    return services.map((s) => ({
      id: s.id,
      host: s.host,
      calls: Number(s.calls),
      endpoints: s._count.endpoints,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
    }));
  });
}

export async function listEndpoints(ctx: ServiceContext, tenantId: string, input: EndpointQuery) {
  const q = ZEndpointQuery.parse(input);
  const where: Prisma.ApiEndpointWhereInput = {
    tenantId,
    ...(q.service ? { service: { host: q.service } } : {}),
    ...(q.unauthenticated !== undefined ? { unauthenticated: q.unauthenticated } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.spec ? { specStatus: q.spec === "unspecified" ? null : q.spec } : {}),
    ...(q.sensitive ? { sensitiveTypes: q.sensitive === "any" ? { isEmpty: false } : { has: q.sensitive } } : {}),
    ...(q.search
      ? {
          OR: [
            { template: { contains: containsText(q.search), mode: "insensitive" } },
            { service: { host: { contains: containsText(q.search), mode: "insensitive" } } },
            { method: { equals: q.search.toUpperCase() } },
          ],
        }
      : {}),
  };
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [total, rows] = await Promise.all([
      tx.apiEndpoint.count({ where }),
      tx.apiEndpoint.findMany({
        where,
        orderBy: [{ [q.sort]: q.order }, { id: "asc" }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        include: {
          service: { select: { host: true } },
          // Who is fixing it: the owners of its open posture findings.
          postureFindings: {
            where: { status: "OPEN", ownerId: { not: null } },
            select: { owner: { select: { name: true, email: true } } },
          },
        },
      }),
    ]);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      rows: rows.map((e) => {
        const s = summarise(e.stats as unknown as EndpointStats);
        return {
          id: e.id,
          host: e.service.host,
          serviceId: e.serviceId,
          method: e.method,
          template: e.template,
          version: e.version,
          calls: Number(e.calls),
          firstSeen: e.firstSeen,
          lastSeen: e.lastSeen,
          unauthenticated: e.unauthenticated,
          authenticatedShare: e.authenticatedShare,
          direction: e.direction,
          distinctActors: e.distinctActors,
          latencyMs: s.latencyMs,
          errorShare: s.errorShare,
          params: s.params.map((p) => p.name),
          specStatus: e.specStatus,
          specReason: e.specReason,
          sensitiveTypes: e.sensitiveTypes,
          riskScore: e.riskScore,
          owners: [...new Set(e.postureFindings.flatMap((f) => (f.owner ? [f.owner.name || f.owner.email] : [])))],
        };
      }),
    };
  });
}

/** The feed of API changes, newest first (by when the traffic showed them). */
export async function listChanges(ctx: ServiceContext, tenantId: string, limit = 50) {
  return withTenant(ctx.db, tenantId, (tx) =>
    tx.apiChange.findMany({
      where: { tenantId },
      orderBy: [{ at: "desc" }, { id: "asc" }],
      take: Math.min(Math.max(limit, 1), 200),
      select: { id: true, kind: true, endpointId: true, detail: true, at: true },
    }),
  );
}

/** One endpoint with everything its page shows: figures, percentiles, status mix, parameters, why its variables are variable. */
export async function getEndpoint(ctx: ServiceContext, tenantId: string, endpointId: string) {
  const e = await withTenant(ctx.db, tenantId, (tx) =>
    tx.apiEndpoint.findFirst({
      where: { id: endpointId, tenantId },
      include: {
        service: { select: { host: true } },
        changes: { orderBy: { at: "desc" }, take: 20 },
        postureFindings: {
          where: { status: "OPEN" },
          orderBy: [{ severity: "desc" }, { id: "asc" }],
          select: { id: true, title: true, severity: true, owasp: true },
        },
      },
    }),
  );
  if (!e) throw notFound("Endpoint");
  const stats = e.stats as unknown as EndpointStats;
  const s = summarise(stats);
  // Top callers are kept by label in the endpoint's figures: the actors of those labels, for links to their pages.
  const callers = await withTenant(ctx.db, tenantId, (tx) =>
    tx.actor.findMany({
      where: { tenantId, label: { in: s.topActors.map((a) => a.label) } },
      select: { id: true, label: true },
    }),
  );
  const actorIds = new Map(callers.map((a) => [a.label, a.id]));
  return {
    id: e.id,
    host: e.service.host,
    serviceId: e.serviceId,
    method: e.method,
    template: e.template,
    version: e.version,
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    calls: Number(e.calls),
    unauthenticated: e.unauthenticated,
    unauthenticatedSuccesses: stats.unauthenticatedSuccesses,
    authenticatedShare: e.authenticatedShare,
    direction: e.direction,
    northSouth: stats.northSouth,
    eastWest: stats.eastWest,
    distinctActors: e.distinctActors,
    status: stats.status,
    latencyMs: s.latencyMs,
    responseBytes: s.responseBytes,
    errorShare: s.errorShare,
    params: s.params,
    sensitive: s.sensitive,
    topActors: s.topActors.map((a) => ({ ...a, actorId: actorIds.get(a.label) ?? null })),
    variables: e.variables as unknown as VariableInfo[],
    specStatus: e.specStatus,
    specPath: e.specPath,
    specReason: e.specReason,
    undocumentedParams: e.undocumentedParams as string[],
    changes: e.changes.map((c) => ({ id: c.id, kind: c.kind, detail: c.detail, at: c.at })),
    risk: { score: e.riskScore, factors: e.riskFactors as unknown as RiskFactor[] },
    abuseCases: abuseCasesOf({
      host: e.service.host,
      method: e.method,
      template: e.template,
      stats,
      variables: e.variables as unknown as VariableInfo[],
      specStatus: e.specStatus as "documented" | "shadow" | "zombie" | null,
    }),
    openFindings: e.postureFindings,
  };
}

/** The discovered endpoints of one service as an OpenAPI 3.1 document. */
export async function exportServiceOpenApi(ctx: ServiceContext, tenantId: string, serviceId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const service = await tx.apiService.findFirst({ where: { id: serviceId, tenantId }, select: { host: true } });
    if (!service) throw notFound("Service");
    const endpoints = await tx.apiEndpoint.findMany({ where: { tenantId, serviceId } });
    return exportOpenApi(
      service,
      endpoints.map((e) => {
        const stats = e.stats as unknown as EndpointStats;
        return {
          method: e.method,
          template: e.template,
          calls: Number(e.calls),
          firstSeen: e.firstSeen,
          lastSeen: e.lastSeen,
          unauthenticated: e.unauthenticated,
          authenticatedShare: e.authenticatedShare,
          status: stats.status,
          variables: e.variables as unknown as VariableInfo[],
          params: summarise(stats).params,
        };
      }),
    );
  });
}
