// No upload is ever stuck. An upload whose ingestion job gave up (retries
// exhausted) is failed at once with the reason; one whose job vanished (a
// worker killed past its stalled limit, Redis restarted without its data) is
// found by a maintenance sweep and queued again, or failed once it has been
// queued again too often. Either way the lines committed so far stay, the
// spooled file (which may hold secrets in clear) is removed, and the upload
// stops counting against the workspace's pending uploads.
import { existsSync } from "node:fs";
import { withTenant, type Db } from "@lantern/db/client";
import { failUpload, stoppedError, UNFINISHED_STATUSES } from "./fail-upload";

/** Times the sweep queues a stopped upload again before calling it failed. */
export const MAX_RECOVERIES = 2;

export type StoppedUpload = { id: string; tenantId: string; recoveries: number; storagePath: string };

/**
 * Unfinished uploads, in every workspace, that have not moved since `before`.
 * Cross-tenant (maintenance only): the caller acts on each within its tenant.
 */
export async function unsafeStoppedUploads(db: Db, before: Date): Promise<StoppedUpload[]> {
  return db.system.upload.findMany({
    where: {
      status: { in: [...UNFINISHED_STATUSES] },
      OR: [{ progressAt: { lt: before } }, { progressAt: null, createdAt: { lt: before } }],
    },
    select: { id: true, tenantId: true, recoveries: true, storagePath: true },
    orderBy: { createdAt: "asc" },
  });
}

export type IngestQueue = {
  /** Uploads whose ingestion job is waiting, delayed or running. */
  liveUploadIds(): Promise<Set<string>>;
  /** Queues the upload's ingestion again (it resumes after its last committed line). */
  requeue(tenantId: string, uploadId: string, recovery: number): Promise<void>;
};

export type SweepOutcome = { requeued: string[]; failed: string[] };

/**
 * The maintenance sweep: every upload that has not moved for `staleMs` and
 * has no live job is queued again, or failed when its file is gone or it was
 * queued again MAX_RECOVERIES times already.
 */
export async function recoverStoppedUploads(
  db: Db,
  queue: IngestQueue,
  options: { staleMs: number; now?: Date },
): Promise<SweepOutcome> {
  const now = options.now ?? new Date();
  // Live jobs first: a job that finishes between the two reads has a final
  // upload, and one that starts has moved it, so neither is taken for stopped
  // (the other order could queue a second job for an upload being processed).
  const live = await queue.liveUploadIds();
  const stopped = await unsafeStoppedUploads(db, new Date(now.getTime() - options.staleMs));
  const outcome: SweepOutcome = { requeued: [], failed: [] };
  for (const upload of stopped) {
    if (live.has(upload.id)) continue;
    const reason = !existsSync(upload.storagePath)
      ? "the uploaded file is no longer on the server (upload it again)"
      : upload.recoveries >= MAX_RECOVERIES
        ? `its ingestion stopped ${upload.recoveries + 1} times without finishing`
        : null;
    if (reason) {
      if (await failUpload(db, upload.tenantId, upload.id, stoppedError(reason))) outcome.failed.push(upload.id);
      continue;
    }
    await withTenant(db, upload.tenantId, (tx) =>
      tx.upload.update({ where: { id: upload.id }, data: { recoveries: { increment: 1 }, progressAt: now } }),
    );
    await queue.requeue(upload.tenantId, upload.id, upload.recoveries + 1);
    outcome.requeued.push(upload.id);
  }
  return outcome;
}
