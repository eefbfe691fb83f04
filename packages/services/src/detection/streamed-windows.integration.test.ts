// Detection over a stream: the same simulated days sent as one file, as a
// log shipper sends them (one upload per hour, cut at 23 minutes past), and
// as one file judged in small parts. Windows that the cuts split are judged
// whole (the source's events judged before are read again with each part),
// each hour is learnt once, and a window judged again is the same alert.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import type { EventRef } from "@lantern/engine/detection/actors";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate, type SimRequest } from "@lantern/simulator/generate";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { discoverUpload } from "../discovery/discover-upload";
import { createTestServices, ingestLines, testMeta } from "../testing";
import { detectUpload } from "./detect-upload";

const HOUR = 3_600_000;
const CUT = 23 * 60_000;

describe("detection over a stream of uploads", { timeout: 300_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  // The pay-and-cancel loop thinned to the 16 loops between 11 and 35 minutes past: 8 on each side of the cut, each
  // side short of a burst (10 reversals), the hour one.
  const requests = [...simulate({ start: new Date("2026-11-16T00:00:00Z"), days: 3, seed: 4 })].filter(
    (r) => r.scenario !== "create-cancel-abuse" || (r.ts % HOUR >= 11 * 60_000 && r.ts % HOUR < 35 * 60_000),
  );

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
  });
  afterAll(() => drop());

  const workspace = async (name: string) =>
    (
      await signUp(
        ctx,
        { name, email: `${name}@stream.test`, password: "stream password 1", workspaceName: name },
        testMeta,
      )
    ).workspace.tenantId;

  /** One upload of the shipper's lines through ingestion, discovery and detection; returns its id. */
  const send = async (tenantId: string, lines: SimRequest[], partEvents?: number) => {
    const formatSpec = { id: "nginx" as const, logFormat: SIM_NGINX_FORMAT };
    const uploadId = await ingestLines(ctx, tenantId, lines.map(SIM_FORMATS.nginx), { source: "shipper", formatSpec });
    await discoverUpload({ db: ctx.db }, tenantId, uploadId);
    await detectUpload({ db: ctx.db, partEvents }, tenantId, uploadId);
    return uploadId;
  };

  /** The lines of three days from `start` as a shipper sends them: an upload an hour, cut at 23 minutes past. */
  const sendHourly = async (tenantId: string, lines: SimRequest[], start: number) => {
    for (let h = 0; h <= 72; h++)
      await send(
        tenantId,
        lines.filter((r) => Math.floor((r.ts - CUT) / HOUR) === Math.floor((start - CUT) / HOUR) + h),
      );
  };

  /** Each alert as "detector on scenario" (the scenario most of its evidence comes from), with its evidence's uploads. */
  const judged = async (tenantId: string, startOf: Map<string, number>) => {
    const alerts = await withTenant(ctx.db, tenantId, (tx) => tx.alert.findMany({ orderBy: { firstSeen: "asc" } }));
    return alerts.map((a) => {
      const refs = a.evidence as EventRef[];
      const scenarios = refs.map((r) => requests[startOf.get(r.uploadId)! + r.line - 1]!.scenario);
      const top = [...new Set(scenarios)].sort(
        (x, y) => scenarios.filter((s) => s === y).length - scenarios.filter((s) => s === x).length,
      )[0]!;
      return {
        key: `${a.detector} on ${top}`,
        verdict: a.verdict,
        occurrences: a.occurrences,
        from: a.firstSeen.getTime(),
        to: a.lastSeen.getTime(),
      };
    });
  };
  const baselineN = (tenantId: string, measure: string) =>
    withTenant(ctx.db, tenantId, (tx) =>
      tx.baseline.findMany({ where: { measure }, select: { subject: true, n: true } }),
    );

  it("finds in hourly uploads what it finds in one file, learns each hour once, and keeps one alert per window", async () => {
    const batchTenant = await workspace("batch");
    const batchUpload = await send(batchTenant, requests);
    const batch = await judged(batchTenant, new Map([[batchUpload, 0]]));

    const streamTenant = await workspace("streamed");
    const startOf = new Map<string, number>();
    for (let start = 0; start < requests.length; ) {
      const hour = Math.floor((requests[start]!.ts - CUT) / HOUR);
      let end = start;
      while (end < requests.length && Math.floor((requests[end]!.ts - CUT) / HOUR) === hour) end++;
      startOf.set(await send(streamTenant, requests.slice(start, end)), start);
      start = end;
    }
    expect(startOf.size).toBe(73);
    const streamed = await judged(streamTenant, startOf);

    const attacks = new Set(requests.filter((r) => r.attack).map((r) => r.scenario));
    const found = (list: typeof batch) =>
      new Set(list.filter((a) => a.verdict !== "BENIGN_EXPLAINED").map((a) => a.key.split(" on ")[1]!));
    expect(found(batch)).toEqual(attacks);
    expect(found(streamed)).toEqual(attacks);
    // The same alerts, bar none: nothing raised on normal traffic in either.
    expect(streamed.map((a) => a.key).sort()).toEqual(batch.map((a) => a.key).sort());
    const loops = requests.filter((r) => r.scenario === "create-cancel-abuse" && r.method === "POST");
    expect(loops.filter((r) => r.ts % HOUR < CUT).length).toBe(8);
    expect(loops.filter((r) => r.ts % HOUR >= CUT).length).toBe(8);
    // The hoarder's half hour runs across a cut: one alert, over both sides of it, of one occurrence.
    const hoarding = requests.filter((r) => r.scenario === "hoarding");
    const cut = Math.floor((hoarding.at(-1)!.ts - CUT) / HOUR) * HOUR + CUT;
    expect(hoarding[0]!.ts).toBeLessThan(cut);
    const alert = streamed.find((a) => a.key.endsWith(" on hoarding"))!;
    expect(alert.from).toBeLessThan(cut);
    expect(alert.to).toBe(hoarding.at(-1)!.ts);
    expect(alert.occurrences).toBe(1);

    // Each endpoint's failed sign-ins per hour, learnt once per hour: the stream learns the hours the file does,
    // bar its last (no upload closed it); judged twice and learnt each time, it would learn nearly twice as many.
    const inFile = await baselineN(batchTenant, "failed sign-ins per hour");
    const inStream = await baselineN(streamTenant, "failed sign-ins per hour");
    expect(inFile.length).toBeGreaterThan(0);
    for (const b of inFile) {
      const s = inStream.find((x) => x.subject === b.subject)!;
      expect(b.n - s.n).toBeGreaterThanOrEqual(0);
      expect(b.n - s.n).toBeLessThanOrEqual(1);
    }
  });

  it("counts an hour that an upload cut splits once: a busy hour is no burst, a burst keeps its size", async () => {
    // A partner that calls three times an hour for two days and a half, then, on day 3: at 10:00 17 calls (15 before
    // the cut), a busy hour but not ten times its usual; at 15:00 48 calls (8 before the cut), a burst.
    const base = requests.find((r) => r.scenario === "partner" && r.method === "GET")!;
    const start = Date.parse("2026-11-16T00:00:00Z");
    const call = (ts: number, scenario = "acme"): SimRequest => ({
      ...base,
      ts,
      path: base.path.replace(/ch_\w+/, `ch_${(ts % 1e9).toString(16).padStart(24, "0")}`),
      clientIp: "198.51.100.77",
      forwardedFor: "198.51.100.77",
      userAgent: "AcmeBooks/2.1",
      apiKey: `pk_live_${"ac".repeat(12)}`,
      actor: "acme",
      scenario,
      attack: scenario === "acme-burst",
    });
    const quiet = start + 58 * HOUR;
    const busy = start + 63 * HOUR;
    const lines: SimRequest[] = [];
    for (let h = 0; h < 72; h++) {
      const at = start + h * HOUR;
      if (at === quiet)
        for (let i = 0; i < 17; i++) lines.push(call(at + (i < 15 ? i + 1 : 40 + i) * 60_000, "acme-busy-hour"));
      else if (at === busy)
        for (let i = 0; i < 48; i++)
          lines.push(call(at + (i < 8 ? i * 2 : 25 + (i - 8) * 0.75) * 60_000, "acme-burst"));
      else for (const m of [5, 25, 45]) lines.push(call(at + m * 60_000));
    }
    const volumeAlerts = async (tenantId: string) =>
      (await withTenant(ctx.db, tenantId, (tx) => tx.alert.findMany({ where: { detector: "volume" } }))).map((a) => ({
        from: a.firstSeen.getTime(),
        calls: (a.facts as { calls: number }).calls,
      }));

    const file = await workspace("acme-file");
    await send(file, lines);
    const hourly = await workspace("acme-hourly");
    await sendHourly(hourly, lines, start);
    const inFile = await volumeAlerts(file);
    expect(inFile).toEqual([{ from: busy, calls: 48 }]);
    expect(await volumeAlerts(hourly)).toEqual(inFile);
  });

  it("counts an object's calls that an upload cut splits once: its owner stays its owner", async () => {
    // 40 account holders each read their own account 4 times over two days. On day 3 one key reads all 40 accounts
    // between 10:00 and 10:45, 30 of them before the cut. Read again with the next upload, those 30 calls were also
    // in the stored who-called-what: counted twice, the walker made 2 of an account's 6 calls, and its holder, with
    // 4 of 6, no longer "nearly all" of them (80%).
    const base = requests.find((r) => /^\/v1\/accounts\/\d+$/.test(r.path) && r.method === "GET")!;
    const start = Date.parse("2026-11-16T00:00:00Z");
    const accounts = Array.from({ length: 40 }, (_, k) => 100_000 + ((k * 7_919 + k * k * 31) % 90_000));
    const call = (ts: number, holder: number, account: number, scenario: string): SimRequest => ({
      ...base,
      ts,
      path: `/v1/accounts/${account}`,
      query: undefined,
      authorization: undefined,
      clientIp: `198.51.${100 + (holder % 50)}.${10 + holder}`,
      forwardedFor: `198.51.${100 + (holder % 50)}.${10 + holder}`,
      userAgent: "Holder/1.0",
      apiKey: `pk_live_${holder.toString(16).padStart(24, "0")}`,
      actor: `holder-${holder}`,
      scenario,
      attack: scenario === "walk",
    });
    const lines: SimRequest[] = [];
    accounts.forEach((account, k) => {
      for (const h of [3, 15, 27, 39])
        lines.push(call(start + (h + (k % 7)) * HOUR + k * 60_000, k, account, "holder"));
    });
    const walk = start + 58 * HOUR;
    accounts.forEach((account, k) => {
      lines.push(call(walk + (k < 30 ? 1 + k * 0.7 : 24 + (k - 30) * 2) * 60_000, 99, account, "walk"));
    });
    lines.sort((a, b) => a.ts - b.ts);
    const enumeration = async (tenantId: string) =>
      (
        await withTenant(ctx.db, tenantId, (tx) => tx.alert.findMany({ where: { detector: "object-enumeration" } }))
      ).map((a) => ({ verdict: a.verdict, ownedByOthers: (a.facts as { ownedByOthers: number }).ownedByOthers }));

    const file = await workspace("holders-file");
    await send(file, lines);
    const hourly = await workspace("holders-hourly");
    await sendHourly(hourly, lines, start);
    const inFile = await enumeration(file);
    expect(inFile).toEqual([{ verdict: "ATTACK", ownedByOthers: 40 }]);
    expect(await enumeration(hourly)).toEqual(inFile);
  });

  it("judges one file read in small parts as it judges it whole", async () => {
    const tenant = await workspace("parts");
    const upload = await send(tenant, requests, 4_000);
    const whole = await workspace("whole");
    const wholeUpload = await send(whole, requests);
    const inParts = await judged(tenant, new Map([[upload, 0]]));
    const inOne = await judged(whole, new Map([[wholeUpload, 0]]));
    expect(inParts.map((a) => a.key).sort()).toEqual(inOne.map((a) => a.key).sort());
  });
});
