// A business entity under attack on generated series: one account reached by
// a crowd of new addresses, mostly refused; quiet on a popular product read
// by known users, on a payment link opened by new visitors (its own
// history; strangers are its usual callers), and on every day's
// one-owner-per-account traffic. The tenants
// callers' tokens name are entities too: one tenant's replayed tokens refused
// by the dozen stand out; a large tenant busy every hour does not; a tenant
// used by sixty new accounts from sixty networks its staff never used stands
// out, thirty newcomers at its office do not.
import { describe, expect, it } from "vitest";
import { Baselines } from "./baselines";
import { entityHistorySubjects, entityTargeting, entityWindowsOf, fewHoursChance } from "./detectors/entity-targeting";
import { ev, HOUR, T0 } from "./test-events";
import type { DetectionEvent } from "./types";

const account = (at: number, actor: string | null, id: number, e: Partial<DetectionEvent> = {}) =>
  ev(
    at,
    { template: "/v1/accounts/{accountId}/transactions", actor, clientIp: `81.2.${id % 250}.9`, ...e },
    `/v1/accounts/${id}/transactions`,
  );

/** 100 users reading their own account a few times a day for a day. */
function day(): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let h = 0; h < 24; h++)
    for (let u = 0; u < 100; u++)
      if ((h + u) % 4 === 0) out.push(account(T0 + h * HOUR + u * 1_000, `jwt_sub:u${u}`, 1000 + u));
  return out;
}
const byTime = (events: DetectionEvent[]) => events.sort((a, b) => a.ts - b.ts);
/** A call by a user of a tenant its token names (org_id), from `ip`. */
const use = (at: number, tenant: number, user: string, ip: string) =>
  ev(at, {
    template: "/v1/business/invoices",
    actor: `jwt_sub:t${tenant}-${user}`,
    clientIp: ip,
    entities: [{ name: "org_id", value: `t-${tenant}` }],
  });
/** Tenant t's office network. */
const office = (t: number) => `81.40.${t}.10`;
const known = (ip: string) => ip.startsWith("81.2.");

describe("business entity under attack", () => {
  it("flags one account reached by 60 new addresses in an hour, most refused", () => {
    const crowd = Array.from({ length: 60 }, (_, i) =>
      account(T0 + 30 * HOUR + i * 30_000, null, 1042, { clientIp: `45.${i}.7.9`, status: i % 5 ? 401 : 200 }),
    );
    const findings = entityTargeting(byTime([...day(), ...crowd]), { knownIps: known });
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      detector: "entity-targeting",
      actor: null,
      verdict: "attack",
      facts: { entity: { kind: "accountId", value: "1042" }, callers: 60, refused: 48, newCallers: 60 },
    });
    expect(f.endpoint).toEqual({
      host: "api.example",
      method: "GET",
      template: "/v1/accounts/{accountId}/transactions",
    });
    expect(f.title).toBe("accountId 1042 reached by 60 callers within an hour");
    expect(f.explanation).toMatch(
      /^accountId 1042 was called 60 times by 60 distinct callers in the hour from 06:00 UTC \(GET api\.example\/v1\/accounts\/\{accountId\}\/transactions\); one accountId is usually reached by 1 an hour/,
    );
    expect(f.explanation).toContain(
      "80% of the calls refused or missed; 60 of the callers from addresses never seen with a signed-in user.",
    );
    const crowdLines = new Set(crowd.map((e) => e.ref.line));
    expect(f.evidence.every((r) => crowdLines.has(r.line))).toBe(true);
  });

  it("stays quiet on a popular entity read by known users, and on ordinary days", () => {
    const sale = Array.from({ length: 80 }, (_, i) =>
      ev(
        T0 + 30 * HOUR + i * 20_000,
        { template: "/v1/products/{productId}", actor: `jwt_sub:u${i}`, clientIp: `81.2.${i}.9` },
        "/v1/products/77",
      ),
    );
    const quietDay = Array.from({ length: 48 }, (_, h) =>
      ev(
        T0 + h * HOUR,
        { template: "/v1/products/{productId}", actor: `jwt_sub:u${h}`, clientIp: `81.2.${h}.9` },
        `/v1/products/${h % 10}`,
      ),
    );
    expect(entityTargeting(byTime([...day(), ...quietDay, ...sale]), { knownIps: known })).toEqual([]);
    expect(entityTargeting(day(), { knownIps: known })).toEqual([]);
  });

  it("knows an entity crowded every hour from its own history: a viral payment link's visitors pass, a bot crowd ten times theirs does not", () => {
    // A payment link opened by 30 new visitors every hour for two days, beside links opened once an hour.
    const visits = (from: number, hours: number, perHour: number, prefix = "link") =>
      Array.from({ length: hours * perHour }, (_, i) =>
        ev(
          T0 + (from + Math.floor(i / perHour)) * HOUR + (i % perHour) * Math.floor(HOUR / perHour),
          {
            template: "/v1/paylinks/{paylinkId}",
            clientIp: `${prefix === "bot" ? 5 : 90}.${i % 250}.${Math.floor(i / 250)}.1`,
          },
          "/v1/paylinks/pl_viral",
        ),
      );
    const others = Array.from({ length: 48 * 10 }, (_, i) =>
      ev(
        T0 + Math.floor(i / 10) * HOUR + (i % 10) * 1_000,
        { template: "/v1/paylinks/{paylinkId}", clientIp: `90.9.${i % 250}.2` },
        `/v1/paylinks/pl_${i % 40}`,
      ),
    );
    const twoDays = byTime([...day(), ...others, ...visits(0, 48, 30)]);
    const baselines = new Baselines();
    const windows = entityWindowsOf(twoDays, { knownIps: known });
    expect(entityHistorySubjects(windows)).toEqual(["entity:paylinkId=pl_viral"]);
    expect(entityTargeting(twoDays, { knownIps: known, baselines, entityWindows: windows })).toEqual([]);
    // Its own history is stored; judged against it, the next day's visitors pass and a crowd of 300 bots an hour does not.
    const stored = new Baselines(baselines.changes());
    expect(
      entityTargeting(byTime([...others.map((e) => ({ ...e, ts: e.ts + 48 * HOUR })), ...visits(48, 1, 32)]), {
        knownIps: known,
        baselines: stored,
      }),
    ).toEqual([]);
    const bots = visits(50, 1, 300, "bot").map((e) => ({ ...e, status: 404 }));
    expect(entityTargeting(bots, { knownIps: known, baselines: stored }).map((f) => f.title)).toEqual([
      "paylinkId pl_viral reached by 300 callers within an hour",
    ]);
    // Without its own history, the first crowded hours are judged by their kind's norm, as any entity's: strangers
    // opening a link that strangers always open (no caller signed in) are no sign; on the accounts users read signed
    // in, the same crowd of strangers, answered, is one.
    expect(entityTargeting(byTime([...day(), ...others, ...visits(0, 3, 30)]), { knownIps: known })).toEqual([]);
    const strangers = Array.from({ length: 3 * 30 }, (_, i) =>
      account(T0 + Math.floor(i / 30) * HOUR + (i % 30) * 100_000, null, 1042, { clientIp: `90.${i}.3.1` }),
    );
    expect(entityTargeting(byTime([...day(), ...strangers]), { knownIps: known })).toHaveLength(3);
  });

  it("judges the tenant the callers' tokens name: forty of one tenant's users refused within an hour stand out, a large tenant's ordinary hours do not", () => {
    // 40 tenants of 3 users each use the app every hour for a day; tenant t-big has 40 users every hour.
    const use = (at: number, tenant: string, user: string, e: Partial<DetectionEvent> = {}) =>
      ev(at, {
        template: "/v1/reports",
        actor: `jwt_sub:${tenant}-${user}`,
        clientIp: `81.2.${tenant.length}.${user.length}`,
        entities: [{ name: "org_id", value: tenant }],
        ...e,
      });
    const day: DetectionEvent[] = [];
    for (let h = 0; h < 24; h++) {
      for (let t = 0; t < 40; t++)
        for (let u = 0; u < 3; u++) day.push(use(T0 + h * HOUR + (t * 3 + u) * 1_000, `t-${t}`, `u${u}`));
      for (let u = 0; u < 40; u++) day.push(use(T0 + h * HOUR + 200_000 + u * 1_000, "t-big", `u${u}`));
    }
    // The big tenant's crowd is usual for it; tokens name their tenant, the path names nothing.
    const windows = entityWindowsOf(byTime(day), { knownIps: known });
    // Every tenant keeps its callers' networks; of the crowds, only t-big's.
    expect(entityHistorySubjects(windows)).toHaveLength(41);
    expect(entityHistorySubjects(windows)).toContain("entity:org_id=t-big");
    const baselines = new Baselines();
    expect(entityTargeting(byTime(day), { knownIps: known, baselines, entityWindows: windows })).toEqual([]);
    const stored = new Baselines(baselines.changes());
    const nextHour = (t: number) => T0 + (24 + t) * HOUR;
    // An hour in which a quarter of t-big's calls carry expired tokens: its usual crowd, so quiet; by the norm of tenants in general it would not be.
    const ordinary = [
      ...Array.from({ length: 40 }, (_, u) =>
        use(nextHour(0) + u * 1_000, "t-big", `u${u}`, { status: u % 4 ? 200 : 401 }),
      ),
      ...Array.from({ length: 3 }, (_, u) => use(nextHour(0) + 90_000 + u, "t-7", `u${u}`)),
    ];
    expect(entityTargeting(byTime(ordinary), { knownIps: known, baselines: stored })).toEqual([]);
    const smallTenants = day.filter((e) => e.entities[0]!.value !== "t-big");
    expect(entityTargeting(byTime([...smallTenants, ...ordinary]), { knownIps: known }).map((f) => f.title)).toEqual([
      "org_id t-big (named in the callers' tokens) reached by 40 callers within an hour",
    ]);
    // Tenant t-7's tokens, 40 of them, replayed after they were revoked: mostly 401.
    const replayed = Array.from({ length: 40 }, (_, u) =>
      use(nextHour(1) + u * 20_000, "t-7", `x${u}`, { status: u % 4 ? 401 : 200 }),
    );
    const findings = entityTargeting(byTime([...ordinary, ...replayed]), { knownIps: known, baselines: stored });
    expect(findings.map((f) => f.title)).toEqual([
      "org_id t-7 (named in the callers' tokens) reached by 40 callers within an hour",
    ]);
    expect(findings[0]).toMatchObject({
      verdict: "suspicious",
      facts: { entity: { kind: "org_id", value: "t-7", source: "token" }, callers: 40, refused: 30 },
    });
    expect(findings[0]!.explanation).toContain("75% of the calls refused or missed");
  });

  it("judges where a tenant's users call from: a crowd spread over networks new to it stands out, even answered; newcomers at its office do not", () => {
    // 20 tenants of 4 staff, each tenant's staff at its office (one network), every hour of a day.
    const day: DetectionEvent[] = [];
    for (let h = 0; h < 24; h++)
      for (let t = 0; t < 20; t++)
        for (let u = 0; u < 4; u++) day.push(use(T0 + h * HOUR + (t * 4 + u) * 1_000, t, `u${u}`, office(t)));
    const baselines = new Baselines();
    expect(entityTargeting(byTime(day), { knownIps: () => true, baselines })).toEqual([]);
    const stored = new Baselines(baselines.changes());
    const next = T0 + 24 * HOUR;
    // Tenant 3 takes on 40 colleagues at once, at its office; tenant 5's tenant is taken over: 60 accounts minted,
    // each used from a proxy of its own. Every call is answered and every address came with a token.
    const newcomers = Array.from({ length: 40 }, (_, u) => use(next + u * 1_000, 3, `new${u}`, office(3)));
    const minted = Array.from({ length: 60 }, (_, u) => use(next + 60_000 + u * 1_000, 5, `x${u}`, `77.${u}.8.1`));
    const findings = entityTargeting(byTime([...newcomers, ...minted]), { knownIps: () => true, baselines: stored });
    expect(findings.map((f) => f.title)).toEqual([
      "org_id t-5 (named in the callers' tokens) reached by 60 callers within an hour",
    ]);
    expect(findings[0]!.explanation).toContain(
      "the callers came from 60 networks none of its users had called from before",
    );
    expect(findings[0]!.facts).toMatchObject({ newNetworks: 60, refused: 0 });
    // Learnt: the office stays known, the takeover's networks are not learnt (the hour was flagged).
    const after = new Baselines(stored.changes());
    const again = Array.from({ length: 60 }, (_, u) => use(next + HOUR + u * 1_000, 5, `x${u}`, `77.${u}.8.1`));
    expect(entityTargeting(again, { knownIps: () => true, baselines: after })).toHaveLength(1);
  });

  it("takes a crowd at an hour a tenant that keeps hours never called in for a second sign, and only for that", () => {
    // 10 tenants of 3 staff at their offices, 08:00 to 18:00, for three days.
    const history: DetectionEvent[] = [];
    for (let d = 0; d < 3; d++)
      for (let h = 8; h < 18; h++)
        for (let t = 0; t < 10; t++)
          for (let u = 0; u < 3; u++)
            history.push(use(T0 + (d * 24 + h) * HOUR + (t * 3 + u) * 1_000, t, `u${u}`, office(t)));
    const learnt = new Baselines();
    expect(entityTargeting(byTime(history), { knownIps: () => true, baselines: learnt })).toEqual([]);
    const judge = (events: DetectionEvent[]) =>
      entityTargeting(byTime(events), { knownIps: () => true, baselines: new Baselines(learnt.changes()) });
    const day4 = T0 + 72 * HOUR;
    const minted = (hour: number) =>
      Array.from({ length: 60 }, (_, u) => use(day4 + hour * HOUR + u * 1_000, 5, `x${u}`, `77.${u}.8.1`));

    // At 03:00, when tenant t-5's staff never work: new networks and off its hours, an attack.
    const night = judge(minted(3));
    expect(night).toHaveLength(1);
    expect(night[0]!.verdict).toBe("attack");
    expect(night[0]!.explanation).toContain(
      "What sets it apart: the callers came from 60 networks none of its users had called from before; none of its users had called between 03:00 and 04:00 UTC in 30 hours of its history.",
    );
    // The same crowd at 10:00: new networks only, suspicious.
    const office10 = judge(minted(10));
    expect(office10.map((f) => f.verdict)).toEqual(["suspicious"]);
    expect(office10[0]!.explanation).not.toContain("none of its users had called between");
    // Forty newcomers at t-3's office at 03:00 (a night shift starting): off its hours, but nothing else; no alert.
    const nightShift = Array.from({ length: 40 }, (_, u) => use(day4 + 3 * HOUR + u * 1_000, 3, `n${u}`, office(3)));
    expect(judge(nightShift)).toEqual([]);
  });

  it("works out the chance that entity-hours spread over the day fall on so few of its hours", () => {
    expect(fewHoursChance(22, 11)).toBeCloseTo(0.0186, 3);
    expect(fewHoursChance(30, 10)).toBeLessThan(0.001);
    // A tenant used around the clock, or seen for a few hours only, does not keep hours.
    expect(fewHoursChance(48, 24)).toBe(1);
    expect(fewHoursChance(6, 6)).toBe(1);
    expect(fewHoursChance(100_000, 23)).toBeLessThan(1e-5);
  });
});
