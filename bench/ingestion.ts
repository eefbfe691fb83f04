// Ingestion in process: processUpload over 1,000,000 simulated combined lines
// into a throwaway database, judged in the reading thread alone and on parse
// threads, alternating in the same minutes (absolute times drift here).
//   LANTERN_TEST_DATABASE_URL=… npx tsx bench/ingestion.ts [lines] [pairs] [threads]
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createTestServices, testWorkspace } from "@lantern/services/testing";
import { processUpload } from "@lantern/services/ingest/process-upload";
import { spoolToDisk } from "@lantern/services/ingest/spool";
import { createUpload } from "@lantern/services/ingest/uploads";
import { defaultParseThreads } from "@lantern/services/ingest/parse-pool";
import { simulatedLogFile } from "./lib/sim-file";

const LINES = Number(process.argv[2] ?? 1_000_000);
const PAIRS = Number(process.argv[3] ?? 3);
const THREADS = Number(process.argv[4] ?? defaultParseThreads());
const file = await simulatedLogFile("combined", { lines: LINES });
const { ctx, drop } = await createTestServices();

async function once(label: string, count: number, round: number): Promise<number> {
  const tenantId = await testWorkspace(ctx, `Bench ${label} ${round}`);
  const spooled = await spoolToDisk(createReadStream(file), ctx.config.dataDir, tenantId, 4 * 2 ** 30);
  const upload = await createUpload(ctx, tenantId, { source: "bench", fileName: "access.log", via: "api" }, spooled);
  const start = process.hrtime.bigint();
  const outcome = await processUpload(
    { db: ctx.db, secret: ctx.config.secret, parseThreads: { count, fromBytes: 0 } },
    tenantId,
    upload.id,
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(22)} ${outcome.linesAccepted.toLocaleString("en")} events in ${seconds.toFixed(2)} s`);
  return seconds;
}

try {
  console.log(`${LINES.toLocaleString("en")} lines, ${Math.round((await stat(file)).size / 2 ** 20)} MB`);
  const times = { alone: [] as number[], threads: [] as number[] };
  for (let round = 0; round < PAIRS; round++) {
    times.alone.push(await once("reading thread alone", 0, round));
    times.threads.push(await once(`${THREADS} parse threads`, THREADS, round));
  }
  const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
  console.log(
    `median: alone ${median(times.alone).toFixed(2)} s, ${THREADS} threads ${median(times.threads).toFixed(2)} s (ratio ${(median(times.threads) / median(times.alone)).toFixed(2)})`,
  );
} finally {
  await drop();
}
