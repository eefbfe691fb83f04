// The posture score (engine/posture/score.ts) of the workspace and of each
// service, kept one row a day: today's row is rewritten whenever findings
// change (a judgement, an accepted risk), so the trend shows each day's last
// score. Days without a row had no change and carry the day before's score.
import type { Prisma } from "@lantern/db/client";
import { postureScore, type SeverityCounts } from "@lantern/engine/posture/score";

export const WORKSPACE_SCOPE = "*";

const emptyCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0 });

/** Open findings by severity, for the workspace ("*") and each service with any endpoint. */
export async function openCounts(tx: Prisma.TransactionClient, tenantId: string) {
  const rows = await tx.$queryRaw<{ serviceId: string; severity: string; n: number }[]>`
    SELECT e."serviceId", f.severity::text AS severity, count(*)::int AS n
    FROM posture_findings f JOIN api_endpoints e ON e.id = f."endpointId"
    WHERE f."tenantId" = ${tenantId} AND f.status = 'OPEN'
    GROUP BY 1, 2`;
  const services = await tx.apiService.findMany({ where: { tenantId }, select: { id: true } });
  const counts = new Map<string, SeverityCounts>([[WORKSPACE_SCOPE, emptyCounts()]]);
  for (const s of services) counts.set(s.id, emptyCounts());
  for (const r of rows) {
    const sev = r.severity.toLowerCase() as keyof SeverityCounts;
    counts.get(WORKSPACE_SCOPE)![sev] += r.n;
    const service = counts.get(r.serviceId) ?? emptyCounts();
    service[sev] += r.n;
    counts.set(r.serviceId, service);
  }
  return counts;
}

/** Writes today's score of the workspace and of each service. */
export async function snapshotPosture(tx: Prisma.TransactionClient, tenantId: string, now: Date): Promise<number> {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const counts = await openCounts(tx, tenantId);
  const scopes = [...counts.keys()];
  const rows = scopes.map((scope) => ({ scope, ...counts.get(scope)!, score: postureScore(counts.get(scope)!) }));
  await tx.$executeRaw`
    INSERT INTO posture_snapshots ("tenantId", scope, day, score, critical, high, medium, low, at)
    SELECT ${tenantId}, v.scope, ${day}::date, v.score, v.critical, v.high, v.medium, v.low, ${now}
    FROM unnest(${scopes}::text[], ${rows.map((r) => r.score)}::int[], ${rows.map((r) => r.critical)}::int[],
                ${rows.map((r) => r.high)}::int[], ${rows.map((r) => r.medium)}::int[], ${rows.map((r) => r.low)}::int[])
      AS v(scope, score, critical, high, medium, low)
    ON CONFLICT ("tenantId", scope, day) DO UPDATE SET
      score = EXCLUDED.score, critical = EXCLUDED.critical, high = EXCLUDED.high,
      medium = EXCLUDED.medium, low = EXCLUDED.low, at = EXCLUDED.at`;
  return rows.find((r) => r.scope === WORKSPACE_SCOPE)!.score;
}

/** A scope's score per day over the last `days`, each day without a row carrying the one before. */
export async function postureTrend(
  tx: Prisma.TransactionClient,
  tenantId: string,
  scope: string,
  days: number,
  now: Date,
) {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = end - (days - 1) * 86_400_000;
  const select = { day: true, score: true, critical: true, high: true, medium: true, low: true } as const;
  const [before, rows] = await Promise.all([
    // The last row before the window starts the line, so a quiet fortnight still shows its score.
    tx.postureSnapshot.findFirst({
      where: { tenantId, scope, day: { lt: new Date(start) } },
      orderBy: { day: "desc" },
      select,
    }),
    tx.postureSnapshot.findMany({
      where: { tenantId, scope, day: { gte: new Date(start), lte: new Date(end) } },
      orderBy: { day: "asc" },
      select,
    }),
  ]);
  let carried = before;
  const byDay = new Map(rows.map((r) => [r.day.getTime(), r]));
  const out: { day: string; score: number | null; critical: number; high: number; medium: number; low: number }[] = [];
  for (let t = start; t <= end; t += 86_400_000) {
    carried = byDay.get(t) ?? carried;
    out.push({
      day: new Date(t).toISOString().slice(0, 10),
      score: carried?.score ?? null,
      critical: carried?.critical ?? 0,
      high: carried?.high ?? 0,
      medium: carried?.medium ?? 0,
      low: carried?.low ?? 0,
    });
  }
  return out;
}
