// What posture reads of an endpoint: the inventory's figures (engine
// EndpointFacts), a page at a time in id order.
import type { Prisma } from "@lantern/db/client";
import type { EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import type { VariableInfo } from "@lantern/engine/discovery/templater";
import type { EndpointFacts, SpecIssue } from "@lantern/engine/posture/types";
import { type SpecLint, specIssues } from "./spec-lint";

/** Endpoints read per page: a stats document is a few kilobytes. */
export const FACTS_PAGE = 500;

export type EndpointWithFacts = { id: string; serviceId: string; facts: EndpointFacts };

export async function readEndpointFacts(
  tx: Prisma.TransactionClient,
  tenantId: string,
  filter: { after?: string; changedSince?: Date; ids?: string[]; host?: string },
): Promise<EndpointWithFacts[]> {
  const rows = await tx.apiEndpoint.findMany({
    where: {
      tenantId,
      ...(filter.after ? { id: { gt: filter.after } } : {}),
      ...(filter.ids ? { id: { in: filter.ids } } : {}),
      ...(filter.changedSince ? { updatedAt: { gte: filter.changedSince } } : {}),
      ...(filter.host ? { service: { host: filter.host } } : {}),
    },
    orderBy: { id: "asc" },
    take: FACTS_PAGE,
    select: {
      id: true,
      serviceId: true,
      method: true,
      template: true,
      stats: true,
      variables: true,
      specStatus: true,
      specPath: true,
      service: { select: { host: true } },
    },
  });
  const issues = await specIssuesByOperation(tx, tenantId, [...new Set(rows.map((r) => r.service.host))]);
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.serviceId,
    facts: {
      host: r.service.host,
      method: r.method,
      template: r.template,
      stats: r.stats as unknown as EndpointStats,
      variables: (r.variables ?? []) as unknown as VariableInfo[],
      specStatus: r.specStatus as EndpointFacts["specStatus"],
      specIssues: r.specPath ? issues.get(`${r.service.host} ${r.method} ${r.specPath}`) : undefined,
    },
  }));
}

/** The lint issues of these hosts' specs, by "host METHOD /spec/path". */
async function specIssuesByOperation(tx: Prisma.TransactionClient, tenantId: string, hosts: string[]) {
  const specs = await tx.apiSpec.findMany({
    where: { tenantId, host: { in: hosts } },
    select: { host: true, lint: true },
  });
  const out = new Map<string, SpecIssue[]>();
  for (const spec of specs)
    for (const issue of specIssues(spec.lint as unknown as SpecLint)) {
      if (!issue.operation) continue;
      const key = `${spec.host} ${issue.operation}`;
      out.set(key, [...(out.get(key) ?? []), issue]);
    }
  return out;
}
