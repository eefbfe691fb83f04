// The benchmarks' input: exactly N simulated Northwind Pay lines in one of
// the simulator's formats, written once to the temp directory and reused.
import { createWriteStream, existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIM_FORMATS, type SimFormat } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";

export async function simulatedLogFile(format: SimFormat, lines: number): Promise<string> {
  const file = join(tmpdir(), `lantern-bench-${format}-${lines}.log`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  let written = 0;
  // A fixed start and seed, so every run measures the same bytes; 60 days at
  // a high scale is more than any N the benchmarks ask for.
  for (const request of simulate({ start: new Date("2026-09-01T00:00:00Z"), days: 60, seed: 7, scale: 20 })) {
    if (!out.write(`${SIM_FORMATS[format](request)}\n`)) await once(out, "drain");
    if (++written === lines) break;
  }
  out.end();
  await once(out, "finish");
  if (written < lines) throw new Error(`the simulator produced only ${written} lines`);
  await rename(partial, file);
  return file;
}
