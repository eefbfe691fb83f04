// Data sources: the uploads of a workspace grouped by the source name they
// were sent under (nginx-edge, alb-prod…). A source's readiness is that of
// its latest completed upload: logging configuration changes over time, and
// the newest file is what the team's servers write today.
import { withTenant } from "@lantern/db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { ZSourceName } from "./validation";

export type ReadinessSummary = { score: number; sampled: number; checks: unknown[] };

export type DataSourceSummary = {
  source: string;
  uploads: number;
  events: number;
  rejected: number;
  lastUploadAt: Date;
  lastEventAt: Date | null;
  formats: string[];
  failedUploads: number;
  readiness: { score: number; uploadId: string; fileName: string; completedAt: Date | null } | null;
};

type SourceRow = {
  source: string;
  uploads: bigint;
  events: bigint;
  rejected: bigint;
  last_upload_at: Date;
  last_event_at: Date | null;
  formats: string[] | null;
  failed: bigint;
  readiness_upload: string | null;
  readiness_file: string | null;
  readiness_score: number | null;
  readiness_at: Date | null;
};

async function sourceRows(ctx: ServiceContext, tenantId: string, source: string | null): Promise<DataSourceSummary[]> {
  const rows = await withTenant(
    ctx.db,
    tenantId,
    (tx) => tx.$queryRaw<SourceRow[]>`
    SELECT s.source, s.uploads, s.events, s.rejected, s.last_upload_at, s.last_event_at, s.formats, s.failed,
           r.id AS readiness_upload, r."fileName" AS readiness_file, (r.readiness->>'score')::int AS readiness_score, r."completedAt" AS readiness_at
    FROM (
      SELECT source, count(*) AS uploads, coalesce(sum("linesAccepted"), 0) AS events, coalesce(sum("linesRejected"), 0) AS rejected,
             max("createdAt") AS last_upload_at, max("timeTo") AS last_event_at,
             array_remove(array_agg(DISTINCT "formatSpec"->>'id'), NULL) AS formats,
             count(*) FILTER (WHERE status = 'FAILED') AS failed
      FROM uploads
      WHERE "tenantId" = ${tenantId} AND (${source}::text IS NULL OR source = ${source})
      GROUP BY source
    ) s
    LEFT JOIN LATERAL (
      SELECT id, "fileName", readiness, "completedAt" FROM uploads u
      WHERE u."tenantId" = ${tenantId} AND u.source = s.source AND u.status = 'COMPLETED' AND u.readiness IS NOT NULL
      ORDER BY u."completedAt" DESC NULLS LAST LIMIT 1
    ) r ON true
    ORDER BY s.last_upload_at DESC`,
  );
  return rows.map((r) => ({
    source: r.source,
    uploads: Number(r.uploads),
    events: Number(r.events),
    rejected: Number(r.rejected),
    lastUploadAt: r.last_upload_at,
    lastEventAt: r.last_event_at,
    formats: r.formats ?? [],
    failedUploads: Number(r.failed),
    readiness: r.readiness_upload
      ? {
          score: r.readiness_score ?? 0,
          uploadId: r.readiness_upload,
          fileName: r.readiness_file!,
          completedAt: r.readiness_at,
        }
      : null,
  }));
}

export function listDataSources(ctx: ServiceContext, tenantId: string): Promise<DataSourceSummary[]> {
  return sourceRows(ctx, tenantId, null);
}

/** One source: its summary, the full readiness report of its latest completed upload, and events per day. */
export async function getDataSource(ctx: ServiceContext, tenantId: string, sourceName: string) {
  const source = ZSourceName.safeParse(sourceName);
  if (!source.success) throw notFound("Data source");
  const [summary] = await sourceRows(ctx, tenantId, source.data);
  if (!summary) throw notFound("Data source");
  const report = summary.readiness
    ? await withTenant(ctx.db, tenantId, (tx) =>
        tx.upload.findFirst({ where: { id: summary.readiness!.uploadId, tenantId }, select: { readiness: true } }),
      )
    : null;
  // Events per day of traffic (not of upload), summed from the per-upload day
  // counts ingestion keeps; days past the workspace's retention are gone from storage.
  const perDay = await withTenant(
    ctx.db,
    tenantId,
    (tx) => tx.$queryRaw<{ day: string; events: bigint }[]>`
    SELECT d.key AS day, sum(d.value::bigint) AS events
    FROM uploads u CROSS JOIN LATERAL jsonb_each_text(u."dayCounts") d
    JOIN tenants t ON t.id = u."tenantId"
    WHERE u."tenantId" = ${tenantId} AND u.source = ${source.data}
      AND d.key::date >= current_date - t."eventRetentionDays"
    GROUP BY 1 ORDER BY 1`,
  );
  return {
    ...summary,
    report: (report?.readiness ?? null) as ReadinessSummary | null,
    eventsPerDay: perDay.map((d) => ({ day: d.day, events: Number(d.events) })),
  };
}
