import { sharedData } from "@lantern/engine/testing/shared-data";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@lantern/db/testing";
import { JOBS } from "@lantern/jobs/catalog";
import { createJobsClient, type JobsClient } from "@lantern/jobs/client";
import { runStage } from "@lantern/services/pipeline/run-stage";
import { STAGES } from "@lantern/services/pipeline/stages";
import { unsafeAuthenticateApiToken } from "@lantern/services/tokens";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/lantern.mjs", import.meta.url));
const REAL_LOG = sharedData("real/apache-semicomplete-2015.log");
const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

// Each case spawns the CLI (tsx start-up) several times and waits for the whole pipeline: minutes on a busy 2-core machine.
describe("the lantern CLI", { timeout: 120_000 }, () => {
  let t: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let workers: Worker[];
  let jobs: JobsClient;
  const prefix = `lantern-test-${randomBytes(4).toString("hex")}`;
  const lantern = async (...argv: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...argv], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  const runWith = async (extra: NodeJS.ProcessEnv, ...argv: string[]) => {
    const saved = env;
    env = { ...env, ...extra };
    try {
      return await lantern(...argv);
    } finally {
      env = saved;
    }
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    env = {
      ...process.env,
      DATABASE_URL: t.url,
      REDIS_URL: redisUrl,
      LANTERN_QUEUE_PREFIX: prefix,
      LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), "lantern-cli-")),
    };
    // Stands in for the worker app: real BullMQ consumers running every stage of the real pipeline.
    jobs = createJobsClient({ redisUrl, prefix });
    const deps = { db: t.db, jobs, secret: "cli-test-secret-0123456789" };
    workers = STAGES.map(
      (stage) =>
        new Worker(JOBS[stage.job].queue, (job) => runStage(stage.name, deps, job.data), {
          connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
          prefix,
        }),
    );
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await jobs.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await t.drop();
  });

  it("creates a workspace, mints a token shown once, and ingests a .gz with --wait", async () => {
    const created = await lantern(
      "tenant",
      "create",
      "--name",
      "Ops Team",
      "--owner-email",
      "ops@cli.test",
      "--owner-password",
      "ops password 123",
    );
    expect(created).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("created workspace Ops Team (ops-team), owner ops@cli.test"),
    });

    const token = await lantern(
      "token",
      "create",
      "--tenant",
      "ops-team",
      "--scopes",
      "ingest,read",
      "--name",
      "fluent-bit",
    );
    expect(token.code).toBe(0);
    const secret = token.stdout.trim().split("\n").pop()!;
    expect(
      await unsafeAuthenticateApiToken(
        { db: t.db, jobs: null, config: { appUrl: "", secret: "", mailEnabled: false, dataDir: "" } },
        secret,
      ),
    ).toMatchObject({ tenantSlug: "ops-team", scopes: ["ingest", "read"] });

    const gz = join(env.LANTERN_DATA_DIR!, "access.log.gz");
    writeFileSync(gz, gzipSync(readFileSync(REAL_LOG)));
    const ingested = await lantern("ingest", gz, "--tenant", "ops-team", "--source", "apache-www", "--wait");
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toContain("access.log.gz: 9,999 events from 10,000 lines, 1 rejected (format_mismatch 1)");
    expect(ingested.stdout).toContain("format combined, readiness 45/100");
    // --wait returns once the upload is in the inventory and judged: its alerts can be read now.
    expect(ingested.stdout).toContain(
      "added to the API inventory\n  judged for abuse: alerts are ready\n  judged for posture: findings are ready",
    );
    // The progress bar went to stderr, ending at 100%.
    expect(ingested.stderr).toMatch(/access\.log\.gz \[#+\] 100%/);

    const again = await lantern("ingest", gz, "--tenant", "ops-team");
    expect(again.stdout).toMatch(/is a duplicate of upl_/);

    // --until ingest returns once the events are stored, before the inventory and detection report.
    const plain = join(env.LANTERN_DATA_DIR!, "access.log");
    writeFileSync(plain, readFileSync(REAL_LOG, "utf8").split("\n").slice(0, 500).join("\n"));
    const quick = await lantern("ingest", plain, "--tenant", "ops-team", "--wait", "--until", "ingest");
    expect(quick.stdout).toMatch(/access\.log: [\d,]+ events from 500 lines/);
    expect(quick.stdout).not.toContain("added to the API inventory");
  });

  it("simulate writes labelled traffic and its truth file, line for line", async () => {
    const out = join(env.LANTERN_DATA_DIR!, "sim.log");
    const truth = join(env.LANTERN_DATA_DIR!, "sim.truth.jsonl");
    const result = await lantern(
      "simulate",
      "--out",
      out,
      "--truth",
      truth,
      "--days",
      "2",
      "--start",
      "2026-11-01T00:00:00Z",
      "--format",
      "combined",
    );
    expect(result.code).toBe(0);

    const lines = readFileSync(out, "utf8").trim().split("\n");
    const labels = readFileSync(truth, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(labels).toHaveLength(lines.length);
    expect(result.stdout).toContain(`wrote ${lines.length.toLocaleString("en")} lines`);
    expect(new Set(labels.filter((l) => l.attack).map((l) => l.scenario))).toEqual(
      new Set(["credential-stuffing", "object-enumeration", "scraping", "stolen-key"]),
    );
  });

  it("demo creates the demo workspace once, with simulated traffic the worker ingests, and prints its login each time", async () => {
    const stateDir = join(env.LANTERN_DATA_DIR!, "state");
    const created = await runWith({ LANTERN_STATE_DIR: stateDir }, "demo");
    expect(created.code).toBe(0);
    const password = /demo@lantern\.local \/ (\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeTruthy();
    const again = await runWith({ LANTERN_STATE_DIR: stateDir }, "demo");
    expect(again.stdout).toContain(`demo@lantern.local / ${password}`);
    expect(again.stdout).not.toContain("created the demo workspace");
    const upload = async () => t.db.system.upload.findFirst({ where: { tenant: { name: "Northwind Pay (demo)" } } });
    for (let i = 0; i < 120 && (await upload())?.status !== "COMPLETED"; i++)
      await new Promise((r) => setTimeout(r, 500));
    const done = await upload();
    expect(done).toMatchObject({ status: "COMPLETED", linesRejected: 0 });
    expect(done!.linesAccepted).toBeGreaterThan(50_000);
    expect((done!.readiness as { score: number }).score).toBe(100);
    // Its decoys are declared, so the simulated scanner walks into them.
    expect((await t.db.system.tenant.findFirst({ where: { name: "Northwind Pay (demo)" } }))!.decoyPaths).toEqual([
      "/v1/admin/export",
      "/.git/*",
    ]);
  });

  it("says what is wrong, with exit code 2", async () => {
    expect(await lantern("token", "create", "--tenant", "nope")).toMatchObject({
      code: 2,
      stderr: 'lantern: No workspace with the slug "nope".\n',
    });
    expect(await lantern("ingest", "/no/such/file", "--tenant", "ops-team")).toMatchObject({
      code: 2,
      stderr: "lantern: /no/such/file: no such file\n",
    });
    expect(
      await lantern("tenant", "create", "--name", "X", "--owner-email", "bad", "--owner-password", "short"),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining("Use at least 10 characters") });
    expect(
      await lantern("ingest", "/no/such/file", "--tenant", "ops-team", "--wait", "--until", "response"),
    ).toMatchObject({ code: 2, stderr: "lantern: --until takes one of ingest, discovery, detection, posture\n" });
    expect((await lantern("frobnicate")).stderr).toContain('unknown command "frobnicate"');
    expect((await lantern("help")).stdout).toContain("lantern ingest FILE...");
  });
});
