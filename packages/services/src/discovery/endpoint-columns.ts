// The columns of an api_endpoints row read from its stats (for sorting and
// filtering the inventory without opening the JSON).
import type { Prisma } from "@lantern/db/client";
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
