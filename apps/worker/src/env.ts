// The worker's configuration, read and validated once at start-up.
import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().default("postgresql://localhost:5432/lantern"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  LANTERN_SECRET: z.string().min(16, "LANTERN_SECRET must be at least 16 characters"),
  APP_URL: z.url().default("http://localhost:3000"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Lantern <no-reply@lantern.local>"),
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How long SIGTERM waits for running jobs before handing them back to the queue. */
  WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000),
  /**
   * How long a job's lock lasts without renewal. If a worker dies, its jobs
   * go back to the queue after about this long.
   */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(30_000),
  LANTERN_QUEUE_PREFIX: z.string().default("lantern"),
  /** "1": integrations may be on loopback and private networks (a self-hosted SIEM); link-local never. */
  LANTERN_OUTBOUND_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
  /** Read limits per upload (see services/ingest/read-limits.ts); unset means the defaults there. */
  LANTERN_MAX_UPLOAD_LINES: z.coerce.number().int().min(1).optional(),
  LANTERN_MAX_EXPANDED_BYTES: z.coerce.number().int().min(1).optional(),
  LANTERN_MAX_EXPANSION_RATIO: z.coerce.number().min(1).optional(),
});

export type WorkerEnv = z.infer<typeof ZEnv>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = ZEnv.safeParse({ ...source, LANTERN_SECRET: source.LANTERN_SECRET ?? source.NEXTAUTH_SECRET });
  if (!parsed.success) {
    throw new Error(
      `Invalid worker configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
