import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate, type SimRequest } from "@lantern/simulator/generate";
import { DECOYS } from "@lantern/simulator/business";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { processUpload } from "../ingest/process-upload";
import { spoolToDisk } from "../ingest/spool";
import { createUpload } from "../ingest/uploads";
import { createTestServices, testMeta } from "../testing";
import { discoverUpload } from "../discovery/discover-upload";
import { detectUpload } from "./detect-upload";
import { getAlert, listAlerts } from "./alerts";
import { bulkUpdateAlerts, commentAlert, updateAlert } from "./alert-triage";
import { getActor, listActors } from "./actors";
import { createSuppression, listSuppressions } from "./suppressions";
import { importThreatList } from "./threat-lists";
import { busiest } from "@lantern/engine/detection/windows";

const NGINX: FormatSpec = { id: "nginx", logFormat: SIM_NGINX_FORMAT };

// Each test ingests, discovers and judges days of traffic (two or three times over): minutes on a busy two-core machine.
describe("detection from uploads", { timeout: 120_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;

  /** Ingests, discovers and judges simulated days; returns the requests (line n is requests[n - 1]) and the upload id. */
  const run = (tenant: string, start: string, days: number, seed: number) =>
    runRequests(tenant, [...simulate({ start: new Date(start), days, seed })]);
  const runRequests = async (tenant: string, requests: SimRequest[]) => {
    const file = await spoolToDisk(
      Readable.from([Buffer.from(`${requests.map(SIM_FORMATS.nginx).join("\n")}\n`)]),
      ctx.config.dataDir,
      tenant,
      1e9,
    );
    const upload = await createUpload(
      ctx,
      tenant,
      { source: "edge", fileName: "edge.log", via: "api", formatSpec: NGINX },
      file,
    );
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenant, upload.id);
    await discoverUpload({ db: ctx.db }, tenant, upload.id);
    const outcome = await detectUpload({ db: ctx.db }, tenant, upload.id);
    return { requests, uploadId: upload.id, outcome };
  };
  const alerts = (tenant: string) =>
    withTenant(ctx.db, tenant, (tx) =>
      tx.alert.findMany({
        include: { actor: true, endpoint: true, activity: { orderBy: { at: "asc" } } },
        orderBy: { firstSeen: "asc" },
      }),
    );

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "D", email: "d@detection.test", password: "detection password", workspaceName: "Det" },
        testMeta,
      )
    ).workspace.tenantId;
    otherTenantId = (
      await signUp(
        ctx,
        { name: "O", email: "o@detection.test", password: "detection password", workspaceName: "Other" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("raises one explained alert per simulated attack, backed by the attack's own requests, on actors built from linked identities", async () => {
    // Northwind declares its decoys (Settings) before the logs arrive.
    await ctx.db.system.tenant.update({ where: { id: tenantId }, data: { decoyPaths: DECOYS } });
    const { requests, uploadId, outcome } = await run(tenantId, "2026-11-16T00:00:00Z", 3, 4);
    expect(outcome).toMatchObject({ status: "DETECTED", events: requests.length, raised: 21 });
    const raised = await alerts(tenantId);
    expect(raised.map((a) => a.detector).sort()).toEqual([
      "business-logic",
      "business-logic",
      "credential-stuffing",
      "decoy",
      "entity-targeting",
      "entity-targeting",
      "excessive-data",
      "function-level",
      "impossible-travel",
      "impossible-travel",
      "impossible-travel",
      "new-client",
      "new-geography",
      "new-geography",
      "new-geography",
      "object-enumeration",
      "refusals",
      "scanning",
      "scanning",
      "sequence",
      "sequence",
    ]);
    // The viral payment link, opened by dozens of new visitors every hour, raised nothing: it has a history of its own.
    const viral = requests
      .find((r) => r.scenario === "viral-paylink")!
      .path.split("/")
      .at(-1);
    const ownHistory = await withTenant(ctx.db, tenantId, (tx) =>
      tx.baseline.findFirstOrThrow({ where: { subject: `entity:paylinkId=${viral}` } }),
    );
    expect(ownHistory.n).toBeGreaterThan(48);
    // Each alert's evidence is the requests of one scenario, and its verdict fits it: attacks by their pattern; peer-group rarity, bursts of
    // reversals and a person's account in two places are for an analyst to decide; the partner that moved its servers is explained. (The stolen
    // key's burst is explained by its refunds, so no separate volume alert.)
    const expected: Record<string, [scenario: string, verdict: string]> = {
      "credential-stuffing": ["credential-stuffing", "ATTACK"],
      "object-enumeration": ["object-enumeration", "ATTACK"],
      "excessive-data": ["scraping", "ATTACK"],
      "scanning:scanner": ["scanner", "ATTACK"],
      "scanning:gateway-scanner": ["gateway-scanner", "ATTACK"],
      decoy: ["scanner", "ATTACK"],
      "function-level": ["function-level-abuse", "SUSPICIOUS"],
      "entity-targeting:account-targeting": ["account-targeting", "ATTACK"],
      // Sixty users of one company from sixty networks it never used: one sign, for an analyst to decide. That they came
      // at night is no second sign yet: 19 office hours over two days (seed 4) are too few to say the company keeps hours.
      "entity-targeting:tenant-takeover": ["tenant-takeover", "SUSPICIOUS"],
      "business-logic:stolen-key": ["stolen-key", "SUSPICIOUS"],
      "business-logic:create-cancel-abuse": ["create-cancel-abuse", "SUSPICIOUS"],
      "impossible-travel:revoked-key": ["revoked-key", "SUSPICIOUS"],
      refusals: ["revoked-key", "SUSPICIOUS"],
      "impossible-travel:stolen-key": ["stolen-key", "ATTACK"],
      "impossible-travel:account-takeover": ["account-takeover", "SUSPICIOUS"],
      "new-geography:partner-moved": ["partner-moved", "BENIGN_EXPLAINED"],
      "new-geography:sequential-traveller": ["sequential-traveller", "BENIGN_EXPLAINED"],
      "sequence:card-testing": ["card-testing", "SUSPICIOUS"],
      "sequence:hoarding": ["hoarding", "SUSPICIOUS"],
      "new-client": ["token-replay", "SUSPICIOUS"],
    };
    for (const a of raised) {
      const scenarios = [...new Set((a.evidence as { line: number }[]).map((ref) => requests[ref.line - 1]!.scenario))];
      const [scenario, verdict] =
        expected[
          ["impossible-travel", "business-logic", "scanning", "sequence", "new-geography", "entity-targeting"].includes(
            a.detector,
          )
            ? `${a.detector}:${scenarios[0]}`
            : a.detector
        ]!;
      expect(scenarios).toEqual([scenario]);
      expect(a).toMatchObject({ verdict, status: "NEW", occurrences: 1 });
      expect(a.activity.map((x) => x.kind)).toEqual(["raised"]);
    }
    const [keyTravel, accountTravel] = ["stolen-key", "account-takeover"].map(
      (s) =>
        raised.find(
          (a) =>
            a.detector === "impossible-travel" &&
            requests[(a.evidence as { line: number }[])[0]!.line - 1]!.scenario === s,
        )!,
    );
    expect(keyTravel!.explanation).toMatch(
      /^API key pk_l… #[\w-]+ was used from Germany and United Kingdom at the same time: 700 calls from Germany \(185\.220\.\d+\.\d+\) between 14:00 and 14:4\d UTC, while \d+ more came from United Kingdom, 815 km away\. One key cannot be in both places/,
    );
    expect(accountTravel!.title).toMatch(/^user usr_\w+ used from Brazil and \w+ at the same time$/);
    expect(accountTravel!.severity).toBe("HIGH");
    const scenarioOf = (a: (typeof raised)[number]) =>
      requests[(a.evidence as { line: number }[])[0]!.line - 1]!.scenario;
    const moved = raised.find((a) => a.detector === "new-geography" && scenarioOf(a) === "partner-moved")!;
    expect(moved.explanation).toContain(
      "in the same country (United Kingdom). It called only endpoints it already used: most likely it moved to a new address in the same country and kept its behaviour.",
    );
    const enumeration = raised.find((a) => a.detector === "object-enumeration")!;
    const walker = requests.find((r) => r.scenario === "object-enumeration")!.actor;
    expect(enumeration.actor!.label).toBe(`user ${walker}`);
    expect(enumeration.endpoint!.template).toBe("/v1/accounts/{accountId}");
    expect(enumeration.explanation).toMatch(
      new RegExp(
        `^user ${walker} touched 600 distinct objects on GET api\\.northwind\\.example/v1/accounts/\\{accountId\\} within an hour`,
      ),
    );
    // The walker is one actor for all its requests (a new token every hour, sign-ins without one).
    const own = (r: SimRequest) => r.actor === walker;
    expect(Number(enumeration.actor!.calls)).toBe(requests.filter(own).length);
    const hours = await withTenant(ctx.db, tenantId, (tx) =>
      tx.actorHourly.aggregate({ where: { actorId: enumeration.actorId! }, _sum: { calls: true } }),
    );
    expect(hours._sum.calls).toBe(requests.filter(own).length);
    const scraping = raised.find((a) => a.detector === "excessive-data")!;
    expect(scraping.actor!.label).toMatch(/^API key pk_l… #/);
    const stuffing = raised.find((a) => a.detector === "credential-stuffing")!;
    expect(stuffing).toMatchObject({ severity: "CRITICAL", actorId: null });
    expect(stuffing.endpoint!.template).toBe("/v1/auth/login");

    // Actors: the riskiest first (the stolen key: a critical alert), then the others with alerts at their strongest alert's severity × confidence.
    const actors = await listActors(ctx, tenantId, {});
    const decoyAlert = raised.find((a) => a.detector === "decoy")!;
    const refunds = raised.find((a) => a.detector === "business-logic" && a.actorId === keyTravel!.actorId)!;
    const bfla = raised.find((a) => a.detector === "function-level")!;
    expect(actors.rows[0]).toMatchObject({ id: keyTravel!.actorId, riskScore: 90 });
    const loop = raised.find((a) => a.detector === "business-logic" && a.actorId !== keyTravel!.actorId)!;
    const revoked = raised.find((a) => a.detector === "refusals")!;
    expect(revoked.explanation).toMatch(
      /^API key pk_l… #[\w-]+ was refused \(401\/403\) 60 times in the hour from 09:00 UTC, 100% of its 60 calls .*; API keys of partners\.northwind\.example are usually refused 0 times an hour/,
    );
    // The card tester's (the hoarder's payments in a row, earlier that day, are a sequence alert of their own).
    const carder = raised.find((a) => a.detector === "sequence" && a.firstSeen.getUTCHours() === 13)!;
    expect(carder).toMatchObject({ severity: "HIGH", endpoint: { template: "/v1/payments" } });
    expect(carder.explanation).toMatch(
      /^In the hour from 13:00 UTC, user usr_\w+ made 46 calls; 45 of its 45 steps from one call to the next are ones signed-in users of api\.northwind\.example take less than 1% of the time: POST \/v1\/payments → POST \/v1\/payments × 44 \((never in|0\.\d% of) [\d,]+ calls after POST \/v1\/payments\)/,
    );
    const replayed = raised.find((a) => a.detector === "new-client")!;
    expect(replayed.explanation).toMatch(
      /^user usr_\w+ made 15 calls with python-requests \([\d.]+\) from 21:\d\d UTC to 21:\d\d UTC: .*it only used NorthwindPay\. 2 of the other \d+ signed-in users of api\.northwind\.example have used python-requests\./,
    );
    const hoarder = raised.find((a) => a.detector === "sequence" && a.firstSeen.getUTCHours() === 7)!;
    const guesser = raised.find((a) => a.detector === "scanning" && a.actorId !== decoyAlert.actorId)!;
    expect(
      actors.rows
        .slice(0, 12)
        .map((r) => r.id)
        .sort(),
    ).toEqual(
      [
        hoarder.actorId,
        guesser.actorId,
        keyTravel!.actorId,
        enumeration.actorId,
        scraping.actorId,
        decoyAlert.actorId,
        bfla.actorId,
        accountTravel!.actorId,
        loop.actorId,
        revoked.actorId,
        carder.actorId,
        replayed.actorId,
      ].sort(),
    );
    expect(actors.rows.find((r) => r.id === enumeration.actorId)).toMatchObject({
      alerts: 1,
      riskScore: Math.round(75 * enumeration.confidence),
    });
    // The partner that moved has an alert, explained: it adds no risk.
    expect(actors.rows.find((r) => r.id === moved.actorId)).toMatchObject({ alerts: 1, riskScore: 0 });
    expect(refunds.explanation).toMatch(
      /^API key pk_l… #[\w-]+ made 70\d reversals \(POST partners\.northwind\.example\/partner\/v2\/refunds × 70\d\) and \d+ creations in the hour from 14:00 UTC: 9\d% of its state-changing calls undid something, 700 of the reversals from 185\.220\.\d+\.\d+; on partners\.northwind\.example the share is \d+(\.\d)?% over [\d,]+ other state-changing calls\./,
    );
    const targeted = raised.find((a) => a.detector === "entity-targeting" && a.title.startsWith("accountId"))!;
    expect(targeted.title).toMatch(/^accountId \d+ reached by 60 callers within an hour$/);
    // The taken-over tenant: answered, signed in, and from networks none of the company's staff ever used.
    const tenant = raised.find((a) => a.detector === "entity-targeting" && a.title.startsWith("org_id"))!;
    expect(tenant.title).toBe("org_id org_harbor (named in the callers' tokens) reached by 60 callers within an hour");
    expect(tenant.explanation).toContain("the callers came from 60 networks none of its users had called from before");
    expect(targeted.explanation).toContain(
      "100% of the calls refused or missed; 60 of the callers from addresses never seen with a signed-in user.",
    );
    expect(loop.explanation).toMatch(
      /^user usr_\w+ made 35 reversals \(DELETE api\.northwind\.example\/v1\/payments\/\{paymentId\} × 35\) and 3\d creations in the hour from 18:00 UTC/,
    );
    expect(decoyAlert.explanation).toMatch(
      /^45\.146\.\d+\.\d+ called the decoys \/\.git\/\*, \/v1\/admin\/export 9 times/,
    );
    expect(bfla.explanation).toMatch(
      /called GET api\.northwind\.example\/v1\/admin\/users \(40 calls, 40 answered; 3 of the other \d+ signed-in users of api\.northwind\.example ever called it\)/,
    );
    // Its profile lists the endpoints it used, the admin ones among them.
    const escalator = await getActor(ctx, tenantId, bfla.actorId!);
    expect(escalator.endpoints.map((e) => e.label)).toEqual(
      expect.arrayContaining([
        "GET api.northwind.example/v1/admin/users",
        "POST api.northwind.example/v1/admin/users/{userId}/unlock",
      ]),
    );
    expect(actors.rows[12]!.riskScore).toBe(0);
    const profile = await getActor(ctx, tenantId, enumeration.actorId!);
    // Its hourly tokens (one per hour it was active) and the addresses it called from signed in, each linked by a request of its own.
    const signedIn = requests.filter((r) => own(r) && r.authorization);
    expect(profile.identities.total).toBe(
      new Set(signedIn.map((r) => r.authorization)).size + new Set(signedIn.map((r) => r.clientIp)).size,
    );
    expect(profile.identities.shown.map((l) => l.kind)).toEqual(expect.arrayContaining(["bearer", "ip"]));
    expect(profile.traffic.reduce((n, d) => n + d.calls, 0)).toBe(requests.filter(own).length);
    expect(profile.traffic).toHaveLength(3);
    // The objects it touched on the accounts endpoint: the 600 it walked (its own among them), most of them other users' accounts.
    const accounts = profile.endpoints.find((e) => e.label === "GET api.northwind.example/v1/accounts/{accountId}")!;
    expect(accounts.objects!.count).toBe(600);
    expect(accounts.objects!.ownedByOthers).toBeGreaterThan(250);
    expect(accounts.objects!.ownedByOthers).toBeLessThan(400);
    expect((await listActors(ctx, tenantId, { search: walker })).rows.map((r) => r.id)).toEqual([enumeration.actorId]);
    await expect(getActor(ctx, otherTenantId, enumeration.actorId!)).rejects.toThrow(/not found/i);

    // Once only: a retried job judges nothing again.
    expect(await detectUpload({ db: ctx.db }, tenantId, uploadId)).toMatchObject({ status: "SKIPPED" });
    expect(await alerts(tenantId)).toHaveLength(21);
    // Another workspace sees none of it.
    expect(await alerts(otherTenantId)).toEqual([]);
    expect(await withTenant(ctx.db, otherTenantId, (tx) => tx.actor.count())).toBe(0);
  });

  it("merges the same actor doing the same again into its alert, and keeps a false positive quiet", async () => {
    // Three later days of the same business: the same user walks accounts again, the same partner key scrapes again, the same key is stolen again.
    const later = await run(tenantId, "2026-11-19T00:00:00Z", 3, 4);
    expect(later.outcome).toMatchObject({ status: "DETECTED", raised: 1, merged: 17 });
    const after = await alerts(tenantId);
    // A new credential-stuffing alert (another hour, another campaign); the walker's, the scraper's, the stolen key's, the account
    // thief's (Brazil was not learnt as that account's place), the probed account's, the taken-over tenant's (its proxies' networks were not learnt), the revoked key's (two), the card tester's (its order
    // was not learnt), the replayed token's (python-requests was not learnt as its client), the hoarder's and the scanners' (same
    // addresses) alerts grew.
    expect(after.filter((a) => a.detector === "impossible-travel").map((a) => a.occurrences)).toEqual([2, 2, 2]);
    expect(after.filter((a) => a.detector === "credential-stuffing")).toHaveLength(2);
    const enumeration = after.find((a) => a.detector === "object-enumeration")!;
    expect(enumeration).toMatchObject({ occurrences: 2, status: "NEW" });
    expect(enumeration.activity.map((x) => x.kind)).toEqual(["raised", "merged"]);
    expect(enumeration.lastSeen.getTime()).toBeGreaterThan(Date.parse("2026-11-19T00:00:00Z"));

    // The analyst says why it is fine: the walker's enumeration findings are suppressed from now on, visibly.
    const owner = (
      await withTenant(ctx.db, tenantId, (tx) =>
        tx.membership.findFirstOrThrow({ where: { tenantId }, include: { user: true } }),
      )
    ).user;
    await updateAlert(
      ctx,
      tenantId,
      { alertId: enumeration.id, status: "FALSE_POSITIVE", reason: "Support agent checking accounts" },
      { actor: { id: owner.id, label: owner.email } },
    );
    const third = await run(tenantId, "2026-11-22T00:00:00Z", 3, 4);
    expect(third.outcome).toMatchObject({ suppressed: 1, raised: 1 });
    const quiet = (await alerts(tenantId)).find((a) => a.id === enumeration.id)!;
    expect(quiet).toMatchObject({ status: "FALSE_POSITIVE", occurrences: 2 });
    expect(quiet.activity.map((x) => x.kind)).toEqual(["raised", "merged", "status", "suppressed"]);
    const [taught] = await listSuppressions(ctx, tenantId);
    expect(taught).toMatchObject({
      kind: "false-positive",
      detector: "object-enumeration",
      reason: "Support agent checking accounts",
      hits: 1,
      alert: { id: enumeration.id },
    });
    expect(taught!.actor!.id).toBe(enumeration.actorId);
    expect(await listSuppressions(ctx, otherTenantId)).toEqual([]);
    // Undone: back under investigation, the suppression is gone.
    await updateAlert(
      ctx,
      tenantId,
      { alertId: enumeration.id, status: "INVESTIGATING" },
      { actor: { id: owner.id, label: owner.email } },
    );
    expect(await listSuppressions(ctx, tenantId)).toEqual([]);
    await updateAlert(
      ctx,
      tenantId,
      { alertId: enumeration.id, status: "FALSE_POSITIVE", reason: "Support agent checking accounts" },
      { actor: { id: owner.id, label: owner.email } },
    );
  });

  it("triages: the queue, an alert with the requests behind it, assignment, comments, statuses and their history", async () => {
    const owner = (
      await withTenant(ctx.db, tenantId, (tx) =>
        tx.membership.findFirstOrThrow({ where: { tenantId }, include: { user: true } }),
      )
    ).user;
    const who = { actor: { id: owner.id, label: owner.email } };
    const queue = await listAlerts(ctx, tenantId, {});
    // The enumeration alert was marked a false positive above: it left the queue.
    expect(queue.rows.map((r) => r.detector).sort()).toEqual([
      "business-logic",
      "business-logic",
      "credential-stuffing",
      "credential-stuffing",
      "credential-stuffing",
      "decoy",
      "entity-targeting",
      "entity-targeting",
      "excessive-data",
      "function-level",
      "impossible-travel",
      "impossible-travel",
      "impossible-travel",
      "new-client",
      "new-geography",
      "new-geography",
      "new-geography",
      "refusals",
      "scanning",
      "scanning",
      "sequence",
      "sequence",
    ]);
    expect(queue.detectors).toEqual([
      "business-logic",
      "credential-stuffing",
      "decoy",
      "entity-targeting",
      "excessive-data",
      "function-level",
      "impossible-travel",
      "new-client",
      "new-geography",
      "object-enumeration",
      "refusals",
      "scanning",
      "sequence",
    ]);
    expect((await listAlerts(ctx, tenantId, { status: "FALSE_POSITIVE" })).rows.map((r) => r.detector)).toEqual([
      "object-enumeration",
    ]);
    expect((await listAlerts(ctx, tenantId, { detector: "excessive-data" })).total).toBe(1);
    // By actor and endpoint (named, so the queue can say whose alerts these are), and by when they were active.
    const travel = queue.rows.find((r) => r.detector === "impossible-travel")!;
    const byActor = await listAlerts(ctx, tenantId, { actor: travel.actor!.id, status: "all" });
    expect(byActor.about).toEqual({ actor: travel.actor, endpoint: null });
    expect(byActor.rows.length).toBeGreaterThanOrEqual(1);
    expect(byActor.rows.every((r) => r.actor?.id === travel.actor!.id)).toBe(true);
    const onEndpoint = queue.rows.find((r) => r.endpoint)!;
    const byEndpoint = await listAlerts(ctx, tenantId, { endpoint: onEndpoint.endpoint!.id, status: "all" });
    expect(byEndpoint.about.endpoint).toEqual(onEndpoint.endpoint);
    expect(byEndpoint.rows.map((r) => r.id)).toContain(onEndpoint.id);
    expect(byEndpoint.rows.every((r) => r.endpoint?.id === onEndpoint.endpoint!.id)).toBe(true);
    expect((await listAlerts(ctx, otherTenantId, { actor: travel.actor!.id, status: "all" })).about.actor).toBeNull();
    const all = await listAlerts(ctx, tenantId, { status: "all", pageSize: 200 });
    const decoy = queue.rows.find((r) => r.detector === "decoy")!;
    const at = decoy.firstSeen;
    const during = await listAlerts(ctx, tenantId, { status: "all", from: at, to: at, pageSize: 200 });
    expect(during.rows.map((r) => r.id).sort()).toEqual(
      all.rows
        .filter((r) => r.firstSeen <= at && r.lastSeen >= at)
        .map((r) => r.id)
        .sort(),
    );
    expect(during.rows.map((r) => r.id)).toContain(decoy.id);
    const latest = Math.max(...all.rows.map((r) => r.lastSeen.getTime()));
    expect((await listAlerts(ctx, tenantId, { status: "all", from: new Date(latest + 1) })).total).toBe(0);
    await expect(listAlerts(ctx, tenantId, { from: new Date(latest), to: new Date(latest - 1) })).rejects.toThrow(
      /ends before it starts/,
    );

    const scraping = queue.rows.find((r) => r.detector === "excessive-data")!;
    const alert = await getAlert(ctx, tenantId, scraping.id);
    // The evidence: the partner key's product pages, read back from the events, in time order.
    expect(alert.events.length).toBe(50);
    expect(alert.events.every((e) => e.path === "/v1/products" && e.method === "GET")).toBe(true);
    expect(alert.events.map((e) => e.ts.getTime())).toEqual(
      [...alert.events.map((e) => e.ts.getTime())].sort((x, y) => x - y),
    );
    expect(alert.measures.map((m) => m.name)).toContain("page size asked");
    // Its actor hour by hour, from the day before to six hours after: the harvesting hour stands out from the key's usual hours.
    expect(alert.timeline.subject).toBe("actor");
    const hours = alert.timeline.points;
    expect(hours.length).toBeGreaterThanOrEqual(24 + 6);
    expect(hours.every((p, i) => i === 0 || p.at.getTime() - hours[i - 1]!.at.getTime() === 3_600_000)).toBe(true);
    const burst = hours.reduce((x, y) => (y.calls > x.calls ? y : x));
    expect(burst.at.getTime()).toBe(Math.floor(alert.firstSeen.getTime() / 3_600_000) * 3_600_000);
    expect(burst.calls).toBeGreaterThanOrEqual(400);
    const quiet = hours
      .filter((p) => p !== burst)
      .map((p) => p.calls)
      .sort((x, y) => x - y);
    expect(quiet[Math.floor(quiet.length / 2)]!).toBeLessThan(burst.calls / 5);

    await updateAlert(ctx, tenantId, { alertId: alert.id, assigneeId: owner.id, status: "INVESTIGATING" }, who);
    await commentAlert(ctx, tenantId, { alertId: alert.id, text: "partner-006 says a new sync job; checking" }, who);
    await expect(updateAlert(ctx, tenantId, { alertId: alert.id, status: "FALSE_POSITIVE" }, who)).rejects.toThrow(
      /Say why/,
    );
    await expect(updateAlert(ctx, tenantId, { alertId: alert.id, assigneeId: "usr_notamember" }, who)).rejects.toThrow(
      /members of this workspace/,
    );
    await updateAlert(
      ctx,
      tenantId,
      { alertId: alert.id, status: "FALSE_POSITIVE", reason: "Agreed catalogue export" },
      who,
    );
    const after = await getAlert(ctx, tenantId, alert.id);
    expect(after).toMatchObject({ status: "FALSE_POSITIVE", assignee: { id: owner.id } });
    expect(after.activity.map((x) => [x.kind, x.by])).toEqual([
      // Raised by the first upload, merged by the two later ones.
      ["raised", null],
      ["merged", null],
      ["merged", null],
      ["assigned", owner.name],
      ["status", owner.name],
      ["comment", owner.name],
      ["status", owner.name],
    ]);
    expect(after.activity.at(-1)!.detail).toEqual({
      from: "INVESTIGATING",
      to: "FALSE_POSITIVE",
      reason: "Agreed catalogue export",
    });
    expect((await listAlerts(ctx, tenantId, {})).rows.map((r) => r.id)).not.toContain(alert.id);
    // Undo: back to the queue.
    await updateAlert(ctx, tenantId, { alertId: alert.id, status: "NEW" }, who);
    expect((await listAlerts(ctx, tenantId, { assignee: owner.id })).rows.map((r) => r.id)).toEqual([alert.id]);

    // Bulk: this workspace's alerts only; another workspace's id is ignored.
    const stuffing = queue.rows.filter((r) => r.detector === "credential-stuffing").map((r) => r.id);
    expect(await bulkUpdateAlerts(ctx, otherTenantId, { alertIds: stuffing, status: "RESOLVED" }, who)).toEqual({
      updated: 0,
    });
    expect(await bulkUpdateAlerts(ctx, tenantId, { alertIds: stuffing, status: "RESOLVED" }, who)).toEqual({
      updated: 3,
    });
    expect((await listAlerts(ctx, tenantId, { detector: "credential-stuffing" })).rows).toEqual([]);
    expect((await listAlerts(ctx, tenantId, { detector: "excessive-data" })).rows.map((r) => r.id)).toEqual([alert.id]);
    await expect(getAlert(ctx, otherTenantId, alert.id)).rejects.toThrow(/not found/i);
  });

  it("judges the tenant its callers' tokens name: one customer's revoked tokens replayed by the dozen are an alert about that customer", async () => {
    const tenant = (
      await signUp(
        ctx,
        { name: "B", email: "b@detection.test", password: "detection password", workspaceName: "B2B" },
        testMeta,
      )
    ).workspace.tenantId;
    // A B2B API: 30 customer organisations with 3 users each, every hour for a day; each user's token names its organisation.
    const token = (sub: string, org: string) =>
      `Bearer eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub, org_id: org, iss: "https://id.saas.example" })).toString("base64url")}.c2lnbmF0dXJlLW9mLTQzLWNoYXJhY3RlcnMtbm90LWNoZWNrZWQ`;
    const call = (ts: number, org: string, user: string, ip: string, status = 200): SimRequest => ({
      ts,
      method: "GET",
      host: "api.saas.example",
      path: "/v1/reports",
      status,
      bytes: 900,
      latencyMs: 20,
      clientIp: ip,
      peerIp: "10.0.0.2",
      forwardedFor: ip,
      userAgent: "ReportsApp/3.1",
      authorization: token(`${org}-${user}`, org),
      endpoint: "/v1/reports",
      scenario: "normal",
      attack: false,
      actor: `${org}-${user}`,
    });
    const t0 = Date.parse("2026-11-16T00:00:00Z");
    const day: SimRequest[] = [];
    for (let h = 0; h < 24; h++)
      for (let o = 0; o < 30; o++)
        for (let u = 0; u < 3; u++)
          day.push(call(t0 + h * 3_600_000 + (o * 3 + u) * 10_000, `org-${o}`, `u${u}`, `81.2.${o}.${u + 1}`));
    // The next hour, 40 revoked tokens of org-7's users replayed from one host: 30 of them refused.
    const replay = Array.from({ length: 40 }, (_, i) => ({
      ...call(t0 + 24 * 3_600_000 + i * 30_000, "org-7", `x${i}`, "185.100.87.9", i % 4 ? 401 : 200),
      scenario: "org-replay",
      attack: true,
    }));
    const { outcome } = await runRequests(tenant, [...day, ...replay]);
    expect(outcome).toMatchObject({ status: "DETECTED", events: day.length + replay.length });
    const entity = (await alerts(tenant)).filter((a) => a.detector === "entity-targeting");
    expect(entity.map((a) => a.title)).toEqual([
      "org_id org-7 (named in the callers' tokens) reached by 40 callers within an hour",
    ]);
    expect(entity[0]!.facts).toMatchObject({
      entity: { kind: "org_id", value: "org-7", source: "token" },
      callers: 40,
      refused: 30,
    });
    // The organisation links no one: each user is an actor of their own.
    expect((await listActors(ctx, tenant, { pageSize: 200 })).total).toBe(30 * 3 + 40);
  });

  it("judges a small batch against the history it joins, and lets an allow-listed network through", async () => {
    const tenant = (
      await signUp(
        ctx,
        { name: "S", email: "s@detection.test", password: "detection password", workspaceName: "Small" },
        testMeta,
      )
    ).workspace.tenantId;
    const owner = (
      await withTenant(ctx.db, tenant, (tx) =>
        tx.membership.findFirstOrThrow({ where: { tenantId: tenant }, include: { user: true } }),
      )
    ).user;
    // A threat list naming the range the simulated scanner comes from.
    await importThreatList(
      ctx,
      tenant,
      { name: "Spamhaus DROP", text: "; DROP\n45.146.164.0/22 ; SBL571235\n" },
      { id: owner.id, label: owner.email },
    );
    const history = await run(tenant, "2026-11-16T00:00:00Z", 3, 5);
    const listed = (await alerts(tenant)).filter((a) => a.detector === "threat-intel");
    expect(listed).toHaveLength(1);
    expect(listed[0]!.explanation).toMatch(
      /^45\.146\.\d+\.\d+ made 150 calls \(\d+ answered\) from 45\.146\.\d+\.\d+, listed in "Spamhaus DROP"\.$/,
    );
    expect(
      new Set((listed[0]!.evidence as { line: number }[]).map((ref) => history.requests[ref.line - 1]!.scenario)),
    ).toEqual(new Set(["scanner"]));
    const walk = [...simulate({ start: new Date("2026-11-19T00:00:00Z"), days: 1, seed: 5 })].filter(
      (r) => r.scenario === "object-enumeration",
    );
    // 600 requests of one actor alone: judged only against themselves they would be the norm; against the stored
    // baseline of the endpoint (users touch 1 or 2 accounts an hour) they are the walk again.
    const small = await runRequests(tenant, walk);
    expect(small.outcome).toMatchObject({ events: 600, raised: 0, merged: 1 });
    const stored = await withTenant(ctx.db, tenant, (tx) =>
      tx.baseline.findMany({ where: { measure: "distinct objects per actor-hour" } }),
    );
    expect(stored.map((b) => b.subject)).toContain("GET api.northwind.example/v1/accounts/{accountId}");
    // The same for the pay-and-cancel loop, the probed account and the card tester, alone a day later: the host's share of reversals,
    // the callers an account usually has and what users call after paying come from the stored history (alone, 35 cancellations,
    // 60 callers and 45 payments in a row would be their own norm).
    const alone = new Set(["create-cancel-abuse", "account-targeting", "card-testing"]);
    const later = history.requests.filter((r) => alone.has(r.scenario)).map((r) => ({ ...r, ts: r.ts + 86_400_000 }));
    expect(await runRequests(tenant, later).then((r) => r.outcome)).toMatchObject({ raised: 0, merged: 3 });
    const next = await withTenant(ctx.db, tenant, (tx) =>
      tx.baseline.findFirstOrThrow({
        where: {
          measure: "next call of jwt_sub@api.northwind.example",
          subject: "POST api.northwind.example/v1/payments",
        },
      }),
    );
    // After paying, users read the payment; the tester's payments in a row were not learnt.
    expect(busiest(new Map(Object.entries(next.counts as Record<string, number>)))).toBe(
      "GET api.northwind.example/v1/payments/{paymentId}",
    );
    expect((next.counts as Record<string, number>)["POST api.northwind.example/v1/payments"] ?? 0).toBeLessThan(5);

    // The walker's address allow-listed (an internal audit, say): the same walk is counted on the suppression, not raised.
    const who = { id: owner.id, label: owner.email };
    await expect(
      createSuppression(ctx, tenant, { kind: "network", cidr: "not a range", reason: "x" }, who),
    ).rejects.toThrow(/not an IP range/);
    await createSuppression(
      ctx,
      tenant,
      { kind: "network", cidr: `${walk[0]!.clientIp}/32`, reason: "Audit team's office" },
      who,
    );
    const again = await runRequests(
      tenant,
      walk.map((r) => ({ ...r, ts: r.ts + 86_400_000 })),
    );
    expect(again.outcome).toMatchObject({ raised: 0, merged: 0, suppressed: 1 });
    expect(await listSuppressions(ctx, tenant)).toMatchObject([
      { kind: "network", hits: 1, reason: "Audit team's office" },
    ]);

    // The workspace's own vulnerability scanner, inside its network: raised, but as benign-explained and low, saying why.
    const internalScan = history.requests
      .filter((r) => r.scenario === "scanner")
      .map((r) => ({ ...r, ts: r.ts + 3 * 86_400_000, clientIp: "10.9.9.9", forwardedFor: "10.9.9.9" }));
    await runRequests(tenant, internalScan);
    const own = (await alerts(tenant)).find((a) => a.detector === "scanning" && a.actor?.key === "ip:10.9.9.9")!;
    expect(own).toMatchObject({ verdict: "BENIGN_EXPLAINED", severity: "LOW" });
    expect(own.explanation).toContain(
      "Every request behind it came from your internal networks (10.9.9.9): most likely your own scanner.",
    );
  });
});
