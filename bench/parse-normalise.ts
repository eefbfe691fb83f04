// Benchmark 1 of the ingestion issue: parse + normalise throughput on
// 1,000,000 simulated nginx combined lines, as a ratio to a bare line split of the
// same file read the same way, in the same process (absolute times drift on
// shared machines; the ratio does not).
//   npx tsx bench/parse-normalise.ts [lines]
import { createReadStream } from "node:fs";
import { createParser } from "@lantern/engine/formats/registry";
import { createLineSplitter } from "@lantern/engine/lines";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { simulatedLogFile } from "./lib/sim-file";

const LINES = Number(process.argv[2] ?? 1_000_000);
const file = await simulatedLogFile("combined", { lines: LINES });

async function run(label: string, perLine: (text: string) => void): Promise<number> {
  const splitter = createLineSplitter();
  let lines = 0;
  const start = process.hrtime.bigint();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (const line of splitter.push(chunk as Buffer)) {
      lines++;
      if ("text" in line) perLine(line.text);
    }
  }
  for (const _ of splitter.end()) lines++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = lines / seconds;
  console.log(
    `${label.padEnd(28)} ${lines.toLocaleString("en")} lines in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString("en")} lines/s`,
  );
  return rate;
}

const parser = createParser({ id: "combined" });
const key = Buffer.alloc(32, 7);
let accepted = 0;
const bare = async () => run("bare line split", () => {});
const full = async () =>
  run("parse + normalise", (text) => {
    const parsed = parser.parseLine(text);
    if (parsed.ok === true && normalizeRecord(parsed.record, { tenantKey: key }).ok) accepted++;
  });

// Warm up both paths once, then measure alternately three times and keep the best of each.
await bare();
await full();
const bares: number[] = [];
const fulls: number[] = [];
for (let i = 0; i < 3; i++) {
  bares.push(await bare());
  fulls.push(await full());
}
const ratio = Math.max(...fulls) / Math.max(...bares);
console.log(`accepted ${accepted.toLocaleString("en")} events over all runs`);
console.log(`ratio parse+normalise / bare split: ${ratio.toFixed(3)} (goal ≥ 0.25)`);
