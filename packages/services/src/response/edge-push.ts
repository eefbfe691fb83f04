// Keeps an edge list (an AWS WAF IP set, a Cloudflare List) equal to the
// workspace's block or rate-limit list. Edge lists hold at most 10,000
// entries, and users say overflowing them is what hurts most, so the push
// ranks entries (the gravest alert first, then the newest), merges ranges
// without widening them (engine/response/cidr-set.ts), and when that is
// still too many keeps the best-ranked and records what was left out; the
// integration shows it. Only address ranges go to the edge: identities stay
// with the gateways that can match them.
import { type Db, Prisma as Sql, withTenant } from "@lantern/db/client";
import { aggregate, formatRange, parseRange, type Range, widenV6 } from "@lantern/engine/response/cidr-set";
import type { Prisma } from "@lantern/db/client";
import { pushToAwsWaf, pushToCloudflare } from "./edge-clients";
import { openIntegrationSecret } from "./integrations";
import type { OutboundPolicy } from "./outbound";
import type { JobsClient } from "@lantern/jobs/client";

export const PUSH_KINDS = ["aws_waf", "cloudflare_list"] as const;
export const isPushKind = (kind: string) => (PUSH_KINDS as readonly string[]).includes(kind);

/** What one edge list takes (AWS WAF: 10,000 addresses per IP set; Cloudflare: 10,000 items per list on most plans). */
export const EDGE_CAPACITY = 10_000;
const SAMPLE = 20;

export type PushState = {
  at: string;
  /** Entries on the workspace's list, and the ranges they make once merged. */
  wanted: number;
  ranges: number;
  pushed: number;
  capacity: number;
  /** Entries that did not fit, lowest ranked first out; a few of them by name. */
  leftOut: number;
  sample: string[];
};

type Ranked = { value: string; label: string };

/** The list's active address ranges, gravest alert first, then newest. */
async function rankedRanges(tx: Prisma.TransactionClient, tenantId: string, list: "BLOCK" | "RATE_LIMIT") {
  return tx.$queryRaw<Ranked[]>(Sql.sql`
    SELECT b.value, b.label FROM block_entries b
    LEFT JOIN alerts a ON a.id = b."alertId" AND a."tenantId" = b."tenantId"
    WHERE b."tenantId" = ${tenantId} AND b.list = ${list}::"ResponseList" AND b.kind = 'cidr'
      AND b."removedAt" IS NULL AND (b."expiresAt" IS NULL OR b."expiresAt" > now())
    ORDER BY array_position(ARRAY['CRITICAL','HIGH','MEDIUM','LOW'], a.severity::text) NULLS LAST, b."createdAt" DESC`);
}

/**
 * The most entries, best ranked first, whose merged ranges fit `capacity`:
 * merging only shrinks, so the count is monotonic in how many entries are
 * taken and a binary search finds the most that fit.
 */
export function fitToCapacity(entries: Ranked[], capacity: number, widen: boolean) {
  const ranges = entries.map((e) => parseRange(e.value)).filter((r): r is Range => r !== null);
  const merged = (n: number) => aggregate(widen ? widenV6(ranges.slice(0, n)) : ranges.slice(0, n));
  let fit = ranges.length;
  if (merged(fit).length > capacity) {
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (merged(mid).length <= capacity) lo = mid;
      else hi = mid - 1;
    }
    fit = lo;
  }
  return {
    cidrs: merged(fit).map(formatRange),
    ranges: merged(ranges.length).length,
    leftOut: entries.slice(fit).map((e) => e.label),
  };
}

export type PushDeps = { db: Db; secret: string; outbound: OutboundPolicy };

/** Pushes the workspace's list to one edge integration and records the outcome on it. */
export async function pushEdgeList(deps: PushDeps, tenantId: string, integrationId: string): Promise<string> {
  const row = await withTenant(deps.db, tenantId, (tx) =>
    tx.integration.findFirst({ where: { id: integrationId, tenantId } }),
  );
  if (!row || !isPushKind(row.kind)) return "skipped: no such edge integration";
  if (!row.enabled) return "skipped: switched off";
  const config = row.config as Record<string, string>;
  const list = config.list === "RATE_LIMIT" ? "RATE_LIMIT" : "BLOCK";
  const entries = await withTenant(deps.db, tenantId, (tx) => rankedRanges(tx, tenantId, list));
  const fit = fitToCapacity(entries, EDGE_CAPACITY, row.kind === "cloudflare_list");
  const secret = openIntegrationSecret(row, deps.secret) ?? "";
  try {
    const { pushed } =
      row.kind === "aws_waf"
        ? await pushToAwsWaf(
            {
              region: config.region!,
              scope: config.scope as "REGIONAL",
              name: config.ipSetName!,
              id: config.ipSetId!,
              endpoint: config.endpoint,
            },
            { accessKeyId: config.accessKeyId!, secretAccessKey: secret },
            fit.cidrs,
            deps.outbound,
          )
        : await pushToCloudflare(
            { accountId: config.accountId!, listId: config.listId!, endpoint: config.endpoint },
            secret,
            fit.cidrs,
            deps.outbound,
          );
    const state: PushState = {
      at: new Date().toISOString(),
      wanted: entries.length,
      ranges: fit.ranges,
      pushed,
      capacity: EDGE_CAPACITY,
      leftOut: fit.leftOut.length,
      sample: fit.leftOut.slice(0, SAMPLE),
    };
    await withTenant(deps.db, tenantId, (tx) =>
      tx.integration.update({
        where: { id: row.id },
        data: { pushState: state as unknown as Prisma.InputJsonValue, lastSuccessAt: new Date() },
      }),
    );
    return `pushed ${pushed} ranges to ${row.name} (${entries.length} entries${fit.leftOut.length ? `, ${fit.leftOut.length} left out` : ""})`;
  } catch (error) {
    await withTenant(deps.db, tenantId, (tx) =>
      tx.integration.update({
        where: { id: row.id },
        data: { lastErrorAt: new Date(), lastError: String((error as Error).message).slice(0, 500) },
      }),
    );
    throw error;
  }
}

/** The workspace's switched-on edge integrations, to push after a change. */
export async function edgeIntegrations(db: Db, tenantId: string): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.integration.findMany({
      where: { tenantId, enabled: true, kind: { in: [...PUSH_KINDS] } },
      select: { id: true },
    }),
  );
  return rows.map((r) => r.id);
}

/** Changes to the lists within this long of each other go to the edge in one push. */
export const PUSH_WINDOW_MS = 5_000;

/**
 * After the lists changed (a block by hand or by a policy, an entry taken
 * off): every edge list of the workspace takes the new list within seconds.
 * One push per list and 5-second window, run after the window closes, so a
 * burst of changes is one update (AWS allows one a second) and a change made
 * late in the window, committed before this is called, is still in it.
 */
export async function pushEdgeListsSoon(deps: { db: Db; jobs: JobsClient | null }, tenantId: string, now = Date.now()) {
  if (!deps.jobs) return;
  const window = Math.floor(now / PUSH_WINDOW_MS);
  const delayMs = (window + 1) * PUSH_WINDOW_MS - now + 500;
  for (const integrationId of await edgeIntegrations(deps.db, tenantId))
    await deps.jobs.enqueue(
      "response.push",
      { tenantId, integrationId },
      { jobId: `push-${integrationId}-w${window}`, delayMs },
    );
}

/** Every workspace's edge integrations (a system read for the sweep that catches expiries and changes by hand). */
export async function allEdgeIntegrations(db: Db): Promise<{ tenantId: string; id: string }[]> {
  return db.system.integration.findMany({
    where: { enabled: true, kind: { in: [...PUSH_KINDS] } },
    select: { tenantId: true, id: true },
  });
}
