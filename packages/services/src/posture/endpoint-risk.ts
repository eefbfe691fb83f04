// The risk score of endpoints (engine/posture/risk.ts), written beside them
// for the inventory's column and the endpoint's risk card. Refreshed by the
// posture stage for the endpoints it judged, and by triage when accepting or
// reopening a finding changes what is open.
import type { Prisma } from "@lantern/db/client";
import { riskOf } from "@lantern/engine/posture/risk";
import type { EndpointFacts, PostureSeverity } from "@lantern/engine/posture/types";

const OPEN_ALERT = ["NEW", "INVESTIGATING"] as const;

export async function refreshRisk(
  tx: Prisma.TransactionClient,
  tenantId: string,
  endpoints: { id: string; facts: EndpointFacts }[],
): Promise<void> {
  if (endpoints.length === 0) return;
  const ids = endpoints.map((e) => e.id);
  const [findings, alerts] = await Promise.all([
    tx.postureFinding.findMany({
      where: { tenantId, endpointId: { in: ids }, status: "OPEN" },
      select: { endpointId: true, severity: true },
    }),
    tx.alert.groupBy({
      by: ["endpointId"],
      where: { tenantId, endpointId: { in: ids }, status: { in: [...OPEN_ALERT] } },
      _count: true,
    }),
  ]);
  const severities = new Map<string, PostureSeverity[]>();
  for (const f of findings)
    severities.set(f.endpointId, [
      ...(severities.get(f.endpointId) ?? []),
      f.severity.toLowerCase() as PostureSeverity,
    ]);
  const alertCount = new Map(alerts.map((a) => [a.endpointId, a._count]));
  const risks = endpoints.map((e) =>
    riskOf(e.facts, { findings: severities.get(e.id) ?? [], openAlerts: alertCount.get(e.id) ?? 0 }),
  );
  // One statement for the lot; raw SQL so the endpoint's updatedAt (which says discovery changed it) stays.
  await tx.$executeRaw`
    UPDATE api_endpoints AS e SET "riskScore" = v.score, "riskFactors" = v.factors::jsonb
    FROM unnest(${ids}::text[], ${risks.map((r) => r.score)}::float8[], ${risks.map((r) => JSON.stringify(r.factors))}::text[])
      AS v(id, score, factors)
    WHERE e.id = v.id AND e."tenantId" = ${tenantId}`;
}
