import type { JobPayload } from "@lantern/jobs/catalog";
import type { JobsClient } from "@lantern/jobs/client";
import { enqueueStage } from "@lantern/services/pipeline/run-stage";
import { stageNamed } from "@lantern/services/pipeline/stages";
import { type IngestQueue, recoverStoppedUploads } from "@lantern/services/ingest/stopped-uploads";
import type { WorkerDeps } from "./deps";

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
      await enqueueStage(jobs, stageNamed("ingest"), { tenantId, uploadId }, `recovery-${recovery}`);
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
