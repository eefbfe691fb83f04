// Posture at inventory scale (posture issue; goals: the Findings page's data
// p95 under 300 ms with 5,000 endpoints, and judging an upload's endpoints
// adds under 10 s). In process, against a fresh database: 5,000 endpoints on
// 50 services, their figures built the way discovery builds them (calls added
// to a StatsBuilder) with a realistic share of weaknesses. Then:
//   1. a cold judgement of every endpoint (every finding new): the most a
//      judgement can do, since an upload only re-judges the endpoints it touched;
//   2. the same again with nothing new (reads and compares only);
//   3. the Findings page's data (list with rotating filters and pages, plus
//      the posture summary) 300 times, against the inventory's endpoint list
//      (listEndpoints, measured at p95 44 ms through the web stack in the
//      discovery issue) in the same process as the reference.
//   LANTERN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/posture.ts
import { withTenant } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { type DiscoveryEvent, StatsBuilder, summarise } from "@lantern/engine/discovery/endpoint-stats";
import { signUp } from "@lantern/services/accounts";
import { listEndpoints } from "@lantern/services/discovery/inventory";
import { listFindings, postureSummary } from "@lantern/services/posture/findings";
import { judgeInventory } from "@lantern/services/posture/judge-inventory";
import { createTestServices, testMeta } from "@lantern/services/testing";

const ENDPOINTS = Number(process.argv[2] ?? 5_000);
const SERVICES = 50;
const RUNS = 300;

const { ctx, drop } = await createTestServices();
const { tenantId } = (
  await signUp(
    ctx,
    { name: "B", email: "b@bench.test", password: "bench password 1", workspaceName: "Bench" },
    testMeta,
  )
).workspace;

/** Calls of one endpoint: endpoint i gets the weaknesses its number picks, so every check fires somewhere. */
function callsOf(i: number): DiscoveryEvent[] {
  const out: DiscoveryEvent[] = [];
  for (let c = 0; c < 60; c++) {
    out.push({
      ts: Date.UTC(2026, 10, 1) + c * 3_600_000 + i,
      status: i % 23 === 0 && c % 4 === 0 ? 500 : 200,
      latencyMs: 20 + (c % 50),
      responseBytes: i % 31 === 0 ? 200_000 : 1_500,
      requestBytes: 300,
      clientIp: i % 5 === 0 ? "10.0.0.9" : `81.2.69.${c % 200}`,
      identities:
        i % 7 === 0 ? [] : [{ kind: "api_key", secret: { hash: `k${c % 9}`, display: "pk_…" }, source: "header" }],
      query: i % 11 === 0 ? [{ name: "access_token", value: "…", secret: { hash: "t" } }] : [],
      sensitive: i % 3 === 0 ? ["email:response_body"] : i % 13 === 0 ? ["card:response_body"] : [],
      attacks: i % 17 === 0 && c === 0 ? ["sqli"] : undefined,
    } as DiscoveryEvent);
  }
  return out;
}

const t0 = performance.now();
await withTenant(
  ctx.db,
  tenantId,
  async (tx) => {
    const services = Array.from({ length: SERVICES }, (_, s) => ({
      id: newId("service"),
      tenantId,
      host: `svc${s}.bench.example`,
      firstSeen: new Date(Date.UTC(2026, 10, 1)),
      lastSeen: new Date(Date.UTC(2026, 10, 3)),
    }));
    await tx.apiService.createMany({ data: services });
    const rows = Array.from({ length: ENDPOINTS }, (_, i) => {
      const b = new StatsBuilder();
      for (const c of callsOf(i)) b.add(c);
      const stats = b.finish();
      const s = summarise(stats);
      const admin = i % 97 === 0 ? "/admin" : "";
      return {
        id: newId("endpoint"),
        tenantId,
        serviceId: services[i % SERVICES]!.id,
        method: i % 4 === 0 ? "POST" : "GET",
        template: `${admin}/v1/things${i}/{id}`,
        firstSeen: new Date(stats.firstSeen),
        lastSeen: new Date(stats.lastSeen),
        calls: BigInt(stats.calls),
        unauthenticated: s.unauthenticated,
        authenticatedShare: s.authenticatedShare,
        direction: s.direction,
        distinctActors: s.distinctActors,
        stats: stats as object,
        variables:
          i % 2 === 0 ? [{ position: 2, name: "id", kind: "number", why: "numbers", distinct: 60, examples: [] }] : [],
      };
    });
    for (let at = 0; at < rows.length; at += 1_000)
      await tx.apiEndpoint.createMany({ data: rows.slice(at, at + 1_000) });
  },
  { timeoutMs: 600_000 },
);
console.log(`setup: ${ENDPOINTS} endpoints in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const judge = async () => {
  const start = performance.now();
  const out = await withTenant(ctx.db, tenantId, (tx) => judgeInventory(tx, tenantId, { now: new Date() }), {
    timeoutMs: 600_000,
  });
  return { seconds: (performance.now() - start) / 1000, ...out };
};
const cold = await judge();
console.log(`cold judgement (every finding new): ${cold.seconds.toFixed(2)} s`, cold);
const warm = await judge();
console.log(`judgement with nothing new: ${warm.seconds.toFixed(2)} s`, warm);

const SEVERITIES = [undefined, "CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
const OWASP = [undefined, "API1", "API2", "API4", "API8", "API9"] as const;
async function percentiles(name: string, run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${name.padEnd(46)} p50 ${at(0.5)} ms · p95 ${at(0.95)} ms · p99 ${at(0.99)} ms`);
  return Number(at(0.95));
}
const reference = await percentiles("reference: endpoints list (sorts, pages)", (i) =>
  listEndpoints(ctx, tenantId, { sort: i % 2 ? "calls" : "riskScore", page: 1 + (i % 20) }),
);
const page = await percentiles("Findings page data (list + posture summary)", (i) =>
  Promise.all([
    listFindings(ctx, tenantId, {
      status: i % 5 === 0 ? "all" : "OPEN",
      severity: SEVERITIES[i % SEVERITIES.length],
      owasp: OWASP[i % OWASP.length],
      page: 1 + (i % 10),
    }),
    postureSummary(ctx, tenantId, { days: 90 }),
  ]),
);
console.log(`ratio to the reference (p95): ${(page / reference).toFixed(2)}`);
await drop();
