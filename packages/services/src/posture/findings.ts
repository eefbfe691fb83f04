// Reading and triaging posture findings: the list developers and SecOps
// share (filters by status, severity, OWASP category, endpoint), one finding
// with its evidence and fix, and accepting a risk (with a reason and an
// expiry) or opening it again. Changes are audited in the same transaction.
import { type Prisma, withTenant } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { OWASP_API_2023 } from "@lantern/engine/posture/types";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { notFound } from "../errors";

const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const OWASP = Object.keys(OWASP_API_2023) as [keyof typeof OWASP_API_2023, ...(keyof typeof OWASP_API_2023)[]];

export const ZFindingQuery = z.object({
  status: z.enum(["OPEN", "ACCEPTED", "RESOLVED", "all"]).default("OPEN").describe("OPEN (the default), or all"),
  severity: z.enum(SEVERITIES).optional(),
  owasp: z.enum(OWASP).optional().describe("An OWASP API Security Top 10 (2023) category, API1 to API10"),
  endpoint: z.string().max(64).optional().describe("An endpoint's id"),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type FindingQuery = z.input<typeof ZFindingQuery>;

export const ZFindingRef = z.object({ findingId: z.string().min(1).max(64) });
export const ZAcceptFinding = ZFindingRef.extend({
  reason: z.string().trim().min(3, "Say why the risk is accepted.").max(1_000),
  /** Days until the finding opens again on its own, if it still holds. */
  days: z.number().int().min(1).max(365).default(90),
});

const ENDPOINT = { id: true, method: true, template: true, service: { select: { host: true } } } as const;

export async function listFindings(ctx: ServiceContext, tenantId: string, input: FindingQuery) {
  const q = ZFindingQuery.parse(input);
  const scope: Prisma.PostureFindingWhereInput = {
    tenantId,
    ...(q.status === "all" ? {} : { status: q.status }),
    ...(q.endpoint ? { endpointId: q.endpoint } : {}),
  };
  const where = { ...scope, ...(q.severity ? { severity: q.severity } : {}), ...(q.owasp ? { owasp: q.owasp } : {}) };
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [total, rows, byOwasp, bySeverity] = await Promise.all([
      tx.postureFinding.count({ where }),
      tx.postureFinding.findMany({
        where,
        // Most severe first (the enum is declared LOW to CRITICAL), then the most recently seen.
        orderBy: [{ severity: "desc" }, { lastSeen: "desc" }, { id: "asc" }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        include: { endpoint: { select: ENDPOINT } },
      }),
      // Counts over the status and endpoint chosen, not the category or severity: the chart shows what the filters offer.
      tx.postureFinding.groupBy({ by: ["owasp"], where: scope, _count: true }),
      tx.postureFinding.groupBy({ by: ["severity"], where: scope, _count: true }),
    ]);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      byOwasp: OWASP.map((id) => ({
        id,
        name: OWASP_API_2023[id],
        count: byOwasp.find((g) => g.owasp === id)?._count ?? 0,
      })),
      bySeverity: SEVERITIES.map((s) => ({
        severity: s,
        count: bySeverity.find((g) => g.severity === s)?._count ?? 0,
      })),
      rows: rows.map(({ endpoint, facts: _facts, ...f }) => ({
        ...f,
        endpoint: { id: endpoint.id, label: storedEndpointLabel(endpoint) },
      })),
    };
  });
}

export async function getFinding(ctx: ServiceContext, tenantId: string, findingId: string) {
  const f = await withTenant(ctx.db, tenantId, (tx) =>
    tx.postureFinding.findFirst({ where: { id: findingId, tenantId }, include: { endpoint: { select: ENDPOINT } } }),
  );
  if (!f) throw notFound("Finding");
  const { endpoint, ...rest } = f;
  return {
    ...rest,
    owaspName: OWASP_API_2023[f.owasp as keyof typeof OWASP_API_2023] ?? f.owasp,
    endpoint: { id: endpoint.id, label: storedEndpointLabel(endpoint) },
  };
}

/** Accepts the risk for `days`: the finding stays out of the open list until then, even while it holds. */
export async function acceptFinding(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZAcceptFinding>,
  who: { actor: Actor },
) {
  const q = ZAcceptFinding.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const f = await tx.postureFinding.findFirst({
      where: { id: q.findingId, tenantId },
      select: { id: true, title: true },
    });
    if (!f) throw notFound("Finding");
    const until = new Date(Date.now() + q.days * 86_400_000);
    await tx.postureFinding.update({
      where: { id: f.id },
      data: { status: "ACCEPTED", acceptedReason: q.reason, acceptedUntil: until, acceptedById: who.actor.id },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "finding.accepted",
      target: { type: "finding", id: f.id },
      metadata: { title: f.title, reason: q.reason, until: until.toISOString() },
    });
    return { id: f.id, status: "ACCEPTED" as const, acceptedUntil: until };
  });
}

/** Takes an accepted risk back: the finding is open again (it is resolved by the next judgement if it no longer holds). */
export async function reopenFinding(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZFindingRef>,
  who: { actor: Actor },
) {
  const q = ZFindingRef.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const f = await tx.postureFinding.findFirst({
      where: { id: q.findingId, tenantId },
      select: { id: true, title: true },
    });
    if (!f) throw notFound("Finding");
    await tx.postureFinding.update({
      where: { id: f.id },
      data: { status: "OPEN", acceptedReason: null, acceptedUntil: null, acceptedById: null, resolvedAt: null },
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "finding.reopened",
      target: { type: "finding", id: f.id },
      metadata: { title: f.title },
    });
    return { id: f.id, status: "OPEN" as const };
  });
}
