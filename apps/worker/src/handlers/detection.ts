import type { JobPayload } from "@lantern/jobs/catalog";
import { detectUpload } from "@lantern/services/detection/detect-upload";
import type { WorkerDeps } from "./deps";

/**
 * Judges an upload's events for abuse (queued by discovery when the upload is
 * in the inventory), a part at a time; when another detection is waiting
 * after a part, this one goes back to the end of the queue, as discovery does.
 */
export async function detectUploadJob(
  deps: WorkerDeps,
  payload: JobPayload<"detection.update-upload">,
): Promise<string> {
  const othersWaiting = async () => (await deps.jobs.queue("detection").getWaitingCount()) > 0;
  const outcome = await detectUpload(
    { db: deps.db, partEvents: deps.discoveryPartEvents, shouldYield: othersWaiting },
    payload.tenantId,
    payload.uploadId,
  );
  if (outcome.status === "CONTINUE") {
    await deps.jobs.enqueue("detection.update-upload", payload, {
      jobId: `detect-${payload.uploadId}-${outcome.line}`,
    });
    return `paused after line ${outcome.line}; queued again`;
  }
  if (outcome.status === "SKIPPED") return "already judged (or not yet in the inventory)";
  return `${outcome.events} events: ${outcome.raised} alerts raised, ${outcome.merged} merged, ${outcome.reopened} reopened, ${outcome.suppressed} suppressed (${outcome.phases})`;
}
