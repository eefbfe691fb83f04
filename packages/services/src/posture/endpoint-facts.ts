// What posture reads of an endpoint: the inventory's figures (engine
// EndpointFacts), a page at a time in id order.
import type { Prisma } from "@lantern/db/client";
import type { EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import type { VariableInfo } from "@lantern/engine/discovery/templater";
import type { EndpointFacts } from "@lantern/engine/posture/types";

/** Endpoints read per page: a stats document is a few kilobytes. */
export const FACTS_PAGE = 500;

export type EndpointWithFacts = { id: string; serviceId: string; facts: EndpointFacts };

export async function readEndpointFacts(
  tx: Prisma.TransactionClient,
  tenantId: string,
  filter: { after?: string; changedSince?: Date; ids?: string[] },
): Promise<EndpointWithFacts[]> {
  const rows = await tx.apiEndpoint.findMany({
    where: {
      tenantId,
      ...(filter.after ? { id: { gt: filter.after } } : {}),
      ...(filter.ids ? { id: { in: filter.ids } } : {}),
      ...(filter.changedSince ? { updatedAt: { gte: filter.changedSince } } : {}),
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
      service: { select: { host: true } },
    },
  });
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
    },
  }));
}
