// The pipeline's entrance, apart from the stages' code (stages.ts): the web
// app queues every new upload, and importing the stages would bundle
// ingestion, detection and ingestion's parse threads into it.
import type { JobsClient } from "@lantern/jobs/client";

export type UploadJob = { tenantId: string; uploadId: string };

/** The first stage's job: ingestion. */
export const INGEST_JOB = { job: "ingest.process-upload", jobIdPrefix: "ingest" } as const;

/** `${jobIdPrefix}-${uploadId}[-suffix]`: enqueuing a stage twice for the same point adds nothing. */
export const stageJobId = (jobIdPrefix: string, uploadId: string, suffix?: string | number) =>
  [jobIdPrefix, uploadId, ...(suffix === undefined ? [] : [suffix])].join("-");

/** A new upload enters the pipeline at its first stage. */
export const startPipeline = (jobs: JobsClient, upload: UploadJob) =>
  jobs.enqueue(INGEST_JOB.job, upload, { jobId: stageJobId(INGEST_JOB.jobIdPrefix, upload.uploadId) });
