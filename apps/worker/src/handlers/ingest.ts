import type { JobPayload } from "@lantern/jobs/catalog";
import { processUpload } from "@lantern/services/ingest/process-upload";
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
    { db: deps.db, secret: deps.secret, sliceLines: deps.ingestSliceLines ?? INGEST_SLICE_LINES, shouldYield: othersWaiting },
    payload.tenantId,
    payload.uploadId,
  );
  if (outcome.status === "CONTINUE") {
    await deps.jobs.enqueue("ingest.process-upload", payload, { jobId: `ingest-${payload.uploadId}-${outcome.linesRead}` });
    return `paused after ${outcome.linesRead} lines; queued again`;
  }
  if (outcome.status === "COMPLETED" && outcome.linesAccepted > 0) {
    // One discovery job per upload (the job id makes a re-run of this job enqueue nothing new).
    await deps.jobs.enqueue("discovery.update-upload", payload, { jobId: `discover-${payload.uploadId}` });
  }
  return `${outcome.status.toLowerCase()}: ${outcome.linesAccepted} events, ${outcome.linesRejected} rejected`;
}
