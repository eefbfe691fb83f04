// Detection benchmarks (detection issue).
//
// Cold start (goal: 1,000,000 events under 60 s on this machine): simulated
// traffic in the rich nginx format (users, partners, internal services, the
// labelled attacks) ingested with `lantern ingest --wait` into a fresh
// workspace; the worker discovers it, then judges it. Time = the upload's
// detectedAt minus its discoveredAt (the detection job: actors, links,
// hours, baselines, detectors, alerts), beside discovery's time.
//   npx tsx bench/detection.ts [lines]
//
// A batch into history (goal: 10,000 events into a workspace holding
// 10,000,000, alerts in under 5 s, proportional to the batch and not to the
// history): after the history upload, the next 10,000 lines of the same
// stream are ingested as their own upload; time to alerts = the batch's
// detectedAt minus its completedAt (discovery then detection). The reference
// is the same batch size into a workspace of 100,000 events, in the same
// process: the ratio says whether the time grows with the history.
//   npx tsx bench/detection.ts --batch [history lines]
import { SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { awaitPosture } from "./lib/posture-stage";
import { simulatedLogFile } from "./lib/sim-file";
import { peakRss, startStack, type Stack } from "./lib/stack";

const batchMode = process.argv.includes("--batch");
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const LINES = Number(args[0] ?? (batchMode ? 10_000_000 : 1_000_000));
const BATCH = 10_000;
const REFERENCE_HISTORY = 100_000;

const stack = await startStack();
try {
  if (!batchMode) {
    const slug = tenant(stack, "Bench");
    const { upload, discovery, detection } = await ingest(
      stack,
      slug,
      await simulatedLogFile("nginx", { lines: LINES }),
    );
    const events = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
    const found = stack.psql(
      `SELECT (SELECT count(*) FROM actors) || ' actors, ' || (SELECT count(*) FROM actor_links) || ' links, ' || (SELECT count(*) FROM alerts) || ' alerts (' || (SELECT string_agg(detector, ', ' ORDER BY detector) FROM alerts) || ')'`,
    );
    console.log(
      `detection of ${events.toLocaleString("en")} events: ${detection.toFixed(2)} s = ${Math.round(events / detection).toLocaleString("en")} events/s (goal < 60 s); discovery of the same: ${discovery.toFixed(2)} s; ${found}`,
    );
    // Posture issue: judging the upload's endpoints adds under 10 s.
    const posture = await awaitPosture(stack, upload);
    const findings = stack.psql(
      `SELECT (SELECT count(*) FROM api_endpoints) || ' endpoints, ' || count(*) || ' findings' FROM posture_findings`,
    );
    console.log(
      `posture of the same: judged in ${posture.judged.toFixed(2)} s (goal < 10 s), ${posture.queued.toFixed(2)} s after detection; ${findings}`,
    );
  } else {
    const results: { history: number; toAlerts: number; detection: number }[] = [];
    for (const history of [REFERENCE_HISTORY, LINES]) {
      const slug = tenant(stack, `History ${history}`);
      const started = Date.now();
      await ingest(stack, slug, await simulatedLogFile("nginx", { lines: history }));
      console.log(
        `history of ${history.toLocaleString("en")} events in, discovered and judged in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
      const batch = await ingest(stack, slug, await simulatedLogFile("nginx", { lines: BATCH }, history));
      results.push({ history, toAlerts: batch.discovery + batch.detection, detection: batch.detection });
      console.log(
        `  batch of ${BATCH.toLocaleString("en")} events: alerts ${(batch.discovery + batch.detection).toFixed(2)} s after ingestion (discovery ${batch.discovery.toFixed(2)} s, detection ${batch.detection.toFixed(2)} s)`,
      );
    }
    const [reference, big] = results as [(typeof results)[0], (typeof results)[0]];
    console.log(
      `batch into ${big.history.toLocaleString("en")} events of history: ${big.toAlerts.toFixed(2)} s to alerts (goal < 5 s); ` +
        `ratio to the same batch into ${reference.history.toLocaleString("en")}: ${(big.toAlerts / reference.toAlerts).toFixed(2)} (history ${big.history / reference.history}x)`,
    );
  }
  console.log(`worker peak RSS: ${Math.round(peakRss(stack.worker.pid!) / 2 ** 20)} MB`);
} finally {
  await stack.stop();
}

function tenant(stack: Stack, name: string): string {
  stack.lantern([
    "tenant",
    "create",
    "--name",
    name,
    "--owner-email",
    `${name.replace(/\W/g, "").toLowerCase()}@bench.example`,
    "--owner-password",
    "bench-password-1",
  ]);
  return stack.psql(`SELECT slug FROM tenants WHERE name = '${name}'`);
}

/** Ingests a file and waits for the worker to judge it; seconds spent discovering and detecting after ingestion. */
async function ingest(
  stack: Stack,
  slug: string,
  file: string,
): Promise<{ upload: string; discovery: number; detection: number }> {
  stack.lantern([
    "ingest",
    file,
    "--tenant",
    slug,
    "--format",
    "nginx",
    "--log-format",
    SIM_NGINX_FORMAT,
    "--wait",
    "--until",
    "ingest",
  ]);
  const upload = stack.psql(
    `SELECT u.id FROM uploads u JOIN tenants t ON t.id = u."tenantId" WHERE t.slug = '${slug}' ORDER BY u."createdAt" DESC LIMIT 1`,
  );
  for (let i = 0; i < 7_200; i++) {
    const times = stack.psql(
      `SELECT extract(epoch FROM "discoveredAt" - "completedAt") || ' ' || extract(epoch FROM "detectedAt" - "discoveredAt") FROM uploads WHERE id = '${upload}' AND "detectedAt" IS NOT NULL`,
    );
    if (times) {
      const [discovery, detection] = times.split(" ").map(Number) as [number, number];
      return { upload, discovery, detection };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`upload ${upload} was not judged within an hour`);
}
