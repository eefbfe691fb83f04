// What the workspace's logs cannot show posture: a log field (a readiness
// check, engine/readiness.ts) that the newest upload of every data source
// lacks. Checks that need it are not run (engine/posture/checks.ts), since
// they would see every call as unauthenticated or every caller as internal;
// the Findings page lists them as not assessable, each with the fix for the
// sources' logs, so fixing the logs is a visible step to better posture.
import type { Prisma } from "@lantern/db/client";
import { CHECKS } from "@lantern/engine/posture/checks";
import type { ReadinessCheckId, ReadinessReport } from "@lantern/engine/readiness";

export type Blindness = {
  field: ReadinessCheckId;
  title: string;
  problem: string;
  /** The checks that are not run for want of it. */
  checks: string[];
  /** Each data source's fix, from its newest upload's readiness report. */
  sources: { source: string; fix: string }[];
};

export async function logBlindness(tx: Prisma.TransactionClient, tenantId: string): Promise<Blindness[]> {
  const latest = await tx.$queryRaw<{ source: string; readiness: ReadinessReport }[]>`
    SELECT DISTINCT ON (source) source, readiness FROM uploads
    WHERE "tenantId" = ${tenantId} AND status = 'COMPLETED' AND readiness IS NOT NULL
    ORDER BY source, "completedAt" DESC NULLS LAST`;
  if (latest.length === 0) return [];
  const fields = new Set(CHECKS.flatMap((c) => c.needs));
  const out: Blindness[] = [];
  for (const field of fields) {
    const lacking = latest.map((l) => ({ source: l.source, check: l.readiness.checks.find((c) => c.id === field) }));
    // Blind only when no source carries it: one source that does lets the checks see its traffic.
    if (!lacking.every((l) => l.check && !l.check.ok)) continue;
    const first = lacking[0]!.check!;
    out.push({
      field,
      title: first.title,
      problem: first.problem ?? "",
      checks: CHECKS.filter((c) => c.needs.includes(field)).map((c) => c.name),
      sources: lacking.map((l) => ({ source: l.source, fix: l.check!.fix ?? "" })),
    });
  }
  return out;
}
