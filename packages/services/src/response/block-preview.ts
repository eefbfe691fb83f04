// What a block would hit, before it is made: the stored requests of the last
// days of traffic from the range or identity (traffic time, so an old log
// previews against its own days), how many addresses and which user agents
// sent them, and whether the allow list would refuse it.
import { Prisma as Sql, withTenant } from "@lantern/db/client";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { allowedBy } from "./block-list";
import { canonicalTarget, eventsMatching, trafficWindow, ZTarget } from "./targets";

export const ZBlockPreview = ZTarget.extend({
  days: z.number().int().min(1).max(30).default(7),
});

type Counts = { requests: number; addresses: number; first: Date | null; last: Date | null };

export async function previewBlock(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZBlockPreview>) {
  const q = ZBlockPreview.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const target = await canonicalTarget(tx, q);
    const { from, to } = await trafficWindow(tx, tenantId, q.days);
    // One scan: the matching requests are read once (a CTE used several times is materialised) for every figure.
    const [[seen], allowed] = await Promise.all([
      tx.$queryRaw<(Counts & { userAgents: { agent: string | null; requests: number }[] | null })[]>(Sql.sql`
        WITH hit AS (
          SELECT ts, client_ip, user_agent FROM telemetry.events
          WHERE tenant_id = ${tenantId} AND ts >= ${from} AND ts <= ${to} AND ${eventsMatching(target)}
        )
        SELECT (SELECT count(*)::int FROM hit) AS requests, (SELECT count(DISTINCT client_ip)::int FROM hit) AS addresses,
          (SELECT min(ts) FROM hit) AS first, (SELECT max(ts) FROM hit) AS last,
          (SELECT json_agg(json_build_object('agent', user_agent, 'requests', n) ORDER BY n DESC)
             FROM (SELECT user_agent, count(*)::int AS n FROM hit GROUP BY user_agent ORDER BY n DESC LIMIT 5) top
          ) AS "userAgents"`),
      allowedBy(tx, tenantId, target),
    ]);
    const { userAgents, ...counts } = seen!;
    return {
      target: { kind: target.kind, value: target.value, label: target.label },
      from,
      to,
      ...counts,
      userAgents: (userAgents ?? []).map((a) => ({ agent: a.agent ?? "(none)", requests: a.requests })),
      allowedBy: allowed,
    };
  });
}
