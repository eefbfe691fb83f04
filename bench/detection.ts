// Detection over 1,000,000 events from a cold start (detection issue; goal:
// under 60 s on this machine): simulated traffic in the rich nginx format
// (users, partners, internal services, the labelled attacks) ingested with
// `lantern ingest --wait` into a fresh workspace; the worker discovers it,
// then judges it. Time = the upload's detectedAt minus its discoveredAt (the
// detection job: actors, links, hours, detectors, alerts), beside discovery's
// time on the same upload.
//   npx tsx bench/detection.ts [lines]
import { SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulatedLogFile } from "./lib/sim-file";
import { peakRss, startStack } from "./lib/stack";

const LINES = Number(process.argv[2] ?? 1_000_000);
const file = await simulatedLogFile("nginx", { lines: LINES });
const stack = await startStack();
try {
  stack.lantern(["tenant", "create", "--name", "Bench", "--owner-email", "bench@example.com", "--owner-password", "bench-password-1"]);
  const slug = stack.psql("SELECT slug FROM tenants LIMIT 1");
  stack.lantern(["ingest", file, "--tenant", slug, "--format", "nginx", "--log-format", SIM_NGINX_FORMAT, "--wait"]);
  let times = "";
  for (let i = 0; i < 3_600 && !times; i++) {
    times = stack.psql(`SELECT extract(epoch FROM "discoveredAt" - "completedAt") || ' ' || extract(epoch FROM "detectedAt" - "discoveredAt") FROM uploads WHERE "detectedAt" IS NOT NULL`);
    if (!times) await new Promise((r) => setTimeout(r, 1_000));
  }
  const [discovery, detection] = times.split(" ").map(Number) as [number, number];
  const events = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
  const found = stack.psql(`SELECT (SELECT count(*) FROM actors) || ' actors, ' || (SELECT count(*) FROM actor_links) || ' links, ' || (SELECT count(*) FROM alerts) || ' alerts (' || (SELECT string_agg(detector, ', ' ORDER BY detector) FROM alerts) || ')'`);
  console.log(`detection of ${events.toLocaleString("en")} events: ${detection.toFixed(2)} s = ${Math.round(events / detection).toLocaleString("en")} events/s (goal < 60 s); discovery of the same: ${discovery.toFixed(2)} s; ${found}`);
  console.log(`worker peak RSS (ingestion, discovery and detection): ${Math.round(peakRss(stack.worker.pid!) / 2 ** 20)} MB`);
} finally {
  await stack.stop();
}
