// Response policies on the real database: a dry run over stored alerts says
// what a policy would have done (and what the allow list spares) before it
// may be switched on; once on, it acts on new alerts only, once each,
// blocking (AUTO) or suggesting (SUGGEST) and notifying a webhook that
// receives the alert with its blocks.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { blockAlertAddresses, previewAlertAddresses } from "./alert-block";
import { addAllow } from "./allow-list";
import { listBlocks } from "./block-list";
import { attemptDelivery, listDeliveries } from "./deliveries";
import { createIntegration } from "./integrations";
import { createPolicy, listPolicies, setPolicyEnabled, updatePolicy } from "./policies";
import { type AlertDryRun, dryRunPolicy } from "./policy-dry-run";
import { alertMatches, decideSuggestion } from "./policy-matches";
import { runPolicies } from "./policy-run";
import { type HttpReceiver, startHttpReceiver } from "./receivers.testing";

const who = { actor: { id: "usr_test", label: "soc@policies.test" } };

/** Quiet sign-ins, then an hour of failures from `attackers` addresses of 203.0.113.0/24 (day `day` of November). */
function stuffing(day: number, attackers: number, first = 1): string[] {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [${day}/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST /login HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  const attack = Array.from({ length: attackers }, (_, i) => line(`203.0.113.${first + i}`, 11, i % 60, 401));
  return [...quiet, ...attack];
}

describe("response policies", { timeout: 90_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let receiver: HttpReceiver;
  let hookId: string;

  const upload = (lines: string[], fileName: string) => analyseLines(ctx, tenantId, lines, { fileName });
  const run = () => runPolicies({ db: ctx.db, jobs: null, appUrl: "https://lantern.example" }, tenantId);

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Policies");
    receiver = await startHttpReceiver();
    const hook = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "SOAR", url: `${receiver.url}/soar` },
      who,
    );
    hookId = hook.integration.id;
    await receiver.configure("/soar", { webhookSecret: hook.signingSecret });
    await upload(stuffing(20, 30), "day-20.log");
    // A partner's scanner shares the attackers' network: the allow list must spare it.
    await addAllow(
      ctx,
      tenantId,
      { kind: "cidr", value: "203.0.113.0/29", label: "Partner scanner", reason: "contracted pentest" },
      who,
    );
  });
  afterAll(async () => {
    await receiver.stop();
    await drop();
  });

  const policyInput = {
    name: "Block stuffing",
    trigger: { detectors: ["credential-stuffing"], verdicts: ["ATTACK" as const], minSeverity: "HIGH" as const },
    actions: { notify: [] as string[], block: { list: "BLOCK" as const, targets: "addresses" as const } },
    mode: "AUTO" as const,
    blockHours: 24,
  };

  it("refuses a policy that does nothing, or names another workspace's integration", async () => {
    await expect(
      createPolicy(ctx, tenantId, { ...policyInput, name: "Nothing", actions: { notify: [], block: null } }, who),
    ).rejects.toThrow(/has to do something/);
    const other = await testWorkspace(ctx, "Elsewhere");
    const theirs = await createIntegration(
      ctx,
      other,
      { kind: "webhook", name: "Theirs", url: `${receiver.url}/x` },
      who,
    );
    await expect(
      createPolicy(
        ctx,
        tenantId,
        { ...policyInput, name: "Sneaky", actions: { notify: [theirs.integration.id], block: null } },
        who,
      ),
    ).rejects.toThrow(/Integration not found/);
  });

  it("dry-runs over the stored alerts before it can be switched on", async () => {
    const policy = await createPolicy(
      ctx,
      tenantId,
      { ...policyInput, actions: { ...policyInput.actions, notify: [hookId] } },
      who,
    );
    await expect(setPolicyEnabled(ctx, tenantId, { policyId: policy.id, enabled: true }, who)).rejects.toThrow(
      /over the stored history first/,
    );
    const dry = (await dryRunPolicy(ctx, tenantId, { policyId: policy.id }, who)) as AlertDryRun;
    // 30 attacking addresses: 203.0.113.1–7 are in the partner's /29 and spared; 23 blocked, with their 23 requests.
    expect(dry).toMatchObject({ alerts: 1, addresses: 23, identities: 0, requests: 23, notifications: 1, capped: 0 });
    expect(dry.spared).toHaveLength(7);
    expect(dry.spared[0]).toMatchObject({ allowedBy: "Partner scanner" });
    expect(dry.sample[0]).toMatchObject({ severity: "HIGH", targets: 30 });
    // Nothing was blocked by the dry run.
    expect(await listBlocks(ctx, tenantId, {})).toHaveLength(0);
    const on = await setPolicyEnabled(ctx, tenantId, { policyId: policy.id, enabled: true }, who);
    expect(on.enabled).toBe(true);
    // Alerts from before it was switched on are left alone.
    expect(await run()).toEqual({ matched: 0, deliveries: 0 });
  });

  it("blocks a new alert's addresses once, sparing the allow list, and notifies with the blocks", async () => {
    await upload(stuffing(21, 12, 1), "day-21.log");
    const first = await run();
    expect(first).toEqual({ matched: 1, deliveries: 1 });
    expect(await run()).toEqual({ matched: 0, deliveries: 0 });
    const blocks = await listBlocks(ctx, tenantId, {});
    // 203.0.113.1–12 attacked; 1–7 are the partner's.
    expect(blocks.map((b) => b.value).sort()).toEqual(
      ["8", "9", "10", "11", "12"].map((n) => `203.0.113.${n}/32`).sort(),
    );
    expect(blocks[0]).toMatchObject({ createdBy: "policy: Block stuffing", reason: 'Policy "Block stuffing"' });
    const alertId = blocks[0]!.alertId!;
    const [match] = await alertMatches(ctx, tenantId, alertId);
    expect(match).toMatchObject({ policy: "Block stuffing", state: "applied" });
    expect(match!.targets.filter((t) => t.outcome === "spared")).toHaveLength(7);
    const [delivery] = await listDeliveries(ctx, tenantId, {});
    expect(
      await attemptDelivery(
        { db: ctx.db, secret: ctx.config.secret, outbound: { allowPrivate: true } },
        tenantId,
        delivery!.id,
      ),
    ).toMatch(/delivered/);
    const [got] = await receiver.received("/soar");
    expect(got!.verified).toBe(true);
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      type: "alert.raised",
      data: { policy: "Block stuffing", alert: { id: alertId, detector: "credential-stuffing" } },
    });
    expect(body.data.alert.url).toBe(`https://lantern.example/w/policies/alerts/${alertId}`);
    expect(body.data.blocks).toHaveLength(5);
    const activity = await withTenant(ctx.db, tenantId, (tx) =>
      tx.alertActivity.findMany({ where: { alertId, kind: "policy" } }),
    );
    expect(activity[0]!.detail).toMatchObject({ policy: "Block stuffing", state: "applied", blocked: 5, spared: 7 });
  });

  it("a SUGGEST policy waits for an analyst, who confirms or dismisses", async () => {
    const [auto] = await listPolicies(ctx, tenantId);
    // Changing a rule switches the policy off and forgets its dry run.
    const changed = await updatePolicy(ctx, tenantId, { ...policyInput, policyId: auto!.id, mode: "SUGGEST" }, who);
    expect(changed).toMatchObject({ enabled: false, lastDryRun: null, mode: "SUGGEST" });
    await dryRunPolicy(ctx, tenantId, { policyId: auto!.id }, who);
    await setPolicyEnabled(ctx, tenantId, { policyId: auto!.id, enabled: true }, who);
    await upload(stuffing(22, 15, 20), "day-22.log");
    expect((await run()).matched).toBe(1);
    const before = (await listBlocks(ctx, tenantId, {})).length;
    const alertId = (
      await withTenant(ctx.db, tenantId, (tx) => tx.policyMatch.findFirstOrThrow({ where: { state: "suggested" } }))
    ).alertId!;
    const [suggestion] = await alertMatches(ctx, tenantId, alertId);
    expect(suggestion).toMatchObject({ state: "suggested", mode: "SUGGEST" });
    expect(suggestion!.targets.filter((t) => t.outcome === "suggested")).toHaveLength(15);
    expect((await listBlocks(ctx, tenantId, {})).length).toBe(before);
    const decided = await decideSuggestion(ctx, tenantId, { matchId: suggestion!.id, decision: "confirm" }, who);
    expect(decided).toMatchObject({ state: "applied", blocked: 15 });
    const blocks = await listBlocks(ctx, tenantId, {});
    expect(blocks.find((b) => b.value === "203.0.113.34/32")).toMatchObject({
      reason: 'Policy "Block stuffing", confirmed by soc@policies.test',
    });
    await expect(
      decideSuggestion(ctx, tenantId, { matchId: suggestion!.id, decision: "dismiss" }, who),
    ).rejects.toThrow(/applied already/);
  });

  it("blocks every address of an alert in one step, the allow list sparing its own", async () => {
    const alert = await withTenant(ctx.db, tenantId, (tx) =>
      tx.alert.findFirstOrThrow({ where: { tenantId, title: { contains: "30 addresses" } } }),
    );
    expect(alert.addresses).toHaveLength(30);
    const preview = await previewAlertAddresses(ctx, tenantId, { alertId: alert.id });
    // Their requests over the last 7 days of traffic: 23 on day 20, and the ones of them back on day 21 (8–12) and day 22 (20–30).
    expect(preview).toMatchObject({ addresses: 23, requests: 23 + 5 + 11 });
    expect(preview.spared).toHaveLength(7);
    const done = await blockAlertAddresses(ctx, tenantId, { alertId: alert.id, reason: "the botnet", hours: 24 }, who);
    expect(done).toMatchObject({ blocked: 23, spared: 7, failed: 0 });
    const listed = new Set((await listBlocks(ctx, tenantId, {})).map((b) => b.value));
    const attackers = Array.from({ length: 30 }, (_, i) => `203.0.113.${i + 1}/32`);
    expect(attackers.filter((a) => listed.has(a))).toHaveLength(23);
    // Addresses the policies had blocked already keep their entry; the 7 new ones carry this block's reason.
    const mine = (await listBlocks(ctx, tenantId, {})).filter((b) => b.alertId === alert.id);
    expect(mine).toHaveLength(23 - 5 - 11);
    expect(mine.every((b) => b.reason === "the botnet" && b.createdBy === "soc@policies.test")).toBe(true);
    await expect(blockAlertAddresses(ctx, tenantId, { alertId: alert.id, reason: "x" }, who)).rejects.toThrow(
      /Say why/,
    );
  });
});
