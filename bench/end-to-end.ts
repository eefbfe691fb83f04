// Benchmark 2 of the ingestion issue: 1,000,000 simulated nginx combined
// lines end to end, from `lantern ingest --wait` to events committed in
// Postgres, against two references run here on the same file:
//   goaccess --log-format=COMBINED --process-and-exit   (goal: Lantern ≥ 4× faster)
//   psql \copy of the same rows into the same table      (goal: Lantern ≤ 2.5× slower)
// It starts a throwaway database, queue prefix and worker (bench/lib/stack.ts).
//   npx tsx bench/end-to-end.ts [lines]
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { copyLine, EVENT_COPY_COLUMNS } from "@lantern/db/event-writer";
import { createParser } from "@lantern/engine/formats/registry";
import { createLineSplitter } from "@lantern/engine/lines";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { simulatedLogFile } from "./lib/sim-file";
import { peakRss, startStack } from "./lib/stack";

const LINES = Number(process.argv[2] ?? 1_000_000);
const file = await simulatedLogFile("combined", { lines: LINES });
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function timed<T>(fn: () => T): { seconds: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

/** The rows Lantern writes for the file, in COPY text format, for psql \copy. */
async function copyFileOf(tenantId: string): Promise<string> {
  const out = join(tmpdir(), `lantern-bench-copy-${LINES}.tsv`);
  const writer = createWriteStream(out);
  const parser = createParser({ id: "combined" });
  const splitter = createLineSplitter();
  const uploadId = randomUUID();
  let lineNo = 0;
  for await (const chunk of createReadStream(file)) {
    let text = "";
    for (const line of splitter.push(chunk as Buffer)) {
      lineNo++;
      if (!("text" in line)) continue;
      const parsed = parser.parseLine(line.text);
      if (parsed.ok !== true) continue;
      const n = normalizeRecord(parsed.record, { tenantKey: Buffer.alloc(32, 1) });
      if (n.ok) text += copyLine(tenantId, uploadId, n.event, lineNo);
    }
    if (!writer.write(text)) await once(writer, "drain");
  }
  writer.end();
  await once(writer, "finish");
  return out;
}

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
  const tenantId = stack.psql("SELECT id FROM tenants LIMIT 1");
  const slug = stack.psql("SELECT slug FROM tenants LIMIT 1");

  const lantern = timed(() => stack.lantern(["ingest", file, "--tenant", slug, "--wait", "--until", "ingest"]));
  const events = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
  const workerPeak = peakRss(stack.worker.pid!);
  console.log(lantern.value.trim().split("\n").slice(-2).join("\n"));
  // Where the time went: receiving (spool + hash), waiting in the queue, processing.
  const phases = stack.psql(
    `SELECT round(extract(epoch FROM "startedAt" - "createdAt")::numeric, 2) || ' s from upload to start, ' ||
            round(extract(epoch FROM "completedAt" - "startedAt")::numeric, 2) || ' s processing' FROM uploads`,
  );
  console.log(`phases: ${phases}`);
  console.log(
    `lantern ingest --wait     ${lantern.seconds.toFixed(2)} s, ${events.toLocaleString("en")} events committed, worker peak RSS ${mb(workerPeak)}`,
  );

  let goaccess: number | null = null;
  if (existsSync("/usr/bin/goaccess")) {
    const g = timed(() =>
      spawnSync("goaccess", [file, "--log-format=COMBINED", "--process-and-exit"], { stdio: "ignore" }),
    );
    if (g.value.status !== 0) throw new Error("goaccess failed");
    goaccess = g.seconds;
    console.log(`goaccess                  ${goaccess.toFixed(2)} s`);
  } else {
    console.log("goaccess                  not installed (apt-get install goaccess); skipped");
  }

  // Same rows, same table (its partitions already exist), emptied first.
  const tsv = await copyFileOf(tenantId);
  stack.psql("TRUNCATE telemetry.events");
  const copy = timed(() => stack.psql(`\\copy telemetry.events (${EVENT_COPY_COLUMNS.join(", ")}) FROM '${tsv}'`));
  const copied = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
  console.log(`psql \\copy                ${copy.seconds.toFixed(2)} s, ${copied.toLocaleString("en")} rows`);

  console.log("");
  if (goaccess !== null) console.log(`goaccess / lantern: ${(goaccess / lantern.seconds).toFixed(2)}× (goal ≥ 4)`);
  console.log(`lantern / psql \\copy: ${(lantern.seconds / copy.seconds).toFixed(2)}× (goal ≤ 2.5)`);
} finally {
  await stack.stop();
}
