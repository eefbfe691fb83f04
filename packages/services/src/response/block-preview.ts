// What a block would hit, before it is made: the stored requests of the last
// days of traffic from the range or identity (traffic time, so an old log
// previews against its own days), how many addresses and which user agents
// sent them, and whether the allow list would refuse it.
import { Prisma as Sql, withTenant } from "@lantern/db/client";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { allowedBy } from "./block-list";
import { canonicalTarget, eventsMatching, ZTarget } from "./targets";

export const ZBlockPreview = ZTarget.extend({
  days: z.number().int().min(1).max(30).default(7),
});

type Counts = { requests: number; addresses: number; first: Date | null; last: Date | null };

export async function previewBlock(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZBlockPreview>) {
  const q = ZBlockPreview.parse(input);
  return withTenant(ctx.db, tenantId, async (tx) => {
    const target = await canonicalTarget(tx, q);
    const [latest] = await tx.$queryRaw<{ at: Date | null }[]>(
      Sql.sql`SELECT max("timeTo") AS at FROM uploads WHERE "tenantId" = ${tenantId}`,
    );
    const to = latest?.at ?? new Date();
    const from = new Date(to.getTime() - q.days * 86_400_000);
    const window = Sql.sql`tenant_id = ${tenantId} AND ts >= ${from} AND ts <= ${to} AND ${eventsMatching(target)}`;
    const [[counts], agents, allowed] = await Promise.all([
      tx.$queryRaw<Counts[]>(Sql.sql`
        SELECT count(*)::int AS requests, count(DISTINCT client_ip)::int AS addresses, min(ts) AS first, max(ts) AS last
        FROM telemetry.events WHERE ${window}`),
      tx.$queryRaw<{ agent: string | null; requests: number }[]>(Sql.sql`
        SELECT user_agent AS agent, count(*)::int AS requests FROM telemetry.events WHERE ${window}
        GROUP BY user_agent ORDER BY requests DESC LIMIT 5`),
      allowedBy(tx, tenantId, target),
    ]);
    return {
      target: { kind: target.kind, value: target.value, label: target.label },
      from,
      to,
      ...counts!,
      userAgents: agents.map((a) => ({ agent: a.agent ?? "(none)", requests: a.requests })),
      allowedBy: allowed,
    };
  });
}
