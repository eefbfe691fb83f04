// Hunting over every stored request of the workspace: how far the data
// reaches, the matches of a query over time, and the newest matching
// requests with their actors. Facets and stats are in groups.ts, exports in
// export.ts; every part compiles the hunt the same way (run.ts).
import { Prisma as Sql, withTenant } from "@lantern/db/client";
import type { z } from "zod";
import type { ServiceContext } from "../context";
import { actorsOfKeys } from "./lookups";
import { compiled, DAY, HUNT_EVENT_SQL, type HuntEvent, hunting, type HuntInput, ZHunt, ZHuntRows } from "./run";
import { OWN_KEY } from "./compile";

/** How far the workspace's stored requests reach (traffic time), and how long they are kept. */
export async function huntExtent(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [row] = await tx.$queryRaw<{ oldest: Date | null; newest: Date | null }[]>(Sql.sql`
      SELECT min(ts) AS oldest, max(ts) AS newest FROM telemetry.events WHERE tenant_id = ${tenantId}`);
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { eventRetentionDays: true } });
    return {
      oldest: row?.oldest?.toISOString() ?? null,
      newest: row?.newest?.toISOString() ?? null,
      retentionDays: tenant.eventRetentionDays,
    };
  });
}

/** Bucket widths a histogram picks from: the smallest that gives at most 120 bars. */
const BUCKETS_MS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, DAY, 7 * DAY];

/** The matches over time (and how many were refused or failed), and their total. */
export async function huntHistogram(ctx: ServiceContext, tenantId: string, input: HuntInput) {
  const q = ZHunt.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const span = q.to.getTime() - q.from.getTime();
    const bucketMs = BUCKETS_MS.find((w) => span / w <= 120) ?? 7 * DAY;
    const seconds = bucketMs / 1000;
    const rows = await tx.$queryRaw<{ at: Date; n: number; errors: number }[]>(Sql.sql`
      SELECT to_timestamp(floor(extract(epoch FROM ts) / ${seconds}) * ${seconds}) AS at,
        count(*)::int AS n, (count(*) FILTER (WHERE status >= 400))::int AS errors
      FROM telemetry.events WHERE ${c.where}
      GROUP BY 1 ORDER BY 1`);
    return {
      bucketMs,
      buckets: rows.map((r) => ({ at: r.at.toISOString(), n: r.n, errors: r.errors })),
      total: rows.reduce((n, r) => n + r.n, 0),
    };
  });
}

type EventRow = HuntEvent & { key: string | null };

/** The newest matching requests, each with the actor it belongs to. */
export async function huntRows(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZHuntRows>) {
  const q = ZHuntRows.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const rows = await tx.$queryRaw<EventRow[]>(Sql.sql`
      SELECT ${HUNT_EVENT_SQL}, ${OWN_KEY} AS key
      FROM telemetry.events WHERE ${c.where}
      ORDER BY ts DESC, upload_id, line_no LIMIT ${q.limit}`);
    const actors = await actorsOfKeys(tx, tenantId, [...new Set(rows.flatMap((r) => (r.key ? [r.key] : [])))]);
    return rows.map(({ key, ...r }) => ({
      ...r,
      ts: r.ts.toISOString(),
      actor: key ? (actors.get(key) ?? null) : null,
    }));
  });
}
