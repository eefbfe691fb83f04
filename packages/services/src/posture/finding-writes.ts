// How judged findings become stored ones, and how they live on: a finding is
// opened when a check first holds, refreshed while it holds, resolved when
// it stops holding or when a week of traffic passes without new evidence,
// and reopened when its evidence grows again. An accepted risk stays
// accepted until its expiry. Every change of status is written to the
// finding's activity, so its page can tell its history.
import type { Prisma } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import type { PostureFinding } from "@lantern/engine/posture/types";

/** Days of traffic without new evidence after which a finding is resolved on its own. */
export const STALE_AFTER_DAYS = 7;
const SEVERITY = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW" } as const;

export type JudgedEndpoint = {
  id: string;
  findings: PostureFinding[] /** Its newest call (traffic time). */;
  lastCall: Date;
};
export type WriteCounts = { opened: number; reopened: number; resolved: number };

type Stored = {
  id: string;
  endpointId: string;
  check: string;
  title: string;
  status: "OPEN" | "ACCEPTED" | "RESOLVED";
  severity: string;
  evidenceCount: number;
  lastSeen: Date;
  acceptedUntil: Date | null;
};

export async function writeFindings(
  tx: Prisma.TransactionClient,
  tenantId: string,
  judged: JudgedEndpoint[],
  now: Date,
): Promise<WriteCounts> {
  const stored: Stored[] = await tx.postureFinding.findMany({
    where: { tenantId, endpointId: { in: judged.map((j) => j.id) } },
    select: {
      id: true,
      endpointId: true,
      check: true,
      title: true,
      status: true,
      severity: true,
      evidenceCount: true,
      lastSeen: true,
      acceptedUntil: true,
    },
  });
  const byKey = new Map(stored.map((f) => [`${f.endpointId} ${f.check}`, f]));
  const holding = new Set<string>();
  const created: Prisma.PostureFindingCreateManyInput[] = [];
  const activity: Prisma.FindingActivityCreateManyInput[] = [];
  const feed: FeedItem[] = [];
  const counts: WriteCounts = { opened: 0, reopened: 0, resolved: 0 };
  for (const { id: endpointId, findings, lastCall } of judged) {
    for (const f of findings) {
      const key = `${endpointId} ${f.check}`;
      holding.add(key);
      const existing = byKey.get(key);
      if (!existing) {
        const id = newId("finding");
        created.push({ id, tenantId, endpointId, check: f.check, firstSeen: lastCall, ...judgement(f, lastCall) });
        activity.push({ id: newId("findingActivity"), tenantId, findingId: id, kind: "opened", at: now });
        feed.push({
          kind: "FINDING_OPENED",
          findingId: id,
          endpointId,
          title: f.title,
          severity: f.severity,
          at: lastCall,
        });
        counts.opened++;
        continue;
      }
      const next = nextState(existing, f, lastCall, now);
      if (!next) continue;
      await tx.postureFinding.update({ where: { id: existing.id }, data: next.data });
      if (next.event) {
        activity.push({ id: newId("findingActivity"), tenantId, findingId: existing.id, kind: next.event, at: now });
        feed.push({
          kind: "FINDING_OPENED",
          findingId: existing.id,
          endpointId,
          title: f.title,
          severity: f.severity,
          at: lastCall,
        });
        counts.reopened++;
      }
    }
  }
  // Findings of these endpoints that no longer hold at all.
  const gone = stored.filter((f) => f.status !== "RESOLVED" && !holding.has(`${f.endpointId} ${f.check}`));
  const lastCall = new Map(judged.map((j) => [j.id, j.lastCall]));
  counts.resolved += await resolve(
    tx,
    tenantId,
    gone.map((f) => ({ ...f, at: lastCall.get(f.endpointId) ?? now })),
    now,
    "The check no longer holds on the endpoint's traffic.",
  );
  // New findings in one statement per page of endpoints (most findings of a first judgement are new).
  if (created.length) await tx.postureFinding.createMany({ data: created });
  if (activity.length) await tx.findingActivity.createMany({ data: activity });
  await writeFeed(tx, tenantId, feed);
  return counts;
}

function judgement(f: PostureFinding, lastSeen: Date) {
  return {
    owasp: f.owasp,
    severity: SEVERITY[f.severity],
    confidence: f.confidence,
    title: f.title,
    detail: f.detail,
    fix: f.fix,
    facts: f.facts as Prisma.InputJsonValue,
    evidenceCount: f.evidence,
    lastSeen,
  };
}

/** What to write to a stored finding that holds again; null when nothing changed. */
function nextState(existing: Stored, f: PostureFinding, lastCall: Date, now: Date) {
  const grew = f.evidence > existing.evidenceCount;
  const expired = existing.status === "ACCEPTED" && existing.acceptedUntil !== null && existing.acceptedUntil <= now;
  const reopen = (existing.status === "RESOLVED" && grew) || expired;
  if (!grew && !reopen && SEVERITY[f.severity] === existing.severity) return null;
  // Without new evidence the finding keeps its last sighting, so a week of traffic without it resolves it.
  const data: Prisma.PostureFindingUpdateInput = judgement(f, grew ? lastCall : existing.lastSeen);
  if (reopen) Object.assign(data, { status: "OPEN", resolvedAt: null, acceptedReason: null, acceptedUntil: null });
  return { data, event: reopen ? ("reopened" as const) : null };
}

/**
 * Resolves open findings whose last evidence is more than a week older than
 * the workspace's newest traffic. Traffic time, not the clock: a workspace
 * whose logs stopped arriving has not shown that anything was fixed.
 */
export async function resolveStale(tx: Prisma.TransactionClient, tenantId: string, now: Date): Promise<number> {
  const newest = await tx.apiEndpoint.aggregate({ where: { tenantId }, _max: { lastSeen: true } });
  if (!newest._max.lastSeen) return 0;
  const before = new Date(newest._max.lastSeen.getTime() - STALE_AFTER_DAYS * 86_400_000);
  const stale = await tx.postureFinding.findMany({
    // Spec findings hold as long as the spec says so: traffic is no evidence either way.
    where: { tenantId, status: "OPEN", lastSeen: { lt: before }, confidence: { not: "spec" } },
    select: { id: true, endpointId: true, title: true, severity: true },
  });
  const at = newest._max.lastSeen;
  return resolve(
    tx,
    tenantId,
    stale.map((f) => ({ ...f, at })),
    now,
    `Not seen in ${STALE_AFTER_DAYS} days of traffic.`,
  );
}

type Resolving = {
  id: string;
  endpointId: string;
  title: string;
  severity: string /** Traffic time, for the feed. */;
  at: Date;
};

async function resolve(
  tx: Prisma.TransactionClient,
  tenantId: string,
  findings: Resolving[],
  now: Date,
  reason: string,
): Promise<number> {
  if (findings.length === 0) return 0;
  await writeFeed(
    tx,
    tenantId,
    findings.map((f) => ({
      kind: "FINDING_RESOLVED",
      findingId: f.id,
      endpointId: f.endpointId,
      title: f.title,
      severity: f.severity.toLowerCase(),
      at: f.at,
    })),
  );
  const ids = findings.map((f) => f.id);
  await tx.postureFinding.updateMany({ where: { id: { in: ids } }, data: { status: "RESOLVED", resolvedAt: now } });
  await tx.findingActivity.createMany({
    data: ids.map((findingId) => ({
      id: newId("findingActivity"),
      tenantId,
      findingId,
      kind: "resolved",
      detail: { reason },
      at: now,
    })),
  });
  return ids.length;
}

type FeedItem = {
  kind: "FINDING_OPENED" | "FINDING_RESOLVED";
  findingId: string;
  endpointId: string;
  title: string;
  severity: string;
  at: Date;
};

/**
 * Findings opened and resolved go to the API changes feed beside new
 * endpoints and parameters; low ones (hygiene, most spec lint) stay on the
 * Findings page, or a first judgement would bury the feed.
 */
async function writeFeed(tx: Prisma.TransactionClient, tenantId: string, all: FeedItem[]): Promise<void> {
  const items = all.filter((i) => i.severity !== "low");
  if (items.length === 0) return;
  const endpoints = await tx.apiEndpoint.findMany({
    where: { tenantId, id: { in: [...new Set(items.map((i) => i.endpointId))] } },
    select: { id: true, method: true, template: true, service: { select: { host: true } } },
  });
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  await tx.apiChange.createMany({
    data: items.map((i) => {
      const e = byId.get(i.endpointId);
      return {
        id: newId("change"),
        tenantId,
        kind: i.kind,
        endpointId: i.endpointId,
        at: i.at,
        detail: {
          method: e?.method,
          host: e?.service.host,
          template: e?.template,
          title: i.title,
          severity: i.severity,
          findingId: i.findingId,
        },
      };
    }),
  });
}
