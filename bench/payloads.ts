// Attack-payload classification measured on a labelled dataset of parameter
// values (`npx tsx bench/payloads.ts FILE.csv…`): HttpParamsDataset's
// payload_train.csv and payload_test.csv (github.com/Morzeux/HttpParamsDataset,
// MIT), columns payload, length, attack_type, label. Prints precision and
// recall (an attack is any value labelled other than "norm"), recall per
// attack type, and every false alarm and miss, so a change can be judged by
// what it gains and what it costs. Not a timing.
import { readFileSync } from "node:fs";
import { attackKindsOf } from "@lantern/engine/payloads/classify";
import { parseCsv } from "@lantern/engine/testing/csv";

for (const file of process.argv.slice(2)) {
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  const col = (name: string) => header!.indexOf(name);
  const [payloadAt, typeAt] = [col("payload"), col("attack_type")];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const falseAlarms: string[] = [];
  const missed: Record<string, string[]> = {};
  const perType: Record<string, { found: number; all: number }> = {};
  for (const row of rows) {
    const payload = row[payloadAt]!;
    const type = row[typeAt]!;
    const found = attackKindsOf(payload).length > 0;
    if (type === "norm") {
      if (found) {
        fp++;
        falseAlarms.push(payload);
      }
      continue;
    }
    const t = (perType[type] ??= { found: 0, all: 0 });
    t.all++;
    if (found) {
      tp++;
      t.found++;
    } else {
      fn++;
      (missed[type] ??= []).push(payload);
    }
  }
  const everyday = rows.length - tp - fn;
  console.log(`${file}: ${rows.length.toLocaleString("en")} values (${everyday.toLocaleString("en")} everyday)`);
  console.log(`  precision ${(tp / (tp + fp)).toFixed(4)} (${fp} false alarms), recall ${(tp / (tp + fn)).toFixed(4)}`);
  for (const [type, t] of Object.entries(perType)) console.log(`  ${type}: ${t.found}/${t.all}`);
  for (const v of falseAlarms) console.log(`  false alarm: ${v.slice(0, 120)}`);
  for (const [type, values] of Object.entries(missed))
    for (const v of values) console.log(`  missed ${type}: ${v.slice(0, 120)}`);
}
