// Enqueueing and inspecting jobs. The web app and the CLI use this; only the
// worker consumes queues.
import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { JOBS, QUEUES, parsePayload, type JobName, type JobPayload, type QueueName } from "./catalog";

export type JobsConfig = {
  redisUrl: string;
  prefix?: string;
  /** Multiplies retry delays; tests pass a small number to see retries in milliseconds. */
  backoffScale?: number;
};

export type FailedJob = {
  id: string;
  name: string;
  tenantId: string | null;
  failedReason: string;
  attemptsMade: number;
  failedAt: Date | null;
};

export const DEFAULT_PREFIX = "lantern";

export function jobOptions(name: JobName, backoffScale = 1): JobsOptions {
  const spec = JOBS[name];
  return {
    attempts: spec.attempts,
    backoff: { type: "exponential", delay: Math.max(1, Math.round(spec.backoffMs * backoffScale)) },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    // Failed jobs are kept (30 days) so people can see what went wrong.
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export function createRedis(redisUrl: string): Redis {
  // BullMQ requires maxRetriesPerRequest: null for blocking connections.
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

export type JobsClient = ReturnType<typeof createJobsClient>;

export function createJobsClient(config: JobsConfig) {
  const connection = createRedis(config.redisUrl);
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix });
      queues.set(name, q);
    }
    return q;
  };

  return {
    prefix,
    queue,
    /**
     * Validates the payload against the catalog, then enqueues with the job's
     * retry policy. A job id already queued (or kept after it ran) adds nothing.
     */
    async enqueue<N extends JobName>(
      name: N,
      payload: JobPayload<N>,
      options: { jobId?: string; delayMs?: number } = {},
    ) {
      const data = parsePayload(name, payload);
      const job = await queue(JOBS[name].queue).add(name, data, {
        ...jobOptions(name, config.backoffScale),
        jobId: options.jobId,
        delay: options.delayMs,
      });
      return job.id!;
    },
    /** Failed jobs, newest first; with a tenantId, only that workspace's. */
    async failedJobs(tenantId?: string, limit = 50): Promise<FailedJob[]> {
      const all = await Promise.all(QUEUES.map((q) => queue(q).getFailed(0, 500)));
      return all
        .flat()
        .filter((job) => !tenantId || job.data?.tenantId === tenantId)
        .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
        .slice(0, limit)
        .map((job) => ({
          id: job.id!,
          name: job.name,
          tenantId: job.data?.tenantId ?? null,
          failedReason: job.failedReason,
          attemptsMade: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
        }));
    },
    async counts() {
      const entries = await Promise.all(
        QUEUES.map(
          async (q) => [q, await queue(q).getJobCounts("waiting", "active", "delayed", "failed", "completed")] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}
