import { readFileSync } from "node:fs";
import { createParser } from "@lantern/engine/formats/registry";
import { normalizeRecord } from "@lantern/engine/normalize/event";
const lines = readFileSync("/tmp/lantern-bench-combined-1000000.log","utf8").split("\n").filter(Boolean);
const parser = createParser({ id: "combined" });
const key = Buffer.alloc(32, 7);
const recs = lines.map(l => { const p = parser.parseLine(l); return p.ok === true ? p.record : null; });
let n = 0;
for (let i=0;i<6;i++){const s=process.hrtime.bigint(); for (const r of recs) if (r && normalizeRecord(r, { tenantKey: key }).ok) n++; console.log(Number(process.hrtime.bigint()-s)/1e6);}
