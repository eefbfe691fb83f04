// The posture stage: after an upload is through detection, the endpoints its
// traffic changed are judged by the posture checks (engine/posture/checks.ts),
// the findings written (finding-writes.ts), findings without evidence for a
// week of traffic resolved, the endpoints' risk scores refreshed and today's
// posture score snapshotted. Endpoint figures only change with discovery,
// so judging what changed since the last judgement keeps findings current.
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { judgeEndpoint } from "@lantern/engine/posture/checks";
import { withWorkspaceLock } from "../pipeline/workspace-lock";
import { readEndpointFacts } from "./endpoint-facts";
import { refreshRisk } from "./endpoint-risk";
import { resolveStale, writeFindings } from "./finding-writes";
import { logBlindness } from "./log-blindness";
import { snapshotPosture } from "./snapshots";

export type PostureOutcome = {
  status: "JUDGED" | "SKIPPED";
  endpoints: number;
  opened: number;
  reopened: number;
  resolved: number;
  score: number | null;
};
const SKIPPED: PostureOutcome = { status: "SKIPPED", endpoints: 0, opened: 0, reopened: 0, resolved: 0, score: null };

export async function judgeUploadPosture(db: Db, tenantId: string, uploadId: string): Promise<PostureOutcome> {
  // Under the workspace's lock: two uploads' judgements would both open the same finding.
  return withWorkspaceLock(db, tenantId, async () => {
    const upload = await withTenant(db, tenantId, (tx) =>
      tx.upload.findFirst({ where: { id: uploadId, tenantId }, select: { detectedAt: true, postureAt: true } }),
    );
    // After detection only; once per upload.
    if (!upload?.detectedAt || upload.postureAt) return SKIPPED;
    // postureAt records when a judgement started: endpoints changed after that are judged by the next one.
    const started = new Date();
    const outcome = await withTenant(
      db,
      tenantId,
      async (tx) => judgeInventory(tx, tenantId, { now: started, changedSince: await lastJudgement(tx, tenantId) }),
      { timeoutMs: 10 * 60_000 },
    );
    await withTenant(db, tenantId, (tx) => tx.upload.update({ where: { id: uploadId }, data: { postureAt: started } }));
    return { status: "JUDGED", ...outcome };
  });
}

async function lastJudgement(tx: Prisma.TransactionClient, tenantId: string): Promise<Date | undefined> {
  const last = await tx.upload.aggregate({ where: { tenantId }, _max: { postureAt: true } });
  return last._max.postureAt ?? undefined;
}

/**
 * Judges the workspace's endpoints (those changed since `changedSince`, or
 * of one host, or all of them) and writes what changed; then resolves stale
 * findings, and snapshots the score.
 */
export async function judgeInventory(
  tx: Prisma.TransactionClient,
  tenantId: string,
  options: { now: Date; changedSince?: Date; host?: string },
) {
  const counts = { endpoints: 0, opened: 0, reopened: 0, resolved: 0 };
  const blind = new Set((await logBlindness(tx, tenantId)).map((b) => b.field));
  for (let after: string | undefined; ; ) {
    const page = await readEndpointFacts(tx, tenantId, {
      after,
      changedSince: options.changedSince,
      host: options.host,
    });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    counts.endpoints += page.length;
    const judged = page.map((e) => ({
      id: e.id,
      findings: judgeEndpoint(e.facts, blind),
      lastCall: new Date(e.facts.stats.lastSeen || options.now.getTime()),
    }));
    const written = await writeFindings(tx, tenantId, judged, options.now);
    counts.opened += written.opened;
    counts.reopened += written.reopened;
    counts.resolved += written.resolved;
    await refreshRisk(tx, tenantId, page);
  }
  counts.resolved += await resolveStale(tx, tenantId, options.now);
  const score = await snapshotPosture(tx, tenantId, options.now);
  return { ...counts, score };
}
