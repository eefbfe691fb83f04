import type { JobPayload } from "@lantern/jobs/catalog";
import type { JobsClient } from "@lantern/jobs/client";
import { processUpload } from "@lantern/services/ingest/process-upload";
import { failUpload, recoverStoppedUploads, type IngestQueue } from "@lantern/services/ingest/stopped-uploads";
import type { WorkerDeps } from "./deps";

/** Lines per turn: about a few seconds of work, so a small upload behind a huge one waits seconds, not hours. */
export const INGEST_SLICE_LINES = 200_000;

/**
 * Runs an upload in slices. When a slice ends before the file does and other
 * uploads are waiting, the upload goes back to the end of the queue (progress
 * is already committed), so workspaces take turns instead of the first big
 * file holding a worker; with nobody waiting, it simply goes on.
 */
export async function ingestUpload(deps: WorkerDeps, payload: JobPayload<"ingest.process-upload">): Promise<string> {
  const othersWaiting = async () => (await deps.jobs.queue("ingest").getWaitingCount()) > 0;
  const outcome = await processUpload(
    {
      db: deps.db,
      secret: deps.secret,
      sliceLines: deps.ingestSliceLines ?? INGEST_SLICE_LINES,
      shouldYield: othersWaiting,
      limits: deps.readLimits,
    },
    payload.tenantId,
    payload.uploadId,
  );
  if (outcome.status === "CONTINUE") {
    await deps.jobs.enqueue("ingest.process-upload", payload, {
      jobId: `ingest-${payload.uploadId}-${outcome.linesRead}`,
    });
    return `paused after ${outcome.linesRead} lines; queued again`;
  }
  if (outcome.status === "COMPLETED" && outcome.linesAccepted > 0) {
    // One discovery job per upload (the job id makes a re-run of this job enqueue nothing new).
    await deps.jobs.enqueue("discovery.update-upload", payload, { jobId: `discover-${payload.uploadId}` });
  }
  return `${outcome.status.toLowerCase()}: ${outcome.linesAccepted} events, ${outcome.linesRejected} rejected`;
}

/** Retries are exhausted (or the job can never succeed): the upload fails with the reason, keeping what it committed. */
export async function ingestGaveUp(
  deps: WorkerDeps,
  payload: JobPayload<"ingest.process-upload">,
  reason: string,
): Promise<void> {
  await failUpload(deps.db, payload.tenantId, payload.uploadId, reason);
}

/** The ingest queue as the sweep sees it. */
function ingestQueue(jobs: JobsClient): IngestQueue {
  return {
    async liveUploadIds() {
      const live = await jobs
        .queue("ingest")
        .getJobs(["waiting", "active", "delayed", "prioritized", "waiting-children"]);
      return new Set(live.map((job) => job?.data?.uploadId).filter((id): id is string => typeof id === "string"));
    },
    async requeue(tenantId, uploadId, recovery) {
      await jobs.enqueue(
        "ingest.process-upload",
        { tenantId, uploadId },
        { jobId: `ingest-${uploadId}-recovery-${recovery}` },
      );
    },
  };
}

/** Twice the job lock: a live job commits or renews its lock well within it. */
export const stoppedAfterMs = (deps: WorkerDeps) => 2 * (deps.lockDurationMs ?? 30_000);

export async function uploadsSweep(deps: WorkerDeps, _payload: JobPayload<"system.uploads-sweep">): Promise<string> {
  const { requeued, failed } = await recoverStoppedUploads(deps.db, ingestQueue(deps.jobs), {
    staleMs: stoppedAfterMs(deps),
  });
  return `stopped uploads: ${requeued.length} queued again, ${failed.length} failed`;
}
