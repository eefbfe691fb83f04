// The benchmarks' input: simulated Northwind Pay lines in one of the
// simulator's formats, exactly N lines or at least N bytes, written once to
// the temp directory and reused by later runs.
import { createWriteStream, existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIM_FORMATS, type SimLineFormat } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";

/** `skip`: lines of the same stream left out first, so a batch can follow a history written by an earlier call. */
export async function simulatedLogFile(
  format: SimLineFormat,
  size: { lines: number } | { bytes: number },
  skip = 0,
): Promise<string> {
  const file = join(
    tmpdir(),
    `lantern-bench-${format}-${"lines" in size ? `${size.lines}` : `${size.bytes}b`}${skip ? `-after-${skip}` : ""}.log`,
  );
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  let lines = 0;
  let bytes = 0;
  let skipped = 0;
  const enough = () => ("lines" in size ? lines >= size.lines : bytes >= size.bytes);
  // A fixed start and seed, so every run measures the same bytes; 60 days at
  // this scale is about 17 million lines (2.4 GB of combined), more than any benchmark asks for.
  for (const request of simulate({ start: new Date("2026-09-01T00:00:00Z"), days: 60, seed: 7, scale: 50 })) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    const line = `${SIM_FORMATS[format](request)}\n`;
    if (!out.write(line)) await once(out, "drain");
    lines++;
    bytes += Buffer.byteLength(line);
    if (enough()) break;
  }
  out.end();
  await once(out, "finish");
  if (!enough()) throw new Error(`the simulator produced only ${lines} lines (${bytes} bytes)`);
  await rename(partial, file);
  return file;
}
