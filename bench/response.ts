// Response benchmark (response issue): how long after detection ends an
// alert reaches a signed webhook, and its block reaches the nginx include a
// gateway pulls (goal: both under 5 s).
//
// A workspace with an AUTO policy (attacks and suspicious, medium or worse: block the caller
// and its addresses, notify a webhook) takes a simulated upload with the
// labelled attacks. The worker runs as in production (its own process); the
// webhook is the test receiver process, verifying signatures; the include
// is read as a gateway would, polled every 100 ms. Times are measured from
// the upload's detectedAt (detection's end, stamped by the database) to the
// first signed alert the receiver got and to the first poll whose include
// holds a policy's block. The reference, in the same run: the same upload's
// detection time (completedAt → detectedAt), so the ratio says how the
// response path compares with the detection it follows.
//   npx tsx bench/response.ts [lines]
import { createDb } from "@lantern/db/client";
import { readFeed } from "@lantern/services/response/feeds";
import { createIntegration } from "@lantern/services/response/integrations";
import { createPolicy, setPolicyEnabled } from "@lantern/services/response/policies";
import { dryRunPolicy } from "@lantern/services/response/policy-dry-run";
import { startHttpReceiver } from "@lantern/services/response/receivers.testing";
import { SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulatedLogFile } from "./lib/sim-file";
import { startStack } from "./lib/stack";

const LINES = Number(process.argv[2] ?? 100_000);
const RUNS = 3;

process.env.LANTERN_OUTBOUND_ALLOW_PRIVATE = "1";
const stack = await startStack();
const receiver = await startHttpReceiver();
const db = createDb({ databaseUrl: stack.env.DATABASE_URL! });
const ctx = {
  db,
  jobs: null,
  config: { appUrl: "http://bench.lantern", secret: stack.env.LANTERN_SECRET!, mailEnabled: false, dataDir: "/tmp" },
};
const who = { actor: { id: "bench", label: "bench@lantern" } };
try {
  for (let run = 1; run <= RUNS; run++) {
    const name = `Response ${run}`;
    stack.lantern([
      "tenant",
      "create",
      "--name",
      name,
      "--owner-email",
      `r${run}@bench.example`,
      "--owner-password",
      "bench-password-1",
    ]);
    const tenantId = stack.psql(`SELECT id FROM tenants WHERE name = '${name}'`);
    const slug = stack.psql(`SELECT slug FROM tenants WHERE id = '${tenantId}'`);
    const path = `/hook-${run}`;
    const hook = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "SOAR", url: `${receiver.url}${path}` },
      who,
    );
    await receiver.configure(path, { webhookSecret: hook.signingSecret });
    const policy = await createPolicy(
      ctx,
      tenantId,
      {
        name: "Block attacks",
        trigger: { verdicts: ["ATTACK", "SUSPICIOUS"], minSeverity: "MEDIUM" },
        actions: { notify: [hook.integration.id], block: { list: "BLOCK", targets: "both" } },
        mode: "AUTO",
        blockHours: 24,
      },
      who,
    );
    await dryRunPolicy(ctx, tenantId, { policyId: policy.id }, who);
    await setPolicyEnabled(ctx, tenantId, { policyId: policy.id, enabled: true }, who);

    const file = await simulatedLogFile("nginx", { lines: LINES }, run * LINES);
    stack.lantern([
      "ingest",
      file,
      "--tenant",
      slug,
      "--format",
      "nginx",
      "--log-format",
      SIM_NGINX_FORMAT,
      "--until",
      "ingest",
      "--wait",
    ]);
    // The include as a gateway pulls it, until it holds a policy's block.
    let includeAt = 0;
    for (let i = 0; i < 600 && !includeAt; i++) {
      const feed = await readFeed(ctx, tenantId, { format: "nginx", list: "block" });
      if (/\d+\.\d+\.\d+\.\d+\/\d+\s+1;/.test(feed.body)) includeAt = Date.now();
      else await new Promise((r) => setTimeout(r, 100));
    }
    let webhookAt = 0;
    for (let i = 0; i < 600 && !webhookAt; i++) {
      const got = (await receiver.received(path)).find((r) => r.verified && JSON.parse(r.body).type === "alert.raised");
      if (got) webhookAt = got.at;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const [detectedAt, detection] = stack
      .psql(
        `SELECT extract(epoch FROM "detectedAt") * 1000 || ' ' || extract(epoch FROM "detectedAt" - "completedAt") FROM uploads WHERE "tenantId" = '${tenantId}'`,
      )
      .split(" ")
      .map(Number) as [number, number];
    const counts = stack.psql(
      `SELECT (SELECT count(*) FROM alerts WHERE "tenantId" = '${tenantId}') || ' alerts, ' || (SELECT count(*) FROM policy_matches WHERE "tenantId" = '${tenantId}') || ' acted on, ' || (SELECT count(*) FROM block_entries WHERE "tenantId" = '${tenantId}') || ' block entries, ' || (SELECT count(*) FROM deliveries WHERE "tenantId" = '${tenantId}' AND status = 'DELIVERED') || ' deliveries delivered'`,
    );
    const toWebhook = (webhookAt - detectedAt) / 1000;
    const toInclude = (includeAt - detectedAt) / 1000;
    console.log(
      `run ${run}, ${LINES.toLocaleString("en")} lines: detection ${detection.toFixed(2)} s; after it, signed webhook ${webhookAt ? `${toWebhook.toFixed(2)} s` : "never"}, nginx include ${includeAt ? `${toInclude.toFixed(2)} s` : "never"} (goal < 5 s); ratios to detection ${(toWebhook / detection).toFixed(2)} / ${(toInclude / detection).toFixed(2)}; ${counts}`,
    );
  }
} finally {
  await receiver.stop();
  await db.close();
  await stack.stop();
}
