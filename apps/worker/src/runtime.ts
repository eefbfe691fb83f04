// Runs the catalog's jobs: one BullMQ worker per queue, each job's payload
// validated before its handler sees it, and a shutdown that lets running
// jobs finish (or hands them back to the queue when time runs out).
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { JOBS, QUEUES, isJobName, parsePayload, type JobName, type JobPayload } from "@lantern/jobs/catalog";
import { createRedis } from "@lantern/jobs/client";

export type Handlers = { [N in JobName]: (payload: JobPayload<N>, job: Job) => Promise<unknown> };
/** Called once a job has failed for good: retries exhausted or unrecoverable. */
export type FailureHandlers = { [N in JobName]?: (payload: JobPayload<N>, reason: string) => Promise<void> };

export type RuntimeConfig = {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  lockDurationMs?: number;
  log?: (line: string) => void;
};

export type Runtime = { workers: Worker[]; close(timeoutMs: number): Promise<{ forced: boolean }> };

export function startRuntime(
  config: RuntimeConfig,
  handlers: Handlers,
  failureHandlers: FailureHandlers = {},
): Runtime {
  const log = config.log ?? ((line) => console.log(line));
  const workers = QUEUES.map((queue) => {
    const worker = new Worker(
      queue,
      async (job) => {
        if (!isJobName(job.name) || JOBS[job.name].queue !== queue) {
          throw new UnrecoverableError(`unknown job ${job.name} on queue ${queue}`);
        }
        let payload: JobPayload<typeof job.name>;
        try {
          payload = parsePayload(job.name, job.data);
        } catch (error) {
          // A malformed payload will not get better with retries.
          throw new UnrecoverableError(`invalid payload for ${job.name}: ${(error as Error).message}`);
        }
        return (handlers[job.name] as (p: unknown, j: Job) => Promise<unknown>)(payload, job);
      },
      {
        connection: createRedis(config.redisUrl),
        prefix: config.prefix,
        concurrency: config.concurrency,
        lockDuration: config.lockDurationMs ?? 30_000,
        // Look for jobs of dead workers twice per lock period; allow a job to
        // be recovered twice before calling it failed (ingestion resumes anyway).
        stalledInterval: Math.floor((config.lockDurationMs ?? 30_000) / 2),
        maxStalledCount: 2,
      },
    );
    // A handler's summary (what it did, where the time went) is logged with it.
    worker.on("completed", (job) =>
      log(
        `[${queue}] ${job.name} ${job.id} done${tenantOf(job)}${typeof job.returnvalue === "string" ? `: ${job.returnvalue}` : ""}`,
      ),
    );
    worker.on("failed", (job, error) => {
      log(
        `[${queue}] ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}/${job?.opts.attempts ?? 1})${job ? tenantOf(job) : ""}: ${error.message}`,
      );
      if (job) void afterFailure(job, error, failureHandlers, log);
    });
    worker.on("error", (error) => log(`[${queue}] worker error: ${error.message}`));
    return worker;
  });

  return {
    workers,
    async close(timeoutMs) {
      // close() stops taking new jobs and waits for running ones. If they
      // outlast the timeout, force-close: their locks lapse and BullMQ's
      // stalled-job check returns them to the queue for another worker.
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => false);
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref());
      const forced = await Promise.race([graceful, timeout]);
      if (forced) await Promise.all(workers.map((w) => w.close(true)));
      return { forced };
    },
  };
}

/** Runs the job's failure handler when no retry is left (BullMQ has moved it to "failed", not back to "delayed"). */
async function afterFailure(
  job: Job,
  error: Error,
  failureHandlers: FailureHandlers,
  log: (line: string) => void,
): Promise<void> {
  const handler = isJobName(job.name)
    ? (failureHandlers[job.name] as ((p: unknown, reason: string) => Promise<void>) | undefined)
    : undefined;
  if (!handler) return;
  try {
    if ((await job.getState()) !== "failed") return;
    await handler(parsePayload(job.name as JobName, job.data), error.message);
  } catch (failure) {
    // The uploads sweep is the second chance for anything this misses.
    log(`[${job.queueName}] ${job.name} ${job.id}: failure handler failed: ${(failure as Error).message}`);
  }
}

function tenantOf(job: Job): string {
  return job.data?.tenantId ? ` tenant=${job.data.tenantId}` : "";
}
