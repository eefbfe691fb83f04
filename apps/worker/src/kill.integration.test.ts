// The worker process is killed with SIGKILL in the middle of a file; a new
// worker picks the job up and the upload ends with every line exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { createJobsClient, type JobsClient } from "@lantern/jobs/client";
import { signUp } from "@lantern/services/accounts";
import type { ServiceContext } from "@lantern/services/context";
import { spoolToDisk } from "@lantern/services/ingest/spool";
import { createUpload, getUpload } from "@lantern/services/ingest/uploads";
import { createTestServices, testMeta } from "@lantern/services/testing";

const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const WORKER_DIR = fileURLToPath(new URL("..", import.meta.url));
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("a worker killed mid-file", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let jobs: JobsClient;
  let url: string;
  const prefix = `lantern-test-${randomBytes(4).toString("hex")}`;
  const children: ChildProcess[] = [];

  const startWorker = () => {
    // Node itself, not the tsx CLI: the tsx CLI runs the program in a child
    // process, which a SIGKILL to the CLI would leave running as an orphan.
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      cwd: WORKER_DIR,
      env: {
        ...process.env,
        DATABASE_URL: url,
        REDIS_URL: redisUrl,
        LANTERN_QUEUE_PREFIX: prefix,
        LANTERN_SECRET: "kill-test-secret-0123456789",
        WORKER_PORT: "0",
        WORKER_LOCK_DURATION_MS: "2000",
        WORKER_CONCURRENCY: "1",
      },
      stdio: "ignore",
    });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    jobs = createJobsClient({ redisUrl, prefix });
    const services = await createTestServices({ jobs });
    ({ ctx, drop } = services);
    url = services.database.url;
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await jobs.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await drop();
  });

  it("loses no line and writes none twice", async () => {
    const { workspace } = await signUp(
      ctx,
      { name: "K", email: "k@kill.test", password: "kill password!", workspaceName: "Kill" },
      testMeta,
    );
    const log = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8");
    // 20 copies: 200,000 lines, 20 of them the truncated line.
    const file = await spoolToDisk(
      Readable.from(Array.from({ length: 20 }, () => Buffer.from(log))),
      ctx.config.dataDir,
      workspace.tenantId,
      1e10,
    );
    const upload = await createUpload(ctx, workspace.tenantId, { source: "t", fileName: "big.log", via: "api" }, file);
    const view = () => getUpload(ctx, workspace.tenantId, upload.id);

    const first = startWorker();
    // Wait until some batches are committed, then kill without warning.
    for (let i = 0; i < 600 && (await view()).linesRead < 20_000; i++) await new Promise((r) => setTimeout(r, 100));
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const atKill = await view();
    expect(atKill.status).toBe("PROCESSING");
    expect(atKill.linesRead).toBeGreaterThanOrEqual(20_000);
    expect(atKill.linesRead).toBeLessThan(200_000);
    // Nothing goes on after the kill: no process is left working on the file.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await view()).linesRead).toBe(atKill.linesRead);

    startWorker();
    let done = await view();
    for (let i = 0; i < 1_200 && done.status !== "COMPLETED"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      done = await view();
    }
    expect(done).toMatchObject({ status: "COMPLETED", linesRead: 200_000, linesAccepted: 199_980, linesRejected: 20 });
    const [counts] = await withTenant(
      ctx.db,
      workspace.tenantId,
      (tx) =>
        tx.$queryRaw<
          { n: bigint; lines: bigint }[]
        >`SELECT count(*) AS n, count(DISTINCT line_no) AS lines FROM telemetry.events WHERE upload_id = ${upload.id}`,
    );
    expect({ n: Number(counts!.n), lines: Number(counts!.lines) }).toEqual({ n: 199_980, lines: 199_980 });
  }, 150_000);
});
