// Sending a hunt's results to the block list: the addresses its matching
// requests came from (the busiest first, at most as many as a policy may
// add for one alert), previewed with what they sent and what the allow list
// spares, then added in one step with one reason and expiry. The edge lists
// take them within seconds, like any block.
import { Prisma as Sql } from "@lantern/db/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { Actor, ServiceContext } from "../context";
import { LISTS, lockBlockList, splitByAllowList } from "../response/block-list";
import { addTargetsIn, blockSummary } from "../response/bulk-block";
import { pushEdgeListsSoon } from "../response/edge-push";
import { MAX_POLICY_BLOCKS } from "../response/policy-run";
import { compiled, hunting, ZHunt } from "./run";

export const ZHuntBlock = ZHunt.and(
  z.object({
    list: z.enum(LISTS).default("BLOCK"),
    reason: z.string().trim().min(3, "Say why: the team and the audit log read it.").max(500),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .nullable()
      .default(24),
  }),
);

type Source = { address: string; n: number };

/** The addresses the hunt's matches came from, busiest first, one more than the cap (to say it was reached). */
async function sources(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZHunt>) {
  const q = ZHunt.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const rows = await tx.$queryRaw<Source[]>(Sql.sql`
      SELECT host(client_ip) AS address, count(*)::int AS n FROM telemetry.events
      WHERE ${c.where} AND client_ip IS NOT NULL
      GROUP BY 1 ORDER BY n DESC, 1 LIMIT ${MAX_POLICY_BLOCKS + 1}`);
    return { rows: rows.slice(0, MAX_POLICY_BLOCKS), capped: rows.length > MAX_POLICY_BLOCKS };
  });
}

const targetOf = (s: Source) => ({ kind: "cidr" as const, value: s.address, label: s.address });

export async function previewHuntBlock(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZHunt>) {
  const { rows, capped } = await sources(ctx, tenantId, input);
  return hunting(ctx, tenantId, async (tx) => {
    const split = await splitByAllowList(tx, tenantId, rows, targetOf);
    const spared = split.spared.map((x) => ({ address: x.item.address, allowedBy: x.allowedBy }));
    const kept = split.kept;
    return {
      addresses: kept.length,
      requests: kept.reduce((n, s) => n + s.n, 0),
      busiest: kept.slice(0, 5),
      spared,
      capped,
    };
  });
}

export async function blockHuntAddresses(
  ctx: ServiceContext,
  tenantId: string,
  input: z.input<typeof ZHuntBlock>,
  who: { actor: Actor },
) {
  const q = ZHuntBlock.parse(input);
  const { rows, capped } = await sources(ctx, tenantId, q);
  const done = await hunting(ctx, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    const outcome = await addTargetsIn(tx, tenantId, rows.map(targetOf), {
      list: q.list,
      hours: q.hours,
      who,
      reason: q.reason,
    });
    await recordAudit(tx, {
      tenantId,
      actor: who.actor,
      action: "hunt.blocked",
      metadata: { query: q.q, list: q.list, addresses: outcome.filter((t) => t.outcome === "blocked").length },
    });
    return outcome;
  });
  await pushEdgeListsSoon(ctx, tenantId);
  return { ...blockSummary(done, q), capped };
}
