// Jira Cloud against the receiver process standing in for its REST v3 (Basic
// auth, the issue's required fields, ADF descriptions): one issue per alert,
// a test that files nothing, and Jira's webhook resolving the alert when
// the issue is done, only with the integration's own token.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { attemptDelivery, queueDeliveries, testIntegration } from "./deliveries";
import { createIntegration } from "./integrations";
import { applyJiraWebhook } from "./jira";
import { PermanentFailure } from "./outbound";
import { alertNotice } from "./subject-notices";
import { type HttpReceiver, startHttpReceiver } from "./receivers.testing";

const who = { actor: { id: "usr_test", label: "soc@jira.test" } };
const JIRA = { email: "bot@acme.test", token: "ATATT3xFfGF0-test-token-123456", projectKey: "SEC" };

function stuffing(): string[] {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [20/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST /login HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  return [...quiet, ...Array.from({ length: 30 }, (_, i) => line(`203.0.113.${i + 1}`, 11, i, 401))];
}

describe("Jira Cloud", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let receiver: HttpReceiver;
  let deps: Parameters<typeof attemptDelivery>[0];
  let alertId: string;
  let integrationId: string;
  let token: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Ticketed");
    receiver = await startHttpReceiver();
    await receiver.configure("jira", JIRA);
    deps = { db: ctx.db, secret: ctx.config.secret, outbound: { allowPrivate: true } };
    await analyseLines(ctx, tenantId, stuffing());
    alertId = (await withTenant(ctx.db, tenantId, (tx) => tx.alert.findFirstOrThrow({ where: { tenantId } }))).id;
    const made = await createIntegration(
      ctx,
      tenantId,
      {
        kind: "jira",
        name: "Jira SEC",
        siteUrl: receiver.url,
        email: JIRA.email,
        apiToken: JIRA.token,
        projectKey: "SEC",
      },
      who,
    );
    integrationId = made.integration.id;
    expect(made.webhookUrl).toMatch(
      new RegExp(`^http://lantern\\.test/api/hooks/jira/${integrationId}/webhook\\?token=[\\w-]{32}$`),
    );
    token = new URL(made.webhookUrl!).searchParams.get("token")!;
  });
  afterAll(async () => {
    await receiver.stop();
    await drop();
  });

  async function notify() {
    const [deliveryId] = await withTenant(ctx.db, tenantId, async (tx) =>
      queueDeliveries(tx, tenantId, {
        integrationIds: [integrationId],
        notice: await alertNotice(tx, tenantId, alertId, "https://lantern.example", { policy: "Ticket stuffing" }),
        subjectId: alertId,
        policyId: null,
      }),
    );
    return attemptDelivery(deps, tenantId, deliveryId!);
  }

  it("tests the credentials by reading the project, filing nothing", async () => {
    const { deliveryId } = await testIntegration(ctx, tenantId, { integrationId }, who);
    expect(await attemptDelivery(deps, tenantId, deliveryId!)).toMatch(/delivered to Jira SEC/);
    expect((await receiver.edge("jira")).issues ?? []).toHaveLength(0);
  });

  it("opens one issue per alert, with an ADF description linking back", async () => {
    expect(await notify()).toMatch(/delivered/);
    expect(await notify()).toBe("already ticketed as SEC-1");
    const { issues } = await receiver.edge("jira");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.fields.summary).toBe("[HIGH] Credential stuffing on POST edge/login from 30 addresses");
    expect(issues[0]!.fields.labels).toEqual(["lantern", "credential-stuffing"]);
    expect(JSON.stringify(issues[0]!.fields.description)).toContain(
      `https://lantern.example/w/ticketed/alerts/${alertId}`,
    );
    const link = await withTenant(ctx.db, tenantId, (tx) => tx.ticketLink.findFirstOrThrow({ where: { alertId } }));
    expect(link).toMatchObject({ key: "SEC-1", url: `${receiver.url}/browse/SEC-1` });
  });

  it("resolves the alert when Jira says the issue is done, only with the integration's token", async () => {
    const event = (name: string, category: string, key = "SEC-1") => ({
      webhookEvent: "jira:issue_updated",
      issue: { key, fields: { status: { name, statusCategory: { key: category } } } },
    });
    expect(await applyJiraWebhook(ctx.db, integrationId, "guessed-token", event("Done", "done"))).toBe("unauthorized");
    expect(await applyJiraWebhook(ctx.db, "int_nonexistent", token, event("Done", "done"))).toBe("unauthorized");
    expect(await applyJiraWebhook(ctx.db, `${integrationId}\u0000`, token, event("Done", "done"))).toBe("unauthorized");
    expect(await applyJiraWebhook(ctx.db, integrationId, token, event("Done", "done", "SEC-99"))).toBe("unknown");
    expect(await applyJiraWebhook(ctx.db, integrationId, token, { nonsense: true })).toBe("ignored");
    // A NUL (which Postgres refuses in text) is not an event of ours, not a 500.
    expect(await applyJiraWebhook(ctx.db, integrationId, token, event("Done", "done", "SEC-1\u0000"))).toBe("ignored");
    expect(await applyJiraWebhook(ctx.db, integrationId, token, event("Do\u0000ne", "done"))).toBe("ignored");
    expect(await applyJiraWebhook(ctx.db, integrationId, token, event("In Progress", "indeterminate"))).toBe(
      "recorded",
    );
    const status = async () =>
      (await withTenant(ctx.db, tenantId, (tx) => tx.alert.findFirstOrThrow({ where: { id: alertId } }))).status;
    expect(await status()).toBe("NEW");
    expect(await applyJiraWebhook(ctx.db, integrationId, token, event("Done", "done"))).toBe("resolved");
    expect(await status()).toBe("RESOLVED");
    const history = await withTenant(ctx.db, tenantId, (tx) =>
      tx.alertActivity.findMany({ where: { alertId, kind: "status" } }),
    );
    expect(history[0]!.detail).toMatchObject({ to: "RESOLVED", reason: "SEC-1 is Done in Jira" });
  });

  it("says what Jira said when the token is wrong, without retrying", async () => {
    const bad = await createIntegration(
      ctx,
      tenantId,
      {
        kind: "jira",
        name: "Jira old token",
        siteUrl: receiver.url,
        email: JIRA.email,
        apiToken: "revoked-token-0000000000",
        projectKey: "SEC",
      },
      who,
    );
    const { deliveryId } = await testIntegration(ctx, tenantId, { integrationId: bad.integration.id }, who);
    const failed = await attemptDelivery(deps, tenantId, deliveryId!).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(PermanentFailure);
    expect(String(failed)).toContain('HTTP 401: {"errorMessages":["Client must be authenticated');
  });
});
