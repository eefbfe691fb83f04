// The web app's configuration, read and validated once.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().default("postgresql://localhost:5432/lantern"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Signs sessions and seals secrets in job payloads. Required in production. */
  LANTERN_SECRET: z.string().min(16, "LANTERN_SECRET must be at least 16 characters").optional(),
  /** Public URL of the dashboard (used in invitation links and to decide Secure cookies). */
  APP_URL: z.url().default("http://localhost:3000"),
  SMTP_URL: z.string().optional(),
  /** How many reverse proxies in front of Lantern append to X-Forwarded-For. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LANTERN_QUEUE_PREFIX: z.string().default("lantern"),
  /** Where uploaded files wait for the worker; must be the same directory for web and worker. */
  LANTERN_DATA_DIR: z.string().default(join(tmpdir(), "lantern-data")),
  /** New accounts one source address may create per hour (default 10; the e2e suite raises it). */
  LANTERN_SIGN_UPS_PER_HOUR: z.coerce.number().int().min(1).optional(),
  /** Largest accepted upload, in bytes (default 2 GiB). */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  NODE_ENV: z.string().default("development"),
});

export type WebEnv = z.infer<typeof ZEnv> & { LANTERN_SECRET: string };

let cached: WebEnv | undefined;

export function env(): WebEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const secret = parsed.data.LANTERN_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret)
    throw new Error(
      "LANTERN_SECRET is not set. `npm start` generates one in .lantern/secret; in production set it yourself.",
    );
  cached = { ...parsed.data, LANTERN_SECRET: secret };
  return cached;
}
