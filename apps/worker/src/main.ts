// The worker process: consumes every queue, runs the schedules, serves /health.
import { createTransport } from "nodemailer";
import { createDb } from "@lantern/db/client";
import { SCHEDULES, JOBS } from "@lantern/jobs/catalog";
import { createJobsClient, jobOptions } from "@lantern/jobs/client";
import { loadEnv } from "./env";
import type { WorkerDeps } from "./handlers/deps";
import { createFailureHandlers, createHandlers } from "./handlers/index";
import { startHealthServer } from "./health";
import { holdHeapGrowth } from "./heap";
import { startRuntime } from "./runtime";

holdHeapGrowth();
const env = loadEnv();
const db = createDb({ databaseUrl: env.DATABASE_URL });
const jobs = createJobsClient({ redisUrl: env.REDIS_URL, prefix: env.LANTERN_QUEUE_PREFIX });
const mailer = env.SMTP_URL ? createTransport(env.SMTP_URL) : null;

const readLimits = {
  maxLines: env.LANTERN_MAX_UPLOAD_LINES,
  maxExpandedBytes: env.LANTERN_MAX_EXPANDED_BYTES,
  maxExpansionRatio: env.LANTERN_MAX_EXPANSION_RATIO,
};
const deps: WorkerDeps = {
  db,
  jobs,
  secret: env.LANTERN_SECRET,
  mailer,
  mailFrom: env.MAIL_FROM,
  appUrl: env.APP_URL,
  outbound: { allowPrivate: env.LANTERN_OUTBOUND_ALLOW_PRIVATE === "1" },
  lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  // Unset limits are left out, so the defaults apply.
  readLimits: Object.fromEntries(Object.entries(readLimits).filter(([, v]) => v !== undefined)),
};
const runtime = startRuntime(
  {
    redisUrl: env.REDIS_URL,
    prefix: env.LANTERN_QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
  },
  createHandlers(deps),
  createFailureHandlers(deps),
);

// Upserting is idempotent, so every worker start may do it.
for (const schedule of SCHEDULES) {
  await jobs
    .queue(JOBS[schedule.job].queue)
    .upsertJobScheduler(
      schedule.id,
      { pattern: schedule.cron, tz: "UTC" },
      { name: schedule.job, data: {}, opts: jobOptions(schedule.job) },
    );
}

let shuttingDown = false;
const health = startHealthServer(env.WORKER_PORT, { db, jobs, isShuttingDown: () => shuttingDown });
console.log(
  `worker ready: queues ${runtime.workers.map((w) => w.name).join(", ")}; mail ${mailer ? "on" : "off (no SMTP_URL)"}; health on :${env.WORKER_PORT}/health`,
);

async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: finishing running jobs (up to ${env.WORKER_SHUTDOWN_TIMEOUT_MS} ms)…`);
  const { forced } = await runtime.close(env.WORKER_SHUTDOWN_TIMEOUT_MS);
  console.log(forced ? "time is up: unfinished jobs go back to the queue" : "all running jobs finished");
  health.close();
  await jobs.close();
  await db.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
