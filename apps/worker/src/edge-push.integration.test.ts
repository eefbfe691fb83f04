// Blocks by hand reach the edge through the real queue and worker: a burst
// of blocks becomes one AWS WAF update within seconds (not at the 5-minute
// sweep), and taking an entry off is pushed the same way. The receiver
// process stands in for AWS WAF (SigV4 checked, lock tokens).
import { randomBytes } from "node:crypto";
import { createJobsClient, type JobsClient } from "@lantern/jobs/client";
import { dropTestPrefix } from "@lantern/jobs/testing";
import type { ServiceContext } from "@lantern/services/context";
import { addBlock, removeBlock } from "@lantern/services/response/block-list";
import { PUSH_WINDOW_MS } from "@lantern/services/response/edge-push";
import { createIntegration } from "@lantern/services/response/integrations";
import { type HttpReceiver, startHttpReceiver } from "@lantern/services/response/receivers.testing";
import { createTestServices, testWorkspace } from "@lantern/services/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandlers } from "./handlers/index";
import { startRuntime, type Runtime } from "./runtime";
import { until } from "./testing";

const redisUrl = process.env.LANTERN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const who = { actor: { id: "usr_test", label: "soc@edge.test" } };
const SET_ID = "b1b2c3d4-5678-90ab-cdef-0123456789ab";
const AWS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "eu-west-1",
};

describe("edge lists through the worker", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let jobs: JobsClient;
  let prefix: string;
  let runtime: Runtime;
  let receiver: HttpReceiver;
  let tenantId: string;

  beforeAll(async () => {
    prefix = `lantern-test-${randomBytes(4).toString("hex")}`;
    jobs = createJobsClient({ redisUrl, prefix, backoffScale: 0.0001 });
    ({ ctx, drop } = await createTestServices({ jobs }));
    receiver = await startHttpReceiver();
    await receiver.configure("aws", { ...AWS, sets: { [SET_ID]: { name: "lantern-block", version: "IPV4" } } });
    tenantId = await testWorkspace(ctx, "Edge worker");
    await createIntegration(
      ctx,
      tenantId,
      {
        kind: "aws_waf",
        name: "WAF",
        region: AWS.region,
        ipSetName: "lantern-block",
        ipSetId: SET_ID,
        accessKeyId: AWS.accessKeyId,
        secretAccessKey: AWS.secretAccessKey,
        endpoint: receiver.url,
      },
      who,
    );
    runtime = startRuntime(
      { redisUrl, prefix, concurrency: 2, log: () => {} },
      createHandlers({
        db: ctx.db,
        jobs,
        secret: ctx.config.secret,
        mailer: null,
        mailFrom: "Lantern <no-reply@lantern.test>",
        appUrl: "http://lantern.test",
        outbound: { allowPrivate: true },
      }),
    );
  });
  afterAll(async () => {
    await runtime.close(1000);
    await dropTestPrefix(redisUrl, prefix);
    await jobs.close();
    await receiver.stop();
    await drop();
  });

  const addresses = async () => [...((await receiver.edge("aws")).sets[SET_ID]?.addresses ?? [])].sort();
  const updates = async () =>
    ((await receiver.received("aws")) as unknown as { target: string }[]).filter(
      (c) => c.target === "AWSWAF_20190729.UpdateIPSet",
    ).length;

  it("pushes a burst of blocks by hand in one update within seconds, and a removal the same way", async () => {
    // The burst starts early in a push window, so it cannot straddle two by chance.
    while (Date.now() % PUSH_WINDOW_MS > PUSH_WINDOW_MS / 2) await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const entries = [];
    for (const value of ["203.0.113.0/25", "203.0.113.128/25", "198.51.100.7"])
      entries.push(await addBlock(ctx, tenantId, { kind: "cidr", value, reason: "stuffing" }, who));
    await until(async () => (await addresses()).length > 0, "the IP set to be pushed", 15_000);
    // The two halves are one /24; the three blocks went in one update.
    expect(await addresses()).toEqual(["198.51.100.7/32", "203.0.113.0/24"]);
    expect(await updates()).toBe(1);
    expect(Date.now() - started).toBeLessThan(12_000);

    await removeBlock(ctx, tenantId, { entryId: entries[2]!.id }, who);
    await until(async () => (await addresses()).length === 1, "the removal to be pushed", 15_000);
    expect(await addresses()).toEqual(["203.0.113.0/24"]);
  });
});
