// No upload is ever stuck: one whose job gives up is failed with the reason,
// one whose job vanished is found by the sweep and queued again (or failed).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { dropTestPrefix } from "@lantern/jobs/testing";
import { createJobsClient, type JobsClient } from "@lantern/jobs/client";
import { signUp } from "@lantern/services/accounts";
import type { ServiceContext } from "@lantern/services/context";
import { processUpload } from "@lantern/services/ingest/process-upload";
import { spoolToDisk } from "@lantern/services/ingest/spool";
import { createUpload, getUpload } from "@lantern/services/ingest/uploads";
import { createTestServices, testMeta } from "@lantern/services/testing";
import type { WorkerDeps } from "./handlers/deps";
import { createFailureHandlers, createHandlers } from "./handlers/index";
import { until } from "./testing";
import { startRuntime, type Handlers, type Runtime } from "./runtime";

const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const LOG = readFileSync(sharedData("real/apache-semicomplete-2015.log"));

describe("stopped uploads", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let jobs: JobsClient;
  let deps: WorkerDeps;
  let tenantId: string;
  const prefix = `lantern-test-${randomBytes(4).toString("hex")}`;
  const runtimes: Runtime[] = [];
  const start = async (handlers: Handlers) => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    runtimes.push(
      startRuntime({ redisUrl, prefix, concurrency: 1, log: () => {} }, handlers, createFailureHandlers(deps)),
    );
  };
  /** An upload recorded and spooled but not queued: what a lost job leaves behind. */
  const recorded = async (content: Buffer) => {
    const file = await spoolToDisk(Readable.from([content]), ctx.config.dataDir, tenantId, 1e9);
    const noQueue = { ...ctx, jobs: null };
    return createUpload(noQueue, tenantId, { source: "t", fileName: "access.log", via: "api" }, file);
  };
  const storagePath = async (id: string) =>
    (await ctx.db.system.upload.findUniqueOrThrow({ where: { id }, select: { storagePath: true } })).storagePath;
  const eventCount = async (uploadId: string) =>
    Number(
      (
        await withTenant(
          ctx.db,
          tenantId,
          (tx) =>
            tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM telemetry.events WHERE upload_id = ${uploadId}`,
        )
      )[0]!.n,
    );
  const backdate = (id: string, minutes: number) =>
    ctx.db.system.upload.update({
      where: { id },
      data: { createdAt: new Date(Date.now() - minutes * 60_000), progressAt: null },
    });
  const sweep = async () => {
    const id = await jobs.enqueue("system.uploads-sweep", {});
    const job = await until(async () => {
      const j = await jobs.queue("maintenance").getJob(id);
      return j?.finishedOn ? j : null;
    }, "the sweep");
    return job.returnvalue as string;
  };

  beforeAll(async () => {
    jobs = createJobsClient({ redisUrl, prefix, backoffScale: 0.0001 });
    ({ ctx, drop } = await createTestServices({ jobs }));
    deps = {
      db: ctx.db,
      jobs,
      secret: ctx.config.secret,
      mailer: null,
      mailFrom: "x@lantern.test",
      appUrl: "http://lantern.test",
      outbound: { allowPrivate: true },
      lockDurationMs: 1_000,
    };
    tenantId = (
      await signUp(
        ctx,
        { name: "S", email: "s@stopped.test", password: "stopped password", workspaceName: "Stopped" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close(1000)));
    await dropTestPrefix(redisUrl, prefix);
    await jobs.close();
    await drop();
  });

  it("an upload whose ingestion fails every retry ends FAILED with the reason, keeps its committed lines, loses its file and frees its slot", async () => {
    // Each attempt commits one batch, then the database "goes away".
    const failing: Handlers = {
      ...createHandlers(deps),
      "ingest.process-upload": async (payload) => {
        await processUpload(
          {
            db: ctx.db,
            secret: ctx.config.secret,
            batchLines: 1_000,
            afterCommit: () => {
              throw new Error("connection to Postgres lost");
            },
          },
          payload.tenantId,
          payload.uploadId,
        );
      },
    };
    await start(failing);
    const file = await spoolToDisk(Readable.from([LOG]), ctx.config.dataDir, tenantId, 1e9);
    const upload = await createUpload(ctx, tenantId, { source: "t", fileName: "failing.log", via: "api" }, file);
    const failed = await until(async () => {
      const u = await getUpload(ctx, tenantId, upload.id);
      return u.status === "FAILED" ? u : null;
    }, "the upload to fail");
    // Five attempts, one committed batch of 1,000 lines each.
    expect(failed.linesRead).toBe(5_000);
    expect(failed.error).toBe(
      "Processing stopped: connection to Postgres lost. The first 5,000 lines were read and their 5,000 events kept.",
    );
    expect(await eventCount(upload.id)).toBe(5_000);
    // failUpload removes the file just after it commits FAILED: wait for it rather than race it.
    await until(async () => (existsSync(file.path) ? null : true), "the spooled file to be removed");
    expect(existsSync(file.path)).toBe(false);
    const pending = await ctx.db.system.upload.count({
      where: { tenantId, status: { in: ["RECEIVED", "PROCESSING"] } },
    });
    expect(pending).toBe(0);
  });

  it("the sweep queues again an upload whose job vanished, and it completes from where it stopped", async () => {
    await start(createHandlers(deps));
    const upload = await recorded(LOG);
    // Half done by a worker that then lost its job (Redis restarted without its data, say).
    await processUpload(
      { db: ctx.db, secret: ctx.config.secret, batchLines: 1_000, sliceLines: 4_000 },
      tenantId,
      upload.id,
    );
    expect((await getUpload(ctx, tenantId, upload.id)).linesRead).toBe(4_000);
    await backdate(upload.id, 10);
    expect(await sweep()).toBe("stopped uploads: 1 queued again, 0 failed");
    const done = await until(async () => {
      const u = await getUpload(ctx, tenantId, upload.id);
      return u.status === "COMPLETED" ? u : null;
    }, "the upload to complete");
    expect(done).toMatchObject({ linesRead: 10_000, linesAccepted: 9_999 });
    expect(await eventCount(upload.id)).toBe(9_999);
  });

  it("the sweep leaves alone an upload that is waiting its turn, and fails one that stopped too often or lost its file", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    // No worker runs now: a queued upload just waits.
    const waiting = await recorded(Buffer.concat([LOG, Buffer.from("\n# waiting\n")]));
    await jobs.enqueue("ingest.process-upload", { tenantId, uploadId: waiting.id }, { jobId: `ingest-${waiting.id}` });
    const tooOften = await recorded(Buffer.concat([LOG, Buffer.from("\n# too often\n")]));
    await ctx.db.system.upload.update({ where: { id: tooOften.id }, data: { recoveries: 2 } });
    const fileGone = await recorded(Buffer.concat([LOG, Buffer.from("\n# file gone\n")]));
    rmSync(await storagePath(fileGone.id));
    const paths = { tooOften: await storagePath(tooOften.id) };
    for (const u of [waiting, tooOften, fileGone]) await backdate(u.id, 10);

    await start(createHandlers(deps));
    // The worker may take the waiting upload meanwhile; the sweep must not count it either way.
    expect(await sweep()).toBe("stopped uploads: 0 queued again, 2 failed");
    expect(await getUpload(ctx, tenantId, tooOften.id)).toMatchObject({
      status: "FAILED",
      error: "Processing stopped: its ingestion stopped 3 times without finishing.",
    });
    expect(existsSync(paths.tooOften)).toBe(false);
    expect(await getUpload(ctx, tenantId, fileGone.id)).toMatchObject({
      status: "FAILED",
      error: "Processing stopped: the uploaded file is no longer on the server (upload it again).",
    });
    await until(async () => (await getUpload(ctx, tenantId, waiting.id)).status === "COMPLETED", "the waiting upload");
    // Running the sweep again changes nothing.
    expect(await sweep()).toBe("stopped uploads: 0 queued again, 0 failed");
  });
});
