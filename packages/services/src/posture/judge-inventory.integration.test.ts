// The posture stage on a workspace's real pipeline: simulated traffic
// ingested, discovered and judged for abuse, then its inventory judged for
// posture, again after a change, and once more with nothing new.
import { withTenant } from "@lantern/db/client";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { detectUpload } from "../detection/detect-upload";
import { discoverUpload } from "../discovery/discover-upload";
import { createTestServices, ingestLines, testWorkspace } from "../testing";
import { acceptFinding, assignFinding, commentFinding, reopenFinding } from "./finding-triage";
import { getFinding, listFindings, postureSummary } from "./findings";
import { listEndpoints } from "../discovery/inventory";
import { judgeInventory, judgeUploadPosture } from "./judge-inventory";

const NGINX: FormatSpec = { id: "nginx", logFormat: SIM_NGINX_FORMAT };

describe("posture findings from an upload", { timeout: 120_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let uploadId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Posture");
    const requests = [...simulate({ start: new Date("2026-11-16T00:00:00Z"), days: 1, seed: 4 })];
    uploadId = await ingestLines(ctx, tenantId, requests.map(SIM_FORMATS.nginx), { source: "edge", formatSpec: NGINX });
    await discoverUpload({ db: ctx.db }, tenantId, uploadId);
  });
  afterAll(() => drop());

  const findings = () =>
    withTenant(ctx.db, tenantId, (tx) =>
      tx.postureFinding.findMany({ include: { endpoint: true }, orderBy: [{ check: "asc" }, { endpointId: "asc" }] }),
    );

  it("waits for detection, then writes a finding per weak endpoint and check, once per upload", async () => {
    expect(await judgeUploadPosture(ctx.db, tenantId, uploadId)).toMatchObject({ status: "SKIPPED" });
    await detectUpload({ db: ctx.db }, tenantId, uploadId);
    const outcome = await judgeUploadPosture(ctx.db, tenantId, uploadId);
    expect(outcome).toMatchObject({ status: "JUDGED", resolved: 0, reopened: 0 });
    const stored = await findings();
    expect(outcome.opened).toBe(stored.length);
    expect(outcome.score).toBeGreaterThan(0);
    expect(outcome.score).toBeLessThan(100);
    // The old app's token in transaction URLs, and customers' emails in refund URLs, as the simulator makes them.
    expect(stored.map((f) => `${f.check} ${f.endpoint.method} ${f.endpoint.template}`)).toEqual(
      expect.arrayContaining([
        "credentials-in-url GET /v1/accounts/{accountId}/transactions",
        "personal-data-in-url POST /partner/v2/refunds",
      ]),
    );
    const token = stored.find((f) => f.check === "credentials-in-url")!;
    expect(token).toMatchObject({
      id: expect.stringMatching(/^fnd_/),
      owasp: "API2",
      severity: "HIGH",
      status: "OPEN",
    });
    expect(token.fix).toContain("Authorization header");
    // Traffic time, not the judgement's: the simulated day.
    expect(token.lastSeen.toISOString().slice(0, 10)).toBe("2026-11-16");
    expect(await judgeUploadPosture(ctx.db, tenantId, uploadId)).toMatchObject({ status: "SKIPPED" });
    // Each endpoint's risk is written with its factors; the token's endpoint is among the riskier ones.
    const endpoints = await withTenant(ctx.db, tenantId, (tx) =>
      tx.apiEndpoint.findMany({
        select: { id: true, riskScore: true, riskFactors: true },
        orderBy: { riskScore: "desc" },
      }),
    );
    expect(endpoints.every((e) => e.riskScore >= 0 && e.riskScore <= 10)).toBe(true);
    const tokenEndpoint = endpoints.find((e) => e.id === token.endpointId)!;
    expect(tokenEndpoint.riskScore).toBeGreaterThan(endpoints.at(-1)!.riskScore);
    expect(tokenEndpoint.riskFactors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ part: "likelihood", detail: expect.stringContaining("open finding") }),
      ]),
    );
    // A few stored requests show each finding, personal data masked.
    const tokenDetail = await getFinding(ctx, tenantId, token.id);
    // The log is nginx's: the fix is given for nginx, and for no gateway the workspace does not run.
    expect(tokenDetail.fixes).toEqual([
      { family: "nginx", label: "nginx", fix: expect.stringContaining("$arg_access_token") },
    ]);
    const tokenSamples = tokenDetail.samples;
    expect(tokenSamples.length).toBeGreaterThan(0);
    expect(tokenSamples.every((r) => r.target.includes("access_token=eyJh…"))).toBe(true);
    const refundsFinding = stored.find((f) => f.check === "personal-data-in-url")!;
    const refundSamples = (await getFinding(ctx, tenantId, refundsFinding.id)).samples;
    expect(refundSamples.length).toBeGreaterThan(0);
    for (const r of refundSamples) expect(r.target).not.toMatch(/[a-z0-9._-]{2,}@/i);
    const summary = await postureSummary(ctx, tenantId, {});
    expect(summary.score).toBe(outcome.score);
    expect(summary.trend.at(-1)!.score).toBe(outcome.score);
    expect(summary.trend).toHaveLength(90);
  });

  it("keeps an accepted risk, resolves what no longer holds and reopens what comes back; a re-run writes the same", async () => {
    const before = await findings();
    const token = before.find((f) => f.check === "credentials-in-url")!;
    const refunds = before.find((f) => f.check === "personal-data-in-url")!;
    await withTenant(ctx.db, tenantId, (tx) =>
      tx.postureFinding.update({
        where: { id: token.id },
        data: { status: "ACCEPTED", acceptedReason: "old app, retiring" },
      }),
    );
    // The refunds endpoint stops carrying emails in its URL (its stats as if the partner fixed it).
    const stats = refunds.endpoint.stats as { sensitive?: Record<string, number> };
    await withTenant(ctx.db, tenantId, (tx) =>
      tx.apiEndpoint.update({ where: { id: refunds.endpointId }, data: { stats: { ...stats, sensitive: {} } } }),
    );
    const later = new Date(Date.now() + 60_000);
    const judged = await withTenant(ctx.db, tenantId, (tx) => judgeInventory(tx, tenantId, { now: later }));
    expect(judged.resolved).toBe(1);
    const after = await findings();
    expect(after).toHaveLength(before.length);
    expect(after.find((f) => f.id === token.id)).toMatchObject({ status: "ACCEPTED" });
    expect(after.find((f) => f.id === refunds.id)).toMatchObject({ status: "RESOLVED", resolvedAt: later });

    // The same figures again are not new evidence: it stays resolved. One more call with an email in the URL is.
    await withTenant(ctx.db, tenantId, (tx) =>
      tx.apiEndpoint.update({ where: { id: refunds.endpointId }, data: { stats } }),
    );
    await withTenant(ctx.db, tenantId, (tx) => judgeInventory(tx, tenantId, { now: new Date(later.getTime() + 1) }));
    expect((await findings()).find((f) => f.id === refunds.id)).toMatchObject({ status: "RESOLVED" });
    const more = Object.fromEntries(Object.entries(stats.sensitive ?? {}).map(([k, n]) => [k, n + 1]));
    await withTenant(ctx.db, tenantId, (tx) =>
      tx.apiEndpoint.update({ where: { id: refunds.endpointId }, data: { stats: { ...stats, sensitive: more } } }),
    );
    const third = await withTenant(ctx.db, tenantId, (tx) =>
      judgeInventory(tx, tenantId, { now: new Date(later.getTime() + 60_000) }),
    );
    expect(third.reopened).toBe(1);
    const again = await findings();
    expect(again.find((f) => f.id === refunds.id)).toMatchObject({ status: "OPEN", resolvedAt: null });
    expect(again.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
    const history = await getFinding(ctx, tenantId, refunds.id);
    expect(history.activity.map((a) => a.kind)).toEqual(["opened", "resolved", "reopened"]);
    // The changes feed says so too, at traffic time, beside new endpoints.
    const feed = await withTenant(ctx.db, tenantId, (tx) =>
      tx.apiChange.findMany({
        where: { endpointId: refunds.endpointId, kind: { in: ["FINDING_OPENED", "FINDING_RESOLVED"] } },
        orderBy: { createdAt: "asc" },
        select: { kind: true, detail: true, at: true },
      }),
    );
    expect(feed.map((c) => c.kind)).toEqual(["FINDING_OPENED", "FINDING_RESOLVED", "FINDING_OPENED"]);
    expect(feed[0]!.detail).toMatchObject({ template: "/partner/v2/refunds", severity: "medium" });
    expect(feed[0]!.at.toISOString().slice(0, 10)).toBe("2026-11-16");
  });

  it("resolves a finding after a week of traffic without new evidence", async () => {
    const open = (await findings()).filter((f) => f.status === "OPEN");
    const kept = open[0]!;
    // Eight days later, traffic on one endpoint shows its finding again; nothing else was seen.
    const eightDaysOn = new Date(kept.lastSeen.getTime() + 8 * 86_400_000);
    await withTenant(ctx.db, tenantId, async (tx) => {
      await tx.apiEndpoint.update({ where: { id: kept.endpointId }, data: { lastSeen: eightDaysOn } });
      await tx.postureFinding.updateMany({ where: { endpointId: kept.endpointId }, data: { lastSeen: eightDaysOn } });
    });
    const judged = await withTenant(ctx.db, tenantId, (tx) =>
      judgeInventory(tx, tenantId, { now: new Date(), changedSince: new Date(Date.now() + 86_400_000) }),
    );
    expect(judged.endpoints).toBe(0);
    const after = await findings();
    const stillOpen = after.filter((f) => f.status === "OPEN");
    expect(stillOpen.length).toBeGreaterThan(0);
    expect(stillOpen.every((f) => f.endpointId === kept.endpointId)).toBe(true);
    expect(judged.resolved).toBe(open.filter((f) => f.endpointId !== kept.endpointId).length);
    const stale = after.find((f) => f.id === open.find((o) => o.endpointId !== kept.endpointId)!.id)!;
    expect((await getFinding(ctx, tenantId, stale.id)).activity.at(-1)).toMatchObject({
      kind: "resolved",
      detail: { reason: "Not seen in 7 days of traffic." },
    });
    // Put them back for the triage test below.
    await withTenant(ctx.db, tenantId, (tx) =>
      tx.postureFinding.updateMany({
        where: { status: "RESOLVED", id: { in: open.map((f) => f.id) } },
        data: { status: "OPEN", resolvedAt: null },
      }),
    );
  });

  it("lists findings by OWASP category and severity; accepting a risk and taking it back are audited", async () => {
    const me = await withTenant(ctx.db, tenantId, (tx) => tx.membership.findFirstOrThrow({ select: { userId: true } }));
    const owner = { id: me.userId, label: "p@posture.test" };
    const open = await listFindings(ctx, tenantId, {});
    expect(open.rows.every((f) => f.status === "OPEN")).toBe(true);
    expect(open.byOwasp.map((c) => c.id)).toEqual([
      "API1",
      "API2",
      "API3",
      "API4",
      "API5",
      "API6",
      "API7",
      "API8",
      "API9",
      "API10",
    ]);
    // The token finding was accepted above: it is under "all", not among the open ones.
    expect((await listFindings(ctx, tenantId, { owasp: "API2" })).total).toBe(0);
    const api2 = await listFindings(ctx, tenantId, { owasp: "API2", status: "all" });
    expect(api2.rows.map((f) => f.check)).toEqual(["credentials-in-url"]);
    expect(api2.rows[0]!.endpoint.label).toBe("GET api.northwind.example/v1/accounts/{accountId}/transactions");
    const severities = open.rows.map((f) => f.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ["CRITICAL", "HIGH", "MEDIUM", "LOW"].indexOf(a) - ["CRITICAL", "HIGH", "MEDIUM", "LOW"].indexOf(b),
      ),
    );

    const id = api2.rows[0]!.id;
    // Accepted above (in the database): opened again first, so the score counts it.
    await reopenFinding(ctx, tenantId, { findingId: id }, { actor: owner });
    const scoreBefore = (await postureSummary(ctx, tenantId, {})).score;
    await expect(acceptFinding(ctx, tenantId, { findingId: id, reason: "" }, { actor: owner })).rejects.toThrow();
    await acceptFinding(ctx, tenantId, { findingId: id, reason: "old app, retiring", days: 30 }, { actor: owner });
    expect(await getFinding(ctx, tenantId, id)).toMatchObject({
      status: "ACCEPTED",
      acceptedReason: "old app, retiring",
    });
    expect((await listFindings(ctx, tenantId, { owasp: "API2" })).total).toBe(0);
    // An accepted risk no longer counts against the score.
    expect((await postureSummary(ctx, tenantId, {})).score).toBeGreaterThan(scoreBefore);
    await reopenFinding(ctx, tenantId, { findingId: id }, { actor: owner });
    expect(await getFinding(ctx, tenantId, id)).toMatchObject({ status: "OPEN", acceptedReason: null });
    expect((await postureSummary(ctx, tenantId, {})).score).toBe(scoreBefore);
    expect((await listFindings(ctx, tenantId, { owasp: "API2" })).total).toBe(1);

    await expect(
      assignFinding(ctx, tenantId, { findingId: id, ownerId: "usr_stranger" }, { actor: owner }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await assignFinding(ctx, tenantId, { findingId: id, ownerId: me.userId }, { actor: owner });
    await commentFinding(
      ctx,
      tenantId,
      { findingId: id, text: "Mobile team retires v1 in January." },
      { actor: owner },
    );
    expect((await listFindings(ctx, tenantId, { owner: me.userId })).rows.map((f) => f.id)).toEqual([id]);
    // The inventory names who is fixing the endpoint: the owner of its open finding.
    const inventory = await listEndpoints(ctx, tenantId, { search: "/transactions", pageSize: 10 });
    const transactions = inventory.rows.find((e) => e.template.endsWith("/transactions"))!;
    expect(transactions.owners).toEqual([expect.stringMatching(/\S/)]);
    expect(inventory.rows.filter((e) => e !== transactions).flatMap((e) => e.owners)).toEqual([]);
    const detail = await getFinding(ctx, tenantId, id);
    expect(detail.owner).toMatchObject({ id: me.userId });
    expect(detail.activity.map((a) => a.kind)).toEqual([
      "opened",
      "reopened",
      "accepted",
      "reopened",
      "assigned",
      "comment",
    ]);
    const audit = await withTenant(ctx.db, tenantId, (tx) =>
      tx.auditLog.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" }, select: { action: true } }),
    );
    expect(audit.map((a) => a.action)).toEqual([
      "finding.reopened",
      "finding.accepted",
      "finding.reopened",
      "finding.assigned",
      "finding.commented",
    ]);
    // Another workspace's finding is not found, as if it did not exist.
    await expect(getFinding(ctx, "ws_someoneelse", id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
