// What indexes for hunting would cost ingestion (hunting issue; goal:
// ingestion throughput within 10 % of what it was). In process: the same
// 1,000,000 simulated combined-format lines ingested (processUpload: parse,
// normalise, COPY) into a fresh workspace of a fresh database, once with the
// candidate indexes below created first and once as shipped, alternating, so
// both sides see the same minutes of this VM. They cost 58 % (bench/README.md),
// so hunting does without them.
//   LANTERN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/hunt-ingest.ts [lines] [pairs]
import { createReadStream } from "node:fs";
import { signUp } from "@lantern/services/accounts";
import { processUpload } from "@lantern/services/ingest/process-upload";
import { spoolToDisk } from "@lantern/services/ingest/spool";
import { createUpload } from "@lantern/services/ingest/uploads";
import { createTestServices, testMeta } from "@lantern/services/testing";
import { simulatedLogFile } from "./lib/sim-file";

const LINES = Number(process.argv[2] ?? 1_000_000);
const PAIRS = Number(process.argv[3] ?? 3);
const CANDIDATE_INDEXES = [
  "CREATE INDEX ON telemetry.events (tenant_id, actor_key, ts)",
  "CREATE INDEX ON telemetry.events (tenant_id, client_ip, ts)",
  "CREATE INDEX ON telemetry.events (tenant_id, status, ts)",
];

const file = await simulatedLogFile("combined", { lines: LINES });

/** Seconds to ingest the file into a fresh database, with or without hunting's indexes. */
async function ingest(withIndexes: boolean): Promise<number> {
  const { ctx, drop } = await createTestServices();
  try {
    if (withIndexes) for (const ddl of CANDIDATE_INDEXES) await ctx.db.system.$executeRawUnsafe(ddl);
    const { tenantId } = (
      await signUp(
        ctx,
        { name: "B", email: "b@ingest-bench.test", password: "bench password 1", workspaceName: "Ingest bench" },
        testMeta,
      )
    ).workspace;
    const spooled = await spoolToDisk(createReadStream(file), ctx.config.dataDir, tenantId, 1e10);
    const upload = await createUpload(
      ctx,
      tenantId,
      { source: "edge", fileName: "bench.log", via: "api", formatSpec: { id: "combined" } },
      spooled,
    );
    const started = performance.now();
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenantId, upload.id);
    return (performance.now() - started) / 1000;
  } finally {
    await drop();
  }
}

const rows: [number, number][] = [];
for (let pair = 0; pair < PAIRS; pair++) {
  // Alternate which side goes first, so neither always gets the warmer minutes.
  const first = pair % 2 === 0;
  const a = await ingest(first);
  const b = await ingest(!first);
  const [withIdx, without] = first ? [a, b] : [b, a];
  rows.push([withIdx, without]);
  console.log(
    `pair ${pair + 1}: with the candidate indexes ${withIdx.toFixed(2)} s, without ${without.toFixed(2)} s (${(((withIdx - without) / without) * 100).toFixed(1)} %)`,
  );
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const w = median(rows.map((r) => r[0]));
const wo = median(rows.map((r) => r[1]));
console.log(
  `medians: with ${w.toFixed(2)} s, without ${wo.toFixed(2)} s: ${(((w - wo) / wo) * 100).toFixed(1)} % (goal: within 10 %)`,
);
