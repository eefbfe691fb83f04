// Discovery over 1,000,000 events (discovery issue; goal: at most 20 s on
// this machine): simulated traffic in the rich nginx format is ingested with
// `lantern ingest --wait`; the worker then runs discovery for the upload.
// Time = the upload's discoveredAt minus its completedAt (the discovery job,
// queued when ingestion completes).
// `--wide`: the page-latency benchmark's traffic instead (5,000 endpoints on
// 50 services), where writing the inventory weighs more than reading events.
//   npx tsx bench/discovery.ts [lines] [--wide]
import { SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulatedLogFile } from "./lib/sim-file";
import { peakRss, startStack } from "./lib/stack";
import { wideLogFile } from "./lib/wide-file";

const args = process.argv.slice(2);
const LINES = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const file = args.includes("--wide") ? await wideLogFile(LINES) : await simulatedLogFile("nginx", { lines: LINES });
const stack = await startStack();
try {
  stack.lantern([
    "tenant",
    "create",
    "--name",
    "Bench",
    "--owner-email",
    "bench@example.com",
    "--owner-password",
    "bench-password-1",
  ]);
  const slug = stack.psql("SELECT slug FROM tenants LIMIT 1");
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
  let seconds = NaN;
  // Up to an hour (a 10M-event wide upload takes minutes).
  for (let i = 0; i < 7_200; i++) {
    const s = stack.psql(
      `SELECT extract(epoch FROM "discoveredAt" - "completedAt") FROM uploads WHERE "discoveredAt" IS NOT NULL`,
    );
    if (s) {
      seconds = Number(s);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const events = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
  const endpoints = stack.psql(
    "SELECT (SELECT count(*) || ' endpoints on ' || count(DISTINCT \"serviceId\") || ' services' FROM api_endpoints) || ', ' || " +
      "(SELECT count(*) FROM api_endpoint_hourly) || ' endpoint-hours, ' || (SELECT count(*) FROM api_client_hourly) || ' client-group-hours'",
  );
  console.log(
    `discovery of ${events.toLocaleString("en")} events: ${seconds.toFixed(2)} s = ${Math.round(events / seconds).toLocaleString("en")} events/s (goal ≤ 20 s); ${endpoints}`,
  );
  console.log(`worker peak RSS (ingestion and discovery): ${Math.round(peakRss(stack.worker.pid!) / 2 ** 20)} MB`);
} finally {
  await stack.stop();
}
