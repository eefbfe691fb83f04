// Inventory, endpoint and Findings page latency in a large workspace
// (discovery and posture issues; goal: server time p95 under 300 ms with
// 10,000,000 events and 5,000 endpoints). The workspace is filled through the product: a 30-day wide log
// (bench/lib/wide-file.ts) ingested with `lantern ingest --wait`, then
// discovery. The running app (apps/web/server.mjs) is then loaded with autocannon,
// signed in as the owner, one scenario at a time: each page's document request
// and the tRPC batches its components send, with endpoint ids, sorts, filters
// and pages varied per request. The reference is the cheapest signed-in route
// (/api/auth/session) under the same load.
//   npx tsx bench/page-latency.ts [lines]
import autocannon from "autocannon";
import superjson from "superjson";
import { SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { wideLogFile } from "./lib/wide-file";
import { createDb, withTenant } from "@lantern/db/client";
import { judgeInventory } from "@lantern/services/posture/judge-inventory";
import { buildWeb, peakRss, startStack } from "./lib/stack";

const LINES = Number(process.argv[2] ?? 10_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const file = await wideLogFile(LINES);
buildWeb();
const stack = await startStack({ web: true });

/** Signs in through next-auth's credentials flow; returns the Cookie header of the session. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session")))
    throw new Error(`sign-in failed (${res.status}): ${await res.text()}`);
  return cookie();
}

/** A tRPC GET batch as the dashboard's httpBatchLink sends it. */
function trpc(calls: [procedure: string, input: unknown][]): string {
  const input = Object.fromEntries(calls.map(([, value], i) => [i, superjson.serialize(value)]));
  return `/api/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

type Scenario = { name: string; paths: () => string; workspace?: boolean };

/** Runs one scenario for `seconds` with `connections` clients; returns latency percentiles (ms) from every response. */
async function measure(
  base: string,
  cookie: string,
  slug: string,
  s: Scenario,
  connections: number,
  seconds = SECONDS,
) {
  const times: number[] = [];
  let failed = 0;
  await new Promise<void>((done, fail) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        headers: { cookie, ...(s.workspace ? { "x-lantern-workspace": slug } : {}) },
        requests: [{ setupRequest: (req) => ({ ...req, path: s.paths() }) }],
      },
      (error) => (error ? fail(error) : done()),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) times.push(ms);
      else failed++;
    });
  });
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { requests: times.length, failed, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

try {
  stack.lantern([
    "tenant",
    "create",
    "--name",
    "Bench",
    "--owner-email",
    "bench@example.com",
    "--owner-password",
    "bench-password-1",
  ]);
  const slug = stack.psql("SELECT slug FROM tenants LIMIT 1");
  const started = Date.now();
  stack.lantern([
    "ingest",
    file,
    "--tenant",
    slug,
    "--format",
    "nginx",
    "--log-format",
    SIM_NGINX_FORMAT,
    "--wait",
    "--until",
    "ingest",
  ]);
  const ingested = Date.now();
  while (!stack.psql(`SELECT 1 FROM uploads WHERE "discoveredAt" IS NOT NULL`))
    await new Promise((r) => setTimeout(r, 2_000));
  console.log(
    `ingested in ${((ingested - started) / 1000).toFixed(0)} s, discovered in ${((Date.now() - ingested) / 1000).toFixed(0)} s`,
  );
  console.log(`worker peak RSS (ingestion and discovery): ${Math.round(peakRss(stack.worker.pid!) / 2 ** 20)} MB`);
  // The Findings page needs posture's judgement, which the pipeline runs after detection. Detection of this
  // workload (hundreds of thousands of actors, alerts written one by one in one transaction) ran for over 25
  // minutes without finishing (2026-12-04), so the worker stops here and every endpoint is judged in process, cold:
  // the whole inventory at once, which is more than an upload's judgement (only what it changed).
  stack.worker.kill("SIGKILL");
  const db = createDb({ databaseUrl: stack.env.DATABASE_URL! });
  const tenantId = stack.psql("SELECT id FROM tenants LIMIT 1");
  const judging = performance.now();
  const judged = await withTenant(db, tenantId, (tx) => judgeInventory(tx, tenantId, { now: new Date() }), {
    timeoutMs: 30 * 60_000,
  });
  console.log(
    `posture: ${judged.endpoints.toLocaleString("en")} endpoints judged cold in ${((performance.now() - judging) / 1000).toFixed(2)} s, ` +
      `${judged.opened.toLocaleString("en")} findings opened`,
  );
  await db.close();
  const events = Number(stack.psql("SELECT count(*) FROM telemetry.events"));
  const endpoints = Number(stack.psql("SELECT count(*) FROM api_endpoints"));
  const hourly = Number(stack.psql("SELECT count(*) FROM api_endpoint_hourly"));
  console.log(
    `workspace: ${events.toLocaleString("en")} events, ${endpoints.toLocaleString("en")} endpoints, ${hourly.toLocaleString("en")} hourly rows`,
  );
  stack.psql("VACUUM ANALYZE");

  const base = stack.webUrl!;
  const cookie = await signIn(base, "bench@example.com", "bench-password-1");
  const ids = stack.psql("SELECT id FROM api_endpoints ORDER BY random() LIMIT 500").split("\n");
  const services = stack.psql(`SELECT host FROM api_services ORDER BY host`).split("\n");
  const findingIds = stack.psql("SELECT id FROM posture_findings ORDER BY random() LIMIT 500").split("\n");
  let n = 0;
  const next = <T>(items: T[]) => items[n++ % items.length]!;
  const sorts = ["calls", "lastSeen", "p95LatencyMs", "distinctActors", "template"] as const;
  const listInput = () => {
    const sort = next([...sorts]);
    // Mostly the first page as people land, sometimes deep pages, filters and a search.
    const variant = n % 5;
    return {
      sort,
      order: sort === "template" ? "asc" : "desc",
      page: variant === 1 ? 1 + (n % 100) : 1,
      pageSize: 50,
      ...(variant === 2 ? { search: next(["orders", "items", "v1/users", "history"]) } : {}),
      ...(variant === 3 ? { service: next(services) } : {}),
      ...(variant === 4 ? { unauthenticated: true } : {}),
    };
  };
  const SEVERITIES = [undefined, "CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
  const CATEGORIES = [undefined, "API2", "API4", "API8", "API9"] as const;
  const findingsInput = () => ({
    status: n % 4 === 0 ? "all" : "OPEN",
    severity: next([...SEVERITIES]),
    owasp: next([...CATEGORIES]),
    page: n % 3 === 0 ? 1 + (n % 10) : 1,
    pageSize: 25,
  });
  const scenarios: Scenario[] = [
    { name: "reference: GET /api/auth/session", paths: () => "/api/auth/session" },
    { name: "inventory page: document", paths: () => `/w/${slug}/inventory` },
    {
      name: "inventory page: data (services, changes, endpoints)",
      workspace: true,
      paths: () =>
        trpc([
          ["inventory.services", undefined],
          ["inventory.changes", undefined],
          ["inventory.endpoints", listInput()],
        ]),
    },
    {
      name: "inventory page: endpoints list alone (sorts, filters, search, pages)",
      workspace: true,
      paths: () => trpc([["inventory.endpoints", listInput()]]),
    },
    { name: "endpoint page: document", paths: () => `/w/${slug}/inventory/${next(ids)}` },
    {
      name: "endpoint page: data (endpoint, 30-day traffic)",
      workspace: true,
      paths: () => {
        const endpointId = next(ids);
        return trpc([
          ["inventory.endpoint", { endpointId }],
          ["inventory.traffic", { endpointId, range: "30d" }],
        ]);
      },
    },
    { name: "Findings page: document", paths: () => `/w/${slug}/findings` },
    {
      name: "Findings page: data (all, filtered list, posture summary)",
      workspace: true,
      paths: () =>
        trpc([
          ["findings.list", { status: "all", pageSize: 10 }],
          ["findings.list", findingsInput()],
          ["findings.posture", { days: 90 }],
        ]),
    },
    {
      name: "finding page: data (evidence, samples, fixes, history)",
      workspace: true,
      paths: () => trpc([["findings.get", { findingId: next(findingIds) }]]),
    },
  ];
  // Each scenario answers what its page shows before it is timed (a batch with a failed call still answers 2xx).
  for (const s of scenarios) {
    const res = await fetch(`${base}${s.paths()}`, {
      headers: { cookie, ...(s.workspace ? { "x-lantern-workspace": slug } : {}) },
    });
    const body = await res.text();
    if (res.status !== 200 || /"error"\s*:/.test(body))
      throw new Error(`${s.name} answered ${res.status}: ${body.slice(0, 300)}`);
  }
  const list = await (
    await fetch(`${base}${trpc([["inventory.endpoints", { sort: "calls", order: "desc", page: 1, pageSize: 50 }]])}`, {
      headers: { cookie, "x-lantern-workspace": slug },
    })
  ).text();
  if (!/"total":\s*5,?000\b|"total":5000/.test(list))
    console.log(`note: the list's total is not 5,000 endpoints: ${list.slice(0, 200)}`);

  for (const s of scenarios) {
    // A short warm-up, then one client (server time) and four at once (a busy team).
    await measure(base, cookie, slug, s, 1, 3);
    for (const connections of [1, 4]) {
      const r = await measure(base, cookie, slug, s, connections);
      console.log(
        `${s.name.padEnd(72)} ${String(connections).padStart(2)} conn  ${String(r.requests).padStart(6)} ok ${String(r.failed).padStart(4)} failed  ` +
          `p50 ${r.p50.toFixed(0).padStart(4)} ms  p95 ${r.p95.toFixed(0).padStart(4)} ms  p99 ${r.p99.toFixed(0).padStart(4)} ms`,
      );
    }
  }
} finally {
  await stack.stop();
}
