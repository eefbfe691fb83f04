// Finding policies on the real database, with the receiver process standing
// in for a SOAR webhook and Jira: a policy on posture findings dry-runs over
// the stored findings, then, once on, tells the webhook and opens one Jira
// issue for each finding a later upload opens, once; Jira's status changes
// come back as lines in the finding's history.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { attemptDelivery, listDeliveries } from "./deliveries";
import { createIntegration } from "./integrations";
import { applyJiraWebhook } from "./jira";
import { createPolicy, setPolicyEnabled } from "./policies";
import { dryRunPolicy, type FindingDryRun } from "./policy-dry-run";
import { runPolicies } from "./policy-run";
import { type HttpReceiver, startHttpReceiver } from "./receivers.testing";

const who = { actor: { id: "usr_test", label: "appsec@findings.test" } };
const JIRA = { email: "bot@acme.test", token: "ATATT3xFfGF0-findings-token-1234", projectKey: "API" };

/** A day of November: twelve quiet callers of each path. */
function day(d: number, paths: string[]): string[] {
  return paths.flatMap((p, k) =>
    Array.from(
      { length: 12 },
      (_, i) =>
        `198.51.100.${i + 1} - - [${d}/Nov/2026:10:${String(k * 12 + i).padStart(2, "0")}:00 +0000] "GET ${p} HTTP/1.1" 200 512 "-" "app/1.0"`,
    ),
  );
}

describe("finding policies", { timeout: 90_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let receiver: HttpReceiver;
  let hookId: string;
  let jiraId: string;
  let jiraToken: string;

  const upload = (lines: string[], fileName: string) => analyseLines(ctx, tenantId, lines, { fileName, posture: true });
  const run = () => runPolicies({ db: ctx.db, jobs: null, appUrl: "https://lantern.example" }, tenantId);
  const deliverAll = async () => {
    const deps = { db: ctx.db, secret: ctx.config.secret, outbound: { allowPrivate: true } };
    const pending = (await listDeliveries(ctx, tenantId, {})).filter((d) => d.status === "PENDING");
    return Promise.all(pending.map((d) => attemptDelivery(deps, tenantId, d.id)));
  };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "AppSec");
    receiver = await startHttpReceiver();
    await receiver.configure("jira", JIRA);
    const hook = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "SOAR", url: `${receiver.url}/soar` },
      who,
    );
    hookId = hook.integration.id;
    await receiver.configure("/soar", { webhookSecret: hook.signingSecret });
    const jira = await createIntegration(
      ctx,
      tenantId,
      {
        kind: "jira",
        name: "Jira API",
        siteUrl: receiver.url,
        email: JIRA.email,
        apiToken: JIRA.token,
        projectKey: "API",
      },
      who,
    );
    jiraId = jira.integration.id;
    jiraToken = new URL(jira.webhookUrl!).searchParams.get("token")!;
    // Day 20: a key in a URL (high) and sequential ids (medium).
    await upload(day(20, ["/api/export?api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc", "/api/items/1"]), "day-20.log");
  });
  afterAll(async () => {
    await receiver.stop();
    await drop();
  });

  const policyInput = () => ({
    name: "Tell AppSec",
    trigger: { on: "finding" as const, minSeverity: "HIGH" as const },
    actions: { notify: [hookId, jiraId], block: null },
  });

  it("refuses a finding policy that would block: a finding names an endpoint, not a caller", async () => {
    const blocking = {
      ...policyInput(),
      actions: { notify: [hookId], block: { list: "BLOCK" as const, targets: "addresses" as const } },
    };
    await expect(createPolicy(ctx, tenantId, blocking, who)).rejects.toThrow(/cannot block/);
  });

  it("dry-runs over the stored findings, then tells and tickets each finding opened after it is on, once", async () => {
    const policy = await createPolicy(ctx, tenantId, policyInput(), who);
    expect(policy.trigger).toMatchObject({ on: "finding", checks: [], minSeverity: "HIGH" });
    const dry = (await dryRunPolicy(ctx, tenantId, { policyId: policy.id }, who)) as FindingDryRun;
    // The medium finding is below the trigger: one high finding, told to two integrations.
    expect(dry).toMatchObject({ on: "finding", findings: 1, open: 1, notifications: 2 });
    expect(dry.sample[0]).toMatchObject({ severity: "HIGH", endpoint: "GET edge/api/export" });

    await setPolicyEnabled(ctx, tenantId, { policyId: policy.id, enabled: true }, who);
    // What was open before it was switched on is not replayed.
    expect((await run()).matched).toBe(0);

    // Day 22: a password in a URL and a dot-file served, both high.
    await upload(day(22, ["/api/report?password=hunter2hunter2", "/.env", "/api/items/2"]), "day-22.log");
    expect(await run()).toEqual({ matched: 2, deliveries: 4 });
    expect(await run()).toEqual({ matched: 0, deliveries: 0 });
    expect(await deliverAll()).toHaveLength(4);

    const hooks = await receiver.received("/soar");
    expect(hooks).toHaveLength(2);
    expect(hooks.every((h) => h.verified)).toBe(true);
    const bodies = hooks.map((h) => JSON.parse(h.body));
    expect(bodies.map((b) => b.type)).toEqual(["finding.opened", "finding.opened"]);
    expect(bodies.map((b) => b.data.finding.check).sort()).toEqual(["credentials-in-url", "exposed-artefact"]);
    const leak = bodies.find((b) => b.data.finding.check === "credentials-in-url").data.finding;
    expect(leak).toMatchObject({ endpoint: "GET edge/api/report", severity: "HIGH", status: "OPEN" });
    expect(leak.fix.length).toBeGreaterThan(20);
    expect(leak.url).toBe(`https://lantern.example/w/appsec/findings/${leak.id}`);

    const { issues } = await receiver.edge("jira");
    expect(issues.map((i) => i.fields.summary).sort()).toEqual([
      "[HIGH] Credentials sent in the URL on GET edge/api/report",
      expect.stringMatching(/^\[HIGH\] Serves a dot-file .* on GET edge\/\.env$/),
    ]);
    expect(JSON.stringify(issues[0]!.fields.description)).toContain("How to fix: ");
    const links = await withTenant(ctx.db, tenantId, (tx) => tx.ticketLink.findMany({ where: { tenantId } }));
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.findingId && !l.alertId)).toBe(true);
    const history = await withTenant(ctx.db, tenantId, (tx) =>
      tx.findingActivity.findMany({ where: { findingId: leak.id, kind: "policy" } }),
    );
    expect(history[0]!.detail).toMatchObject({ policy: "Tell AppSec", state: "notified" });
  });

  it("writes Jira's status changes in the finding's history; done does not resolve a weakness still served", async () => {
    const link = await withTenant(ctx.db, tenantId, (tx) =>
      tx.ticketLink.findFirstOrThrow({ where: { tenantId }, orderBy: { key: "asc" } }),
    );
    const event = (name: string, category: string) => ({
      webhookEvent: "jira:issue_updated",
      issue: { key: link.key, fields: { status: { name, statusCategory: { key: category } } } },
    });
    expect(await applyJiraWebhook(ctx.db, jiraId, jiraToken, event("In Progress", "indeterminate"))).toBe("recorded");
    // Jira sends an event for every edit: the same status again is no new line.
    expect(await applyJiraWebhook(ctx.db, jiraId, jiraToken, event("In Progress", "indeterminate"))).toBe("recorded");
    expect(await applyJiraWebhook(ctx.db, jiraId, jiraToken, event("Done", "done"))).toBe("recorded");
    const finding = await withTenant(ctx.db, tenantId, (tx) =>
      tx.postureFinding.findFirstOrThrow({
        where: { id: link.findingId! },
        include: { activity: { where: { kind: "ticket" }, orderBy: { at: "asc" } } },
      }),
    );
    expect(finding.status).toBe("OPEN");
    expect(finding.activity.map((a) => a.detail)).toEqual([
      { key: link.key, url: link.url, status: "In Progress", done: false },
      { key: link.key, url: link.url, status: "Done", done: true },
    ]);
  });
});
