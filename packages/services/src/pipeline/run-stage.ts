// Runs one stage of the pipeline for one upload, as its job: the stage works
// until it is done or, with other uploads waiting in its queue, until the end
// of a turn (progress is committed), and is then queued again at the back so
// workspaces take turns instead of the first big file holding a worker. When
// it is done, the upload is passed on to the next stage.
import type { JobsClient } from "@lantern/jobs/client";
import { JOBS } from "@lantern/jobs/catalog";
import { stageJobId, type UploadJob } from "./start";
import { type PipelineDeps, type Stage, type StageName, stageAfter, stageNamed } from "./stages";

export type { UploadJob } from "./start";

/** Queues a stage for an upload; `suffix` names a later point (a line, a recovery) so it is a new job. */
export async function enqueueStage(jobs: JobsClient, stage: Stage, upload: UploadJob, suffix?: string | number) {
  await jobs.enqueue(stage.job, upload, { jobId: stageJobId(stage.jobIdPrefix, upload.uploadId, suffix) });
}

/** Runs the stage's job; returns what the worker logs. */
export async function runStage(
  name: StageName,
  deps: PipelineDeps & { jobs: JobsClient },
  upload: UploadJob,
): Promise<string> {
  const stage = stageNamed(name);
  const othersWaiting = async () => (await deps.jobs.queue(JOBS[stage.job].queue).getWaitingCount()) > 0;
  const outcome = await stage.run(deps, upload.tenantId, upload.uploadId, othersWaiting);
  if (outcome.status === "continue") {
    await enqueueStage(deps.jobs, stage, upload, outcome.resumeAfter);
    return `${outcome.summary}; queued again`;
  }
  const next = stageAfter(stage);
  // One job per upload and stage: a re-run of this job enqueues nothing new (the job id is taken).
  if (outcome.passOn && next) await enqueueStage(deps.jobs, next, upload);
  return outcome.summary;
}
