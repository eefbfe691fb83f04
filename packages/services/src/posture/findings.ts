// Reading posture findings: the list developers and SecOps share (filters by
// status, severity, OWASP category, endpoint, owner), one finding with its
// evidence, fix and history, and the posture score with its trend. What
// people do with a finding is in finding-triage.ts.
import { type Prisma, withTenant } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { OWASP_API_2023 } from "@lantern/engine/posture/types";
import { z } from "zod";
import type { FormatId } from "@lantern/engine/formats/registry";
import { CHECKS } from "@lantern/engine/posture/checks";
import { familiesOf, fixesFor } from "@lantern/engine/posture/fixes";
import { postureScore, scoreDeductions } from "@lantern/engine/posture/score";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { findingSamples } from "./finding-samples";
import { logBlindness } from "./log-blindness";
import { openCounts, postureTrend, WORKSPACE_SCOPE } from "./snapshots";

const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const OWASP = Object.keys(OWASP_API_2023) as [keyof typeof OWASP_API_2023, ...(keyof typeof OWASP_API_2023)[]];

export const ZFindingQuery = z.object({
  status: z.enum(["OPEN", "ACCEPTED", "RESOLVED", "all"]).default("OPEN").describe("OPEN (the default), or all"),
  severity: z.enum(SEVERITIES).optional(),
  owasp: z.enum(OWASP).optional().describe("An OWASP API Security Top 10 (2023) category, API1 to API10"),
  endpoint: z.string().max(64).optional().describe("An endpoint's id"),
  owner: z.string().max(64).optional().describe('A member\'s user id, or "none" for findings nobody owns'),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type FindingQuery = z.input<typeof ZFindingQuery>;

const ENDPOINT = { id: true, method: true, template: true, service: { select: { host: true } } } as const;
const OWNER = { id: true, name: true, email: true } as const;

export async function listFindings(ctx: ServiceContext, tenantId: string, input: FindingQuery) {
  const q = ZFindingQuery.parse(input);
  const scope: Prisma.PostureFindingWhereInput = {
    tenantId,
    ...(q.status === "all" ? {} : { status: q.status }),
    ...(q.endpoint ? { endpointId: q.endpoint } : {}),
    ...(q.owner ? { ownerId: q.owner === "none" ? null : q.owner } : {}),
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
        include: { endpoint: { select: ENDPOINT }, owner: { select: OWNER } },
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
      rows: rows.map(({ endpoint, owner, facts: _facts, ...f }) => ({
        ...f,
        endpoint: { id: endpoint.id, label: storedEndpointLabel(endpoint) },
        owner: owner ? owner.name || owner.email : null,
      })),
    };
  });
}

export async function getFinding(ctx: ServiceContext, tenantId: string, findingId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const f = await tx.postureFinding.findFirst({
      where: { id: findingId, tenantId },
      include: {
        endpoint: { select: { ...ENDPOINT, riskScore: true } },
        owner: { select: OWNER },
        activity: { orderBy: { at: "asc" }, include: { user: { select: { name: true, email: true } } } },
      },
    });
    if (!f) throw notFound("Finding");
    const { endpoint, activity, ...rest } = f;
    const tickets = await tx.ticketLink.findMany({
      where: { tenantId, findingId: f.id },
      select: { key: true, url: true, status: true },
      orderBy: { createdAt: "asc" },
    });
    const samples =
      f.confidence === "spec"
        ? []
        : await findingSamples(tx, tenantId, f, { host: endpoint.service.host, ...endpoint });
    const formats = await tx.$queryRaw<{ id: FormatId }[]>`
      SELECT DISTINCT "formatSpec"->>'id' AS id FROM uploads
      WHERE "tenantId" = ${tenantId} AND status = 'COMPLETED' AND "formatSpec" IS NOT NULL`;
    return {
      ...rest,
      owaspName: OWASP_API_2023[f.owasp as keyof typeof OWASP_API_2023] ?? f.owasp,
      endpoint: { id: endpoint.id, label: storedEndpointLabel(endpoint), riskScore: endpoint.riskScore },
      samples,
      /** Issues integrations opened for it (Jira), with their last known status. */
      tickets,
      // The fix where the workspace's traffic passes (the gateways and servers its logs come from).
      fixes: fixesFor(
        f.check,
        formats.flatMap((x) => familiesOf(x.id)),
      ),
      activity: activity.map((x) => ({
        id: x.id,
        kind: x.kind,
        detail: x.detail as Record<string, unknown>,
        at: x.at,
        by: x.user ? x.user.name || x.user.email : null,
      })),
    };
  });
}

export const ZPostureQuery = z.object({
  days: z.number().int().min(7).max(365).default(90).describe("Days of trend, up to today"),
});

/** The posture score now (from open findings), what takes points off it, its daily trend, and each service's score. */
export async function postureSummary(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZPostureQuery>) {
  const q = ZPostureQuery.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const now = new Date();
    const [counts, trend, services, notAssessable] = await Promise.all([
      openCounts(tx, tenantId),
      postureTrend(tx, tenantId, WORKSPACE_SCOPE, q.days, now),
      tx.apiService.findMany({ where: { tenantId }, select: { id: true, host: true } }),
      logBlindness(tx, tenantId),
    ]);
    const workspace = counts.get(WORKSPACE_SCOPE)!;
    return {
      score: postureScore(workspace),
      open: workspace,
      deductions: scoreDeductions(workspace),
      trend,
      notAssessable,
      services: services
        .map((s) => {
          const open = counts.get(s.id)!;
          return { id: s.id, host: s.host, score: postureScore(open), open };
        })
        .sort((a, b) => a.score - b.score || a.host.localeCompare(b.host)),
    };
  });
}

/** The posture checks by id and name: what a finding policy can be limited to. */
export const postureChecks = () => CHECKS.map((c) => ({ id: c.id, name: c.name }));
