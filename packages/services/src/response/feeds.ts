// The feeds gateways pull: the whole list in their own format, or (JSON
// with `since`) the changes after a cursor. Read under the block-list lock,
// after expiring what is due, so the cursor covers every committed change.
import { Prisma as Sql, withTenant } from "@lantern/db/client";
import { FEED_FORMATS, type FeedEntry, renderFeed } from "@lantern/engine/response/feed-formats";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { expireBlocks, lockBlockList } from "./block-list";

export const ZFeedQuery = z.object({
  format: z.enum(FEED_FORMATS).default("text").describe("text, json, nginx, haproxy or kong"),
  list: z
    .enum(["block", "rate-limit"])
    .default("block")
    .describe("The block list (the default) or the rate-limit list"),
  since: z
    .string()
    .regex(/^\d{1,18}$/, "A cursor is the number a previous answer gave.")
    .optional()
    .describe("JSON only: the cursor of a previous answer; the answer then holds what was added and removed since"),
});

const ENTRY = { kind: true, value: true, label: true, reason: true, expiresAt: true } as const;

export async function readFeed(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZFeedQuery>) {
  const q = ZFeedQuery.parse(input);
  const list = q.list === "block" ? "BLOCK" : "RATE_LIMIT";
  return withTenant(ctx.db, tenantId, async (tx) => {
    await lockBlockList(tx, tenantId);
    const now = new Date();
    await expireBlocks(tx, tenantId, now);
    const [{ cursor }] = (await tx.$queryRaw<{ cursor: string }[]>(
      Sql.sql`SELECT coalesce(max(seq), 0)::text AS cursor FROM block_entries WHERE "tenantId" = ${tenantId}`,
    )) as [{ cursor: string }];
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
    const header = { workspace: tenant.name, list: q.list, cursor, generatedAt: now };
    const since = q.format === "json" && q.since !== undefined ? BigInt(q.since) : null;
    const active: FeedEntry[] = await tx.blockEntry.findMany({
      where: { tenantId, list, removedAt: null, ...(since === null ? {} : { seq: { gt: since } }) },
      orderBy: { seq: "asc" },
      select: ENTRY,
    });
    const removed: FeedEntry[] | undefined =
      since === null
        ? undefined
        : await tx.blockEntry.findMany({
            where: { tenantId, list, removedAt: { not: null }, seq: { gt: since } },
            orderBy: { seq: "asc" },
            select: ENTRY,
          });
    return { cursor, ...renderFeed(q.format, header, active, removed) };
  });
}
