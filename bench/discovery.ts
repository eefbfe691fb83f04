// Discovery over 1,000,000 events (discovery issue; goal: at most 20 s on
// this machine): simulated traffic in the rich nginx format is ingested with
// `lantern ingest --wait`; the worker then runs discovery for the upload.
// Time = the upload's discoveredAt minus its completedAt (the discovery job,
// queued when ingestion completes).
//   npx tsx bench/discovery.ts [lines]
import { SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulatedLogFile } from "./lib/sim-file";
import { startStack } from "./lib/stack";

const LINES = Number(process.argv[2] ?? 1_000_000);
const file = await simulatedLogFile("nginx", { lines: LINES });
const stack = await startStack();
try {
  stack.lantern(["tenant", "create", "--name", "Bench", "--owner-email", "bench@example.com", "--owner-password", "bench-password-1"]);
  const slug = stack.psql("SELECT slug FROM tenants LIMIT 1");
  stack.lantern(["ingest", file, "--tenant", slug, "--format", "nginx", "--log-format", SIM_NGINX_FORMAT, "--wait"]);
  let seconds = NaN;
  for (let i = 0; i < 600; i++) {
    const s = stack.psql(`SELECT extract(epoch FROM "discoveredAt" - "completedAt") FROM uploads WHERE "discoveredAt" IS NOT NULL`);
    if (s) {
      seconds = Number(s);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const events = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
  const endpoints = stack.psql("SELECT count(*) || ' endpoints on ' || count(DISTINCT \"serviceId\") || ' services' FROM api_endpoints");
  console.log(`discovery of ${events.toLocaleString("en")} events: ${seconds.toFixed(2)} s = ${Math.round(events / seconds).toLocaleString("en")} events/s (goal ≤ 20 s); ${endpoints}`);
} finally {
  await stack.stop();
}
