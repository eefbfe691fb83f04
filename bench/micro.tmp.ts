import { readFileSync } from "node:fs";
import { createParser } from "@lantern/engine/formats/registry";
import { normalizeRecord } from "@lantern/engine/normalize/event";
const lines = readFileSync("/tmp/lantern-bench-combined-1000000.log","utf8").split("\n").filter(Boolean).map(l => JSON.parse(JSON.stringify(l)) as string);
const parser = createParser({ id: "combined" });
const key = Buffer.alloc(32, 7);
function time(label: string, fn: () => void) { let best = Infinity; for (let i=0;i<5;i++){const t=process.hrtime.bigint(); fn(); best=Math.min(best, Number(process.hrtime.bigint()-t)/1e6);} console.log(label.padEnd(12), best.toFixed(0), "ms"); }
let n=0;
time("parse", () => { for (const l of lines) if (parser.parseLine(l).ok) n++; });
const recs = lines.map(l => { const p = parser.parseLine(l); return p.ok === true ? p.record : null; });
time("normalise", () => { for (const r of recs) if (r && normalizeRecord(r, { tenantKey: key }).ok) n++; });
console.log(n);
