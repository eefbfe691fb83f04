// Detection accuracy through the real pipeline (`npm run eval`): for each
// seed, simulated days with labelled attacks and benign look-alikes are
// written as an nginx log, ingested with `lantern ingest --wait` into a fresh
// workspace of a throwaway Lantern, discovered and judged by the worker; the
// alerts are then matched to the simulator's truth through the requests each
// alert names as evidence (line numbers of the uploaded file).
//   npm run eval -- [--seeds 1,2,3] [--days 3]
// Prints per scenario whether it was detected and how soon after it began,
// then precision (alerts that ask for action, attack or suspicious, that
// match a real attack), recall (attacks with at least one such alert), the
// alerts raised on normal traffic or look-alikes, and the benign-explained
// ones (raised low, saying why: right on a look-alike, wrong on an attack).
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DECOYS } from "@lantern/simulator/business";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate, type SimRequest } from "@lantern/simulator/generate";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { startStack } from "./lib/stack";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SEEDS = (arg("seeds") ?? "1,2,3").split(",").map(Number);
const DAYS = Number(arg("days") ?? 3);
const START = new Date("2026-11-16T00:00:00Z");

type AlertRow = {
  detector: string;
  title: string;
  verdict: string;
  firstSeen: string;
  lastSeen: string;
  evidence: { line: number }[];
};

/** The scenario most of an alert's evidence comes from. */
function scenarioOf(alert: AlertRow, requests: SimRequest[]): string {
  const counts = new Map<string, number>();
  for (const ref of alert.evidence) {
    const s = requests[ref.line - 1]?.scenario ?? "?";
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "?";
}

const stack = await startStack();
let matched = 0;
let raised = 0;
let attacks = 0;
let found = 0;
const falseAlerts: string[] = [];
const explained: string[] = [];
const explainedAway: string[] = [];
try {
  for (const seed of SEEDS) {
    const requests = [...simulate({ start: START, days: DAYS, seed })];
    const file = join(tmpdir(), `lantern-eval-${seed}-${DAYS}d.log`);
    writeFileSync(file, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`);
    const slug = `eval-${seed}`;
    stack.lantern([
      "tenant",
      "create",
      "--name",
      slug,
      "--owner-email",
      `${slug}@eval.example`,
      "--owner-password",
      "eval-password-1",
    ]);
    const tenantId = stack.psql(`SELECT id FROM tenants WHERE name = '${slug}'`);
    // Northwind declares its decoys, as a customer would in Settings.
    stack.psql(
      `UPDATE tenants SET "decoyPaths" = ARRAY[${DECOYS.map((d) => `'${d}'`).join(", ")}] WHERE id = '${tenantId}'`,
    );
    const started = Date.now();
    stack.lantern([
      "ingest",
      file,
      "--tenant",
      stack.psql(`SELECT slug FROM tenants WHERE id = '${tenantId}'`),
      "--format",
      "nginx",
      "--log-format",
      SIM_NGINX_FORMAT,
      "--wait",
      "--until",
      "detection",
    ]);
    while (!stack.psql(`SELECT 1 FROM uploads WHERE "tenantId" = '${tenantId}' AND "detectedAt" IS NOT NULL`)) {
      if (Date.now() - started > 20 * 60_000) throw new Error(`seed ${seed}: detection did not finish in 20 minutes`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const seconds = (Date.now() - started) / 1000;
    const alerts = JSON.parse(
      stack.psql(
        `SELECT coalesce(json_agg(json_build_object('detector', detector, 'title', title, 'verdict', verdict, 'firstSeen', "firstSeen", 'lastSeen', "lastSeen", 'evidence', evidence) ORDER BY "firstSeen"), '[]') FROM alerts WHERE "tenantId" = '${tenantId}'`,
      ),
    ) as AlertRow[];
    console.log(
      `\nseed ${seed}: ${requests.length.toLocaleString("en")} requests over ${DAYS} days, ingested, discovered and judged in ${seconds.toFixed(1)} s; ${alerts.length} alerts`,
    );

    const attackScenarios = [...new Set(requests.filter((r) => r.attack).map((r) => r.scenario))];
    const byAlert = alerts.map((a) => ({ ...a, scenario: scenarioOf(a, requests) }));
    for (const scenario of attackScenarios) {
      attacks++;
      const own = requests.filter((r) => r.scenario === scenario);
      const hits = byAlert.filter((a) => a.scenario === scenario && a.verdict !== "BENIGN_EXPLAINED");
      if (hits.length) found++;
      // Logs arrive in batches: "how soon" is the pipeline time above; here, how much of the attack the alert covers.
      const hhmm = (t: number | string) => new Date(t).toISOString().slice(5, 16).replace("T", " ");
      const span = `attack ${hhmm(own[0]!.ts)}–${hhmm(own.at(-1)!.ts)}`;
      const covered = hits.length ? `; alert ${hhmm(hits[0]!.firstSeen)}–${hhmm(hits[0]!.lastSeen)}` : "";
      console.log(
        `  ${hits.length ? "detected" : "MISSED  "}  ${scenario.padEnd(20)} ${hits
          .map((h) => `${h.detector} (${h.verdict.toLowerCase()})`)
          .join(", ")
          .padEnd(36)} ${span}${covered}`,
      );
    }
    for (const a of byAlert) {
      const attack = !!requests.find((r) => r.scenario === a.scenario)?.attack;
      const line = `seed ${seed}: ${a.detector} on ${a.scenario}: ${a.title}`;
      if (a.verdict === "BENIGN_EXPLAINED") {
        (attack ? explainedAway : explained).push(line);
        continue;
      }
      raised++;
      if (attack) matched++;
      else falseAlerts.push(line);
    }
    const lookAlikes = [...new Set(requests.filter((r) => !r.attack).map((r) => r.scenario))];
    const onLookAlikes = byAlert.filter((a) => lookAlikes.includes(a.scenario));
    console.log(
      `  benign scenarios: ${lookAlikes.join(", ")}; alerts on them: ${onLookAlikes.filter((a) => a.verdict !== "BENIGN_EXPLAINED").length}` +
        `, benign-explained: ${
          onLookAlikes
            .filter((a) => a.verdict === "BENIGN_EXPLAINED")
            .map((a) => `${a.detector} on ${a.scenario}`)
            .join(", ") || "none"
        }`,
    );
  }
  const precision = raised ? matched / raised : 1;
  const recall = attacks ? found / attacks : 1;
  console.log(
    `\nover ${SEEDS.length} seeds: precision ${precision.toFixed(2)} (${matched}/${raised} alerts match a real attack), recall ${recall.toFixed(2)} (${found}/${attacks} attacks with an alert); goal ≥ 0.9 each`,
  );
  if (falseAlerts.length) console.log(`alerts on normal traffic or look-alikes:\n  ${falseAlerts.join("\n  ")}`);
  console.log(
    `benign-explained on look-alikes (right): ${explained.length}; on attacks (wrong: explained away): ${explainedAway.length}`,
  );
  if (explainedAway.length) console.log(`  ${explainedAway.join("\n  ")}`);

  // The real log nobody here wrote: what detection flags there, to be judged by a person.
  const real = sharedData("real/apache-semicomplete-2015.log");
  stack.lantern([
    "tenant",
    "create",
    "--name",
    "eval-real",
    "--owner-email",
    "real@eval.example",
    "--owner-password",
    "eval-password-1",
  ]);
  const realTenant = stack.psql(`SELECT id FROM tenants WHERE name = 'eval-real'`);
  stack.lantern([
    "ingest",
    real,
    "--tenant",
    stack.psql(`SELECT slug FROM tenants WHERE id = '${realTenant}'`),
    "--source",
    "apache-2015",
    "--wait",
    "--until",
    "detection",
  ]);
  while (!stack.psql(`SELECT 1 FROM uploads WHERE "tenantId" = '${realTenant}' AND "detectedAt" IS NOT NULL`))
    await new Promise((r) => setTimeout(r, 1_000));
  const flagged = stack.psql(
    `SELECT detector || ' | ' || verdict || ' | ' || explanation FROM alerts WHERE "tenantId" = '${realTenant}' ORDER BY "firstSeen"`,
  );
  const actors = stack.psql(`SELECT count(*) FROM actors WHERE "tenantId" = '${realTenant}'`);
  console.log(
    `\nreal log (${real.split("/").pop()}): ${actors} actors; alerts:${flagged ? `\n  ${flagged.split("\n").join("\n  ")}` : " none"}`,
  );
} finally {
  await stack.stop();
}
