// The CLI's configuration: the same variables as web and worker.
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export const ZCliEnv = z.object({
  DATABASE_URL: z.string().default("postgresql://localhost:5432/lantern"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  LANTERN_QUEUE_PREFIX: z.string().default("lantern"),
  // The directory `npm start` gives web and worker, so the worker finds the files.
  LANTERN_DATA_DIR: z.string().default(`${repoRoot}.lantern/data`),
  /** Where `npm start` keeps its generated secret and the demo password. */
  LANTERN_STATE_DIR: z.string().default(`${repoRoot}.lantern`),
  LANTERN_SECRET: z.string().optional(),
  APP_URL: z.string().default("http://localhost:3000"),
});
export type CliEnv = z.infer<typeof ZCliEnv>;
