import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@lantern/db/testing";
import { processUpload } from "@lantern/services/ingest/process-upload";
import { unsafeAuthenticateApiToken } from "@lantern/services/tokens";

const run = promisify(execFile);
const BIN = fileURLToPath(new URL("../bin/lantern.mjs", import.meta.url));
const REAL_LOG = fileURLToPath(new URL("../../../../shared/data/real/apache-semicomplete-2015.log", import.meta.url));
const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("the lantern CLI", () => {
  let t: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let worker: Worker;
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

  beforeAll(async () => {
    t = await createTestDatabase();
    env = { ...process.env, DATABASE_URL: t.url, REDIS_URL: redisUrl, LANTERN_QUEUE_PREFIX: prefix, LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), "lantern-cli-")) };
    // Stands in for the worker: a real BullMQ consumer running the real pipeline.
    worker = new Worker("ingest", async (job) => processUpload({ db: t.db, secret: "cli-test-secret-0123456789" }, job.data.tenantId, job.data.uploadId), {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      prefix,
    });
  });
  afterAll(async () => {
    await worker.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await t.drop();
  });

  it("creates a workspace, mints a token shown once, and ingests a .gz with --wait", async () => {
    const created = await lantern("tenant", "create", "--name", "Ops Team", "--owner-email", "ops@cli.test", "--owner-password", "ops password 123");
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining("created workspace Ops Team (ops-team), owner ops@cli.test") });

    const token = await lantern("token", "create", "--tenant", "ops-team", "--scopes", "ingest,read", "--name", "fluent-bit");
    expect(token.code).toBe(0);
    const secret = token.stdout.trim().split("\n").pop()!;
    expect(await unsafeAuthenticateApiToken({ db: t.db, jobs: null, config: { appUrl: "", secret: "", mailEnabled: false, dataDir: "" } }, secret)).toMatchObject({ tenantSlug: "ops-team", scopes: ["ingest", "read"] });

    const gz = join(env.LANTERN_DATA_DIR!, "access.log.gz");
    writeFileSync(gz, gzipSync(await import("node:fs").then((fs) => fs.readFileSync(REAL_LOG))));
    const ingested = await lantern("ingest", gz, "--tenant", "ops-team", "--source", "apache-www", "--wait");
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toContain("access.log.gz: 9,999 events from 10,000 lines, 1 rejected (format_mismatch 1)");
    expect(ingested.stdout).toContain("format combined, readiness 45/100");
    // The progress bar went to stderr, ending at 100%.
    expect(ingested.stderr).toMatch(/access\.log\.gz \[#+\] 100%/);

    const again = await lantern("ingest", gz, "--tenant", "ops-team");
    expect(again.stdout).toMatch(/is a duplicate of upl_/);
  });

  it("says what is wrong, with exit code 2", async () => {
    expect(await lantern("token", "create", "--tenant", "nope")).toMatchObject({ code: 2, stderr: 'lantern: No workspace with the slug "nope".\n' });
    expect(await lantern("ingest", "/no/such/file", "--tenant", "ops-team")).toMatchObject({ code: 2, stderr: "lantern: /no/such/file: no such file\n" });
    expect(await lantern("tenant", "create", "--name", "X", "--owner-email", "bad", "--owner-password", "short")).toMatchObject({ code: 2, stderr: expect.stringContaining("Use at least 10 characters") });
    expect((await lantern("frobnicate")).stderr).toContain('unknown command "frobnicate"');
    expect((await lantern("help")).stdout).toContain("lantern ingest FILE...");
  });
});
