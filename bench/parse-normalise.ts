// Benchmark 1 of the ingestion issue: parse + normalise throughput on
// 1,000,000 simulated nginx combined lines, as a ratio to a bare line split of the
// same file read the same way, in the same process (absolute times drift on
// shared machines; the ratio does not). Two paths are timed:
//   - one thread: parse and normalise each line as it is split (no encoding);
//   - ingestion's path for a large file: lines sent in blocks to parse threads
//     (parse-pool.ts), which parse, normalise and also encode the rows for COPY.
//   npx tsx bench/parse-normalise.ts [lines] [threads]
import { createReadStream } from "node:fs";
import { randomUUID } from "node:crypto";
import { createParser } from "@lantern/engine/formats/registry";
import { createLineSplitter, type Line } from "@lantern/engine/lines";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { defaultParseThreads, ParsePool } from "@lantern/services/ingest/parse-pool";
import type { JudgedBlock } from "@lantern/services/ingest/block-judge";
import { simulatedLogFile } from "./lib/sim-file";

const LINES = Number(process.argv[2] ?? 1_000_000);
const THREADS = Number(process.argv[3] ?? defaultParseThreads());
const BLOCK_LINES = 2_000;
const file = await simulatedLogFile("combined", { lines: LINES });

async function run(label: string, perLine: (line: Line) => void | Promise<void>, end = async () => {}) {
  const splitter = createLineSplitter();
  let lines = 0;
  const start = process.hrtime.bigint();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (const line of splitter.push(chunk as Buffer)) {
      lines++;
      await perLine(line);
    }
  }
  for (const _ of splitter.end()) lines++;
  await end();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = lines / seconds;
  console.log(
    `${label.padEnd(40)} ${lines.toLocaleString("en")} lines in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString("en")} lines/s`,
  );
  return rate;
}

const parser = createParser({ id: "combined" });
const key = Buffer.alloc(32, 7);
let accepted = 0;
const bare = () => run("bare line split", () => {});
const oneThread = () =>
  run("parse + normalise, one thread", (line) => {
    if (!("text" in line)) return;
    const parsed = parser.parseLine(line.text);
    if (parsed.ok === true && normalizeRecord(parsed.record, { tenantKey: key }, line.text).ok) accepted++;
  });

// Ingestion's own loop in miniature: blocks out to the pool, answers taken in order, at most two per thread out.
const pool = new ParsePool(THREADS, {
  spec: { id: "combined" },
  tenantId: randomUUID(),
  uploadId: randomUUID(),
  tenantKey: key,
  trustedProxies: [],
  countries: null,
});
async function threaded() {
  let block: Line[] = [];
  let lineNo = 0;
  const out: Promise<JudgedBlock>[] = [];
  const take = async () => {
    accepted += (await out.shift()!).accepted;
  };
  const send = async () => {
    out.push(pool.judge({ firstLineNo: lineNo - block.length + 1, lines: block, resumeAfter: 0, sampleWanted: 0 }));
    block = [];
    if (out.length >= 2 * pool.size) await take();
  };
  return run(
    `parse + normalise + encode, ${THREADS} threads`,
    async (line) => {
      lineNo++;
      block.push(line);
      if (block.length === BLOCK_LINES) await send();
    },
    async () => {
      if (block.length) await send();
      while (out.length) await take();
    },
  );
}

// Warm up every path once, then measure alternately three times and keep the best of each.
await bare();
await oneThread();
await threaded();
const rates = { bare: [] as number[], one: [] as number[], threads: [] as number[] };
for (let i = 0; i < 3; i++) {
  rates.bare.push(await bare());
  rates.one.push(await oneThread());
  rates.threads.push(await threaded());
}
await pool.close();
const best = (r: number[]) => Math.max(...r);
console.log(`accepted ${accepted.toLocaleString("en")} events over all runs`);
console.log(`ratio to a bare split, one thread: ${(best(rates.one) / best(rates.bare)).toFixed(3)}`);
console.log(
  `ratio to a bare split, ${THREADS} parse threads (ingestion's path): ${(best(rates.threads) / best(rates.bare)).toFixed(3)} (goal ≥ 0.25)`,
);
