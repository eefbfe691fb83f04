// The columns of an api_endpoints row read from its stats (for sorting and
// filtering the inventory without opening the JSON), and the one way to write
// columns of many endpoints at once.
import type { Prisma } from "@lantern/db/client";
import { updateRows } from "@lantern/db/bulk";
import { summarise, versionOf, type EndpointStats } from "@lantern/engine/discovery/endpoint-stats";
import type { VariableInfo } from "@lantern/engine/discovery/templater";

export function endpointColumns(stats: EndpointStats, template: string, variables: VariableInfo[]) {
  const s = summarise(stats);
  return {
    summary: s,
    data: {
      version: versionOf(template),
      firstSeen: new Date(stats.firstSeen),
      lastSeen: new Date(stats.lastSeen),
      calls: stats.calls,
      unauthenticated: s.unauthenticated,
      authenticatedShare: s.authenticatedShare,
      direction: s.direction,
      p95LatencyMs: s.latencyMs.p95,
      distinctActors: s.distinctActors,
      sensitiveTypes: s.sensitive.map((x) => x.type),
      stats: stats as unknown as Prisma.InputJsonValue,
      variables: variables as unknown as Prisma.InputJsonValue,
    },
  };
}

/** Columns discovery and the spec diff set on stored endpoints. */
type EndpointColumns = ReturnType<typeof endpointColumns>["data"] & {
  specStatus: string | null;
  specPath: string | null;
  specReason: string | null;
  undocumentedParams: string[];
};
export type EndpointUpdate = { id: string } & Partial<EndpointColumns>;

const UPDATABLE = new Set<string>([
  "version",
  "firstSeen",
  "lastSeen",
  "calls",
  "unauthenticated",
  "authenticatedShare",
  "direction",
  "p95LatencyMs",
  "distinctActors",
  "sensitiveTypes",
  "stats",
  "variables",
  "specStatus",
  "specPath",
  "specReason",
  "undocumentedParams",
] satisfies (keyof EndpointColumns)[]);

/** Sets columns of many endpoints of a workspace at once (every row naming the same columns). */
export async function updateEndpoints(
  tx: Prisma.TransactionClient,
  tenantId: string,
  rows: EndpointUpdate[],
): Promise<void> {
  for (const c of Object.keys(rows[0] ?? {}))
    if (c !== "id" && !UPDATABLE.has(c)) throw new Error(`updateEndpoints: ${c} is not an endpoint column it writes`);
  await updateRows(tx, "api_endpoints", tenantId, rows);
}
