import { sharedData } from "@lantern/engine/testing/shared-data";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransport } from "nodemailer";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { dropTestPrefix } from "@lantern/jobs/testing";
import { createJobsClient, type JobsClient } from "@lantern/jobs/client";
import { signUp } from "@lantern/services/accounts";
import { listAuditLog } from "@lantern/services/audit";
import { requestPasswordReset, resetPassword } from "@lantern/services/password-reset";
import { createInvitation } from "@lantern/services/invitations";
import { listThreatLists } from "@lantern/services/detection/threat-lists";
import { createTestServices, testMeta } from "@lantern/services/testing";
import type { ServiceContext } from "@lantern/services/context";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { createUpload, getUpload } from "@lantern/services/ingest/uploads";
import { spoolToDisk } from "@lantern/services/ingest/spool";
import { processUpload } from "@lantern/services/ingest/process-upload";
import { createHandlers } from "./handlers/index";
import type { WorkerDeps } from "./handlers/deps";
import { until } from "./testing";
import { startRuntime, type Handlers, type Runtime } from "./runtime";
import { startSmtpSink } from "./smtp-sink";

const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("background worker", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let jobs: JobsClient;
  let prefix: string;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let deps: WorkerDeps;
  const runtimes: Runtime[] = [];
  const start = (handlers: Handlers, concurrency = 2) => {
    const r = startRuntime({ redisUrl, prefix, concurrency, log: () => {} }, handlers);
    runtimes.push(r);
    return r;
  };

  beforeAll(async () => {
    prefix = `lantern-test-${randomBytes(4).toString("hex")}`;
    jobs = createJobsClient({ redisUrl, prefix, backoffScale: 0.0001 });
    ({ ctx, drop } = await createTestServices({ jobs, mailEnabled: true }));
    sink = await startSmtpSink();
    deps = {
      db: ctx.db,
      jobs,
      secret: ctx.config.secret,
      mailer: createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true }),
      mailFrom: "Lantern <no-reply@lantern.test>",
      appUrl: "http://lantern.test",
      outbound: { allowPrivate: true },
    };
  });
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close(1000)));
    await dropTestPrefix(redisUrl, prefix);
    await jobs.close();
    await sink.close();
    await drop();
  });

  it("mails an invitation once, with a working link that Redis never held in clear", async () => {
    start(createHandlers(deps));
    const { user, workspace } = await signUp(
      ctx,
      { name: "M", email: "m@mail.test", password: "m's password!!", workspaceName: "Mail" },
      testMeta,
    );
    const inv = await createInvitation(
      ctx,
      { tenantId: workspace.tenantId, userId: user.id, role: "OWNER" },
      { id: user.id, label: user.email },
      { email: "new@mail.test", role: "VIEWER" },
      testMeta,
    );
    expect(inv).toMatchObject({ mailed: true, link: null });

    const mail = await until(
      async () => sink.mails.find((m) => m.to.includes("<new@mail.test>")),
      "the invitation mail",
    );
    expect(mail.data).toContain("Subject: You are invited to Mail on Lantern");
    const link = /http:\/\/lantern\.test\/invite\/(inv_[A-Za-z0-9_-]+)/.exec(mail.data.replace(/=\r\n/g, ""))?.[1];
    expect(link).toBeTruthy();

    const redis = new Redis(redisUrl);
    const dump: string[] = [];
    for (const key of await redis.keys(`${prefix}:*`)) {
      const type = await redis.type(key);
      if (type === "hash") dump.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === "string") dump.push((await redis.get(key)) ?? "");
    }
    redis.disconnect();
    expect(dump.join("\n")).not.toContain(link!);

    // A retried or duplicated job does not mail again.
    const stored = await withTenant(ctx.db, workspace.tenantId, (tx) =>
      tx.invitation.findUniqueOrThrow({ where: { id: inv.id } }),
    );
    expect(stored.mailedAt).toBeInstanceOf(Date);
    const before = sink.mails.length;
    const jobId = await jobs.enqueue("mail.invitation", {
      tenantId: workspace.tenantId,
      invitationId: inv.id,
      sealedLink: "v1.x.y.z",
    });
    await until(async () => (await jobs.queue("mail").getJob(jobId))?.finishedOn, "the duplicate job");
    expect(sink.mails.length).toBe(before);
  });

  it("mails a password reset link once; the link sets the password and works once", async () => {
    start(createHandlers(deps));
    await signUp(
      ctx,
      { name: "R", email: "r@reset-mail.test", password: "r's old password", workspaceName: "Reset mail" },
      testMeta,
    );
    expect(await requestPasswordReset(ctx, "r@reset-mail.test")).toEqual({ mailEnabled: true });
    const mail = await until(
      async () => sink.mails.find((m) => m.to.includes("<r@reset-mail.test>")),
      "the reset mail",
    );
    expect(mail.data).toContain("Subject: Reset your Lantern password");
    const token = /http:\/\/lantern\.test\/reset\/(pwr_[A-Za-z0-9_-]+)/.exec(mail.data.replace(/=\r\n/g, ""))?.[1];
    expect(token).toBeTruthy();
    await expect(resetPassword(ctx, token!, "r's new password", testMeta)).resolves.toEqual({
      email: "r@reset-mail.test",
    });
    await expect(resetPassword(ctx, token!, "r's newer password", testMeta)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("retries a failing job with backoff, then keeps it visible to its workspace only", async () => {
    const failing = createHandlers({
      ...deps,
      mailer: {
        sendMail: async () => {
          throw new Error("SMTP said 421 try later");
        },
      },
    });
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    start(failing);
    const { user, workspace } = await signUp(
      ctx,
      { name: "F", email: "f@fail.test", password: "f's password!!", workspaceName: "Fail" },
      testMeta,
    );
    const inv = await createInvitation(
      ctx,
      { tenantId: workspace.tenantId, userId: user.id, role: "OWNER" },
      { id: user.id, label: user.email },
      { email: "x@fail.test", role: "VIEWER" },
      testMeta,
    );
    const failed = await until(
      async () => (await jobs.failedJobs(workspace.tenantId)).find((j) => j.name === "mail.invitation"),
      "the failed job",
    );
    expect(failed).toMatchObject({
      tenantId: workspace.tenantId,
      attemptsMade: 6,
      failedReason: "SMTP said 421 try later",
    });
    const job = await jobs.queue("mail").getJob(failed.id);
    expect(job?.data.invitationId).toBe(inv.id);
    const other = await signUp(
      ctx,
      { name: "O", email: "o@other.test", password: "o's password!!", workspaceName: "Other" },
      testMeta,
    );
    expect(await jobs.failedJobs(other.workspace.tenantId)).toEqual([]);
  });

  it("rejects a malformed payload at once instead of retrying it", async () => {
    const queue = new Queue("maintenance", { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix });
    const job = await queue.add("audit.prune", { tenantId: "not-a-workspace" }, { attempts: 5 });
    const done = await until(async () => {
      const current = await queue.getJob(job.id!);
      return current?.finishedOn ? current : null;
    }, "the bad job");
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/invalid payload for audit.prune/);
    await expect(jobs.enqueue("audit.prune", { tenantId: "nope" } as never)).rejects.toThrow(
      /tenantId must be a workspace id/,
    );
    await queue.close();
  });

  it("on shutdown, lets a running job finish before exiting", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    let finished = false;
    const slow = {
      ...createHandlers(deps),
      "audit.prune": async () => {
        await new Promise((r) => setTimeout(r, 1500));
        finished = true;
        return "slow done";
      },
    };
    const runtime = start(slow);
    const { workspace } = await signUp(
      ctx,
      { name: "S", email: "s@slow.test", password: "s's password!!", workspaceName: "Slow" },
      testMeta,
    );
    const jobId = await jobs.enqueue("audit.prune", { tenantId: workspace.tenantId });
    await until(async () => (await jobs.queue("maintenance").getJob(jobId))?.processedOn, "the job to start");
    const { forced } = await runtime.close(10_000);
    expect(forced).toBe(false);
    expect(finished).toBe(true);
    expect(await (await jobs.queue("maintenance").getJob(jobId))?.getState()).toBe("completed");
  });

  it("the daily retention sweep prunes each workspace's old audit entries, and running it twice adds nothing", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    start(createHandlers(deps));
    const { workspace } = await signUp(
      ctx,
      { name: "R", email: "r@ret.test", password: "r's password!!", workspaceName: "Retention" },
      testMeta,
    );
    await withTenant(ctx.db, workspace.tenantId, (tx) =>
      tx.auditLog.create({
        data: {
          id: newId("audit"),
          tenantId: workspace.tenantId,
          actorLabel: "old",
          action: "auth.sign_in",
          createdAt: new Date(Date.now() - 400 * 86_400_000),
        },
      }),
    );
    const sweep1 = await jobs.enqueue("system.retention-sweep", {});
    const sweep2 = await jobs.enqueue("system.retention-sweep", {});
    for (const id of [sweep1, sweep2])
      await until(async () => (await jobs.queue("maintenance").getJob(id))?.finishedOn, "the sweep");
    await until(
      async () => (await listAuditLog(ctx, workspace.tenantId, {})).entries.every((e) => e.actorLabel !== "old"),
      "the prune",
    );
    const entries = (await listAuditLog(ctx, workspace.tenantId, {})).entries;
    expect(entries.map((e) => e.action)).toEqual(["workspace.created"]);
    const pruneJobs = (await jobs.queue("maintenance").getJobs(["completed", "waiting", "active"])).filter(
      (j) => j.name === "audit.prune" && j.data.tenantId === workspace.tenantId,
    );
    expect(pruneJobs).toHaveLength(1);
  });

  it("the hourly threat-list sweep fetches each workspace's URL lists again, and refuses one whose name now points inside", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    start(createHandlers(deps));
    const { workspace } = await signUp(
      ctx,
      { name: "L", email: "l@lists.test", password: "l's password!!", workspaceName: "Lists" },
      testMeta,
    );
    // Imported when the address was public; it now answers from the private network (what DNS rebinding would do).
    await withTenant(ctx.db, workspace.tenantId, (tx) =>
      tx.threatList.create({
        data: {
          id: newId("threatList"),
          tenantId: workspace.tenantId,
          name: "Rebound",
          source: "https://10.0.0.5/drop.txt",
          entries: ["45.146.164.0/22"],
        },
      }),
    );
    const sweep = await jobs.enqueue("system.threat-lists-sweep", {});
    await until(async () => (await jobs.queue("maintenance").getJob(sweep))?.finishedOn, "the sweep");
    const list = await until(
      async () => (await listThreatLists(ctx, workspace.tenantId)).find((l) => l.refreshError),
      "the refresh",
    );
    expect(list).toMatchObject({ name: "Rebound", entries: 1 });
    expect(list.refreshError).toMatch(/UTC: 10\.0\.0\.5 resolves to a private or local address/);
  });

  it("workspaces take turns: a small upload queued behind a big one from another workspace finishes first", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    const big = await signUp(
      ctx,
      { name: "B", email: "big@turns.test", password: "big's password!", workspaceName: "Big" },
      testMeta,
    );
    const small = await signUp(
      ctx,
      { name: "S", email: "small@turns.test", password: "small password!", workspaceName: "Small" },
      testMeta,
    );
    const upload = async (tenantId: string, text: string) => {
      const file = await spoolToDisk(Readable.from([Buffer.from(text)]), ctx.config.dataDir, tenantId, 1e9);
      return createUpload(ctx, tenantId, { source: "t", fileName: "f.log", via: "api" }, file);
    };
    const log = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8");
    const bigUpload = await upload(big.workspace.tenantId, log + log + log);
    const smallUpload = await upload(small.workspace.tenantId, readFileSync(sharedData("formats/aws-alb.log"), "utf8"));
    // One worker slot, small turns: without turns the small upload would wait for all 30,000 lines.
    start(createHandlers({ ...deps, ingestSliceLines: 2_000 }), 1);
    const done = async (tenantId: string, id: string) => {
      const u = await getUpload(ctx, tenantId, id);
      return u.status === "COMPLETED" ? u : null;
    };
    const smallDone = await until(() => done(small.workspace.tenantId, smallUpload.id), "the small upload", 30_000);
    const bigAtThatMoment = await getUpload(ctx, big.workspace.tenantId, bigUpload.id);
    expect(bigAtThatMoment.status).toBe("PROCESSING");
    expect(bigAtThatMoment.linesRead).toBeLessThan(30_000);
    expect(smallDone.linesAccepted).toBe(7);
    const bigDone = await until(() => done(big.workspace.tenantId, bigUpload.id), "the big upload", 60_000);
    expect(bigDone).toMatchObject({ linesRead: 30_000, linesAccepted: 29_997, linesRejected: 3 });
  });

  it("a completed upload reaches the API inventory: the ingest job queues discovery, which marks the upload", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    start(createHandlers(deps));
    const { workspace } = await signUp(
      ctx,
      { name: "I", email: "i@inventory.test", password: "inventory password", workspaceName: "Inventory" },
      testMeta,
    );
    const lines = readFileSync(sharedData("formats/aws-alb.log"), "utf8");
    const file = await spoolToDisk(Readable.from([Buffer.from(lines)]), ctx.config.dataDir, workspace.tenantId, 1e9);
    const upload = await createUpload(
      ctx,
      workspace.tenantId,
      { source: "alb", fileName: "alb.log", via: "api" },
      file,
    );
    await jobs.enqueue(
      "ingest.process-upload",
      { tenantId: workspace.tenantId, uploadId: upload.id },
      { jobId: `ingest-${upload.id}` },
    );
    const endpoints = await until(async () => {
      const rows = await withTenant(ctx.db, workspace.tenantId, (tx) =>
        tx.apiEndpoint.findMany({ include: { service: true } }),
      );
      return rows.length ? rows : null;
    }, "the inventory");
    expect(endpoints.map((e) => `${e.method} ${e.service.host}${e.template}`).sort()).toContain("GET www.example.com/");
    const marked = await withTenant(ctx.db, workspace.tenantId, (tx) =>
      tx.upload.findUniqueOrThrow({ where: { id: upload.id } }),
    );
    expect(marked.discoveredAt).not.toBeNull();
    // Then discovery queues detection, which gives the upload's callers their actors and marks it judged.
    const judged = await until(async () => {
      const u = await withTenant(ctx.db, workspace.tenantId, (tx) =>
        tx.upload.findUniqueOrThrow({ where: { id: upload.id } }),
      );
      return u.detectedAt ? u : null;
    }, "detection");
    expect(judged.detectedLine).toBe(marked.linesRead);
    const actors = await withTenant(ctx.db, workspace.tenantId, (tx) => tx.actor.findMany({ orderBy: { key: "asc" } }));
    expect(actors.reduce((n, a) => n + Number(a.calls), 0)).toBe(marked.linesAccepted);
  });

  it("discovery takes turns as well: a small upload's discovery queued behind a big one's from another workspace finishes first", async () => {
    await Promise.all(runtimes.splice(0).map((r) => r.close(1000)));
    const big = (
      await signUp(
        ctx,
        { name: "B", email: "big@parts.test", password: "big's password!", workspaceName: "Big parts" },
        testMeta,
      )
    ).workspace.tenantId;
    const small = (
      await signUp(
        ctx,
        { name: "S", email: "small@parts.test", password: "small password!", workspaceName: "Small parts" },
        testMeta,
      )
    ).workspace.tenantId;
    const ingested = async (tenantId: string, text: string) => {
      const file = await spoolToDisk(Readable.from([Buffer.from(text)]), ctx.config.dataDir, tenantId, 1e9);
      const upload = await createUpload(ctx, tenantId, { source: "t", fileName: "f.log", via: "api" }, file);
      await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenantId, upload.id);
      return upload.id;
    };
    const log = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8");
    const bigId = await ingested(big, log + log + log);
    const smallId = await ingested(small, readFileSync(sharedData("formats/aws-alb.log"), "utf8"));
    await jobs.enqueue("discovery.update-upload", { tenantId: big, uploadId: bigId }, { jobId: `discover-${bigId}` });
    await jobs.enqueue(
      "discovery.update-upload",
      { tenantId: small, uploadId: smallId },
      { jobId: `discover-${smallId}` },
    );
    // One worker slot, parts of 5,000 events: without turns the small one would wait for all 29,997 events.
    start(createHandlers({ ...deps, partEvents: 5_000 }), 1);
    const discovered = async (tenantId: string, id: string) => {
      const u = await getUpload(ctx, tenantId, id);
      return u.discoveredAt ? u : null;
    };
    await until(() => discovered(small, smallId), "the small upload's discovery", 30_000);
    const bigAtThatMoment = await getUpload(ctx, big, bigId);
    expect(bigAtThatMoment.discoveredAt).toBeNull();
    expect(bigAtThatMoment.discoveredLine).toBeGreaterThanOrEqual(5_000);
    expect(bigAtThatMoment.discoveredLine).toBeLessThan(30_000);
    const bigDone = await until(() => discovered(big, bigId), "the big upload's discovery", 60_000);
    expect(bigDone).toMatchObject({ discoveredLine: 30_000, discovery: 1 });
    // The big one went back to the queue after a part (its job may still be finishing when the upload is marked).
    const requeued = await until(async () => {
      const jobsOfBig = (await jobs.queue("discovery").getJobs(["completed"])).filter((j) =>
        j.id?.startsWith(`discover-${bigId}-`),
      );
      return jobsOfBig.length ? jobsOfBig : null;
    }, "the big upload's requeued discovery job");
    expect(requeued.length).toBeGreaterThan(0);
  });
});
