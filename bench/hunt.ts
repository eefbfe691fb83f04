// Hunting at scale (hunting issue; goals with 10,000,000 events over 30 days
// in one workspace: a selective query (one actor, 30 days) p95 < 500 ms; a
// broad query (status:>=500 over 30 days) with its histogram and facets
// p95 < 3 s; an actor timeline p95 < 500 ms). In process, against a fresh
// database:
//   1. 10,000,000 stored requests written straight into telemetry.events
//      (ingestion has its own benchmarks): 5,000 callers, three in four
//      signed in as a JWT subject, the rest anonymous addresses, each active
//      in 8 sessions of an hour spread over 30 days (2,000 requests each);
//      20 resources; 1 % server errors, 8 % 404, 3 % 401; 40 user agents;
//      8 countries. The actors and their active hours exist as detection
//      would have written them.
//   2. The reference: one count(*) over the workspace's 30 days, the cost
//      of reading every row once, in the same process.
//   3. Each hunt RUNS times: its parts as the page asks for them, one after
//      another (the page asks in parallel; this is the slower sum).
//   LANTERN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/hunt.ts [events]
import { Prisma as Sql } from "@lantern/db/client";
import { signUp } from "@lantern/services/accounts";
import { actorSessions } from "@lantern/services/detection/actor-sessions";
import { huntFacets } from "@lantern/services/hunt/groups";
import { huntHistogram, huntRows } from "@lantern/services/hunt/search";
import { createTestServices, testMeta } from "@lantern/services/testing";

const EVENTS = Number(process.argv[2] ?? 10_000_000);
const ACTORS = 5_000;
const RUNS = Number(process.argv[3] ?? 15);
const DAYS = 30;
const START = new Date("2026-10-01T00:00:00Z");
const END = new Date(START.getTime() + DAYS * 86_400_000);
const CHUNK = 1_000_000;
const SESSIONS = 8;
/** The hour (from START) of actor a's session s: spread over the 30 days, different per actor. */
const SESSION_HOUR = Sql.raw(`(((g % ${ACTORS}) * 97 + ((g / ${ACTORS}) % ${SESSIONS}) * 131) % ${DAYS * 24})`);

const { ctx, drop } = await createTestServices();
const { tenantId } = (
  await signUp(
    ctx,
    { name: "B", email: "b@hunt-bench.test", password: "bench password 1", workspaceName: "Hunt bench" },
    testMeta,
  )
).workspace;
const system = ctx.db.system;

try {
  const written = performance.now();
  await system.$executeRaw(Sql.sql`SELECT telemetry.ensure_event_partition(d::date)
    FROM generate_series(${START}::timestamptz, ${END}::timestamptz, interval '1 day') d`);
  for (let from = 0; from < EVENTS; from += CHUNK) {
    const to = Math.min(EVENTS, from + CHUNK);
    await system.$executeRaw(Sql.sql`
      INSERT INTO telemetry.events (tenant_id, ts, upload_id, line_no, method, host, path, status,
        response_bytes, latency_ms, user_agent, client_ip, identities, country, actor_key)
      SELECT ${tenantId},
        ${START}::timestamptz + ${SESSION_HOUR} * interval '1 hour' + (g / ${ACTORS * SESSIONS}) % 3600 * interval '1 second',
        'upl_bench', g,
        CASE WHEN g % 5 = 0 THEN 'POST' ELSE 'GET' END,
        'api.bench.test',
        '/api/v1/' || (ARRAY['users','orders','items','carts','payments','invoices','search','login','profile',
          'reviews','stores','coupons','shipments','returns','messages','files','reports','teams','keys','events'])[1 + g % 20]
          || CASE WHEN g % 3 = 0 THEN '' ELSE '/' || (g % 1000)::text END,
        CASE WHEN g % 97 = 0 THEN 500 WHEN g % 13 = 0 THEN 404 WHEN g % 29 = 0 THEN 401 ELSE 200 END,
        200 + g % 5000, 5 + (g % 300)::real,
        'app/' || (g % ${ACTORS}) % 40,
        ('81.2.' || (g % ${ACTORS}) / 250 || '.' || (g % ${ACTORS}) % 250 + 1)::inet,
        CASE WHEN (g % ${ACTORS}) % 4 = 0 THEN '[]'::jsonb
          ELSE jsonb_build_array(jsonb_build_object('kind', 'jwt_sub', 'value', 'u' || g % ${ACTORS}, 'source', 'jwt')) END,
        (ARRAY['US','NL','DE','FR','GB','BR','IN','JP'])[1 + (g % ${ACTORS}) % 8],
        CASE WHEN (g % ${ACTORS}) % 4 = 0 THEN NULL ELSE 'jwt_sub:u' || g % ${ACTORS} END
      FROM generate_series(${from + 1}::bigint, ${to}::bigint) g`);
    process.stdout.write(`\r${to.toLocaleString("en")} events written`);
  }
  await system.$executeRaw(Sql.sql`
    INSERT INTO actors (id, "tenantId", key, kind, label, "firstSeen", "lastSeen", calls, "updatedAt")
    SELECT 'act_bench' || a, ${tenantId},
      CASE WHEN a % 4 = 0 THEN 'ip:81.2.' || a / 250 || '.' || a % 250 + 1 ELSE 'jwt_sub:u' || a END,
      CASE WHEN a % 4 = 0 THEN 'ip' ELSE 'jwt_sub' END,
      CASE WHEN a % 4 = 0 THEN '81.2.' || a / 250 || '.' || a % 250 + 1 ELSE 'user u' || a END,
      ${START}, ${END}, ${Math.round(EVENTS / ACTORS)}, now()
    FROM generate_series(0, ${ACTORS - 1}) a`);
  await system.$executeRaw(Sql.sql`
    INSERT INTO actor_hourly ("tenantId", "actorId", hour, calls, failures, errors, bytes)
    SELECT ${tenantId}, 'act_bench' || a, ${START}::timestamptz + ((a * 97 + s * 131) % ${DAYS * 24}) * interval '1 hour',
      ${Math.round(EVENTS / ACTORS / SESSIONS)}, 0, 0, 0
    FROM generate_series(0, ${ACTORS - 1}) a, generate_series(0, ${SESSIONS - 1}) s
    ON CONFLICT DO NOTHING`);
  await system.$executeRawUnsafe("ANALYZE telemetry.events");
  console.log(`\nwritten and analysed in ${((performance.now() - written) / 1000).toFixed(0)} s`);

  const window = { from: START.toISOString(), to: END.toISOString() };
  const timed = async (what: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await what();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
    return { p50: q(0.5), p95: q(0.95) };
  };
  const reference = await timed(() =>
    system.$queryRaw(Sql.sql`SELECT count(*) FROM telemetry.events
      WHERE tenant_id = ${tenantId} AND ts >= ${START} AND ts < ${END}`),
  );
  const report = (name: string, goal: number, r: { p50: number; p95: number }) =>
    console.log(
      `${name}: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms (goal ${goal} ms); ratio to the full count ${(r.p95 / reference.p95).toFixed(2)}`,
    );
  console.log(
    `reference, count(*) over ${DAYS} days: p50 ${reference.p50.toFixed(0)} ms, p95 ${reference.p95.toFixed(0)} ms`,
  );
  let actor = 1;
  const selective = await timed(async () => {
    // A different signed-in actor each run, so no run reads what the last one cached.
    actor = (actor + 37) % ACTORS || 1;
    if (actor % 4 === 0) actor++;
    const hunt = { ...window, q: `actor:"user u${actor}"` };
    await huntHistogram(ctx, tenantId, hunt);
    await huntRows(ctx, tenantId, { ...hunt, limit: 100 });
  });
  report("selective (one actor, 30 days: histogram + newest 100)", 500, selective);
  const broad = await timed(async () => {
    const hunt = { ...window, q: "status:>=500" };
    await huntHistogram(ctx, tenantId, hunt);
    await huntRows(ctx, tenantId, { ...hunt, limit: 100 });
    await huntFacets(ctx, tenantId, hunt);
  });
  report("broad (status:>=500, 30 days: histogram + newest 100 + facets)", 3_000, broad);
  const timeline = await timed(async () => {
    // The actor page's timeline: every session, then the newest one opened.
    actor = (actor + 37) % ACTORS || 1;
    const { sessions } = await actorSessions(ctx, tenantId, `act_bench${actor}`);
    const newest = sessions[0]!;
    await huntFacets(ctx, tenantId, { q: `actor:act_bench${actor}`, from: newest.from, to: newest.to });
  });
  report("actor timeline (its sessions, the newest opened)", 500, timeline);
} finally {
  await drop();
}
