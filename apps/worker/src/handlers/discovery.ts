import type { JobPayload } from "@lantern/jobs/catalog";
import { discoverUpload } from "@lantern/services/discovery/discover-upload";
import type { WorkerDeps } from "./deps";

/**
 * Adds a completed upload to the inventory (queued by the ingest job when the
 * upload completes), a part of at most a million events at a time. When
 * another discovery is waiting after a part, this one goes back to the end of
 * the queue (its progress is committed), as ingestion does with its turns.
 */
export async function discoverUploadJob(
  deps: WorkerDeps,
  payload: JobPayload<"discovery.update-upload">,
): Promise<string> {
  const othersWaiting = async () => (await deps.jobs.queue("discovery").getWaitingCount()) > 0;
  const outcome = await discoverUpload(
    { db: deps.db, partEvents: deps.discoveryPartEvents, shouldYield: othersWaiting },
    payload.tenantId,
    payload.uploadId,
  );
  if (outcome.status === "CONTINUE") {
    await deps.jobs.enqueue("discovery.update-upload", payload, {
      jobId: `discover-${payload.uploadId}-${outcome.line}`,
    });
    return `paused after line ${outcome.line} (${outcome.events} events added); queued again`;
  }
  if (outcome.status === "DISCOVERED") {
    // Detection reads the templates and endpoints discovery just wrote: one job per upload (its id makes a re-run enqueue nothing new).
    await deps.jobs.enqueue("detection.update-upload", payload, { jobId: `detect-${payload.uploadId}` });
  }
  return outcome.status === "SKIPPED"
    ? "already in the inventory"
    : `${outcome.events} events, ${outcome.endpoints} endpoints updated`;
}
