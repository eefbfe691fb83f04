// Integrations against real receivers, each its own process: an HTTP
// receiver that checks Standard Webhooks signatures with the
// standardwebhooks library and Splunk HEC tokens as Splunk does, and
// Debian's rsyslogd over TCP and TLS. Secrets are sealed at rest, retries
// log every answer, and Lantern refuses to call addresses it must not.
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { createTestServices, testWorkspace } from "../testing";
import { attemptDelivery, deliveryGaveUp, listDeliveries, testIntegration } from "./deliveries";
import { createIntegration, listIntegrations } from "./integrations";
import { PermanentFailure } from "./outbound";
import { type HttpReceiver, type SyslogReceiver, startHttpReceiver, startRsyslog } from "./receivers.testing";

const who = { actor: { id: "usr_test", label: "soc@hooks.test" } };
const allowLocal = { allowPrivate: true };

describe("integrations", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let receiver: HttpReceiver;
  let deps: { db: ServiceContext["db"]; secret: string; outbound: { allowPrivate: boolean } };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Hooks");
    receiver = await startHttpReceiver();
    deps = { db: ctx.db, secret: ctx.config.secret, outbound: allowLocal };
  });
  afterAll(async () => {
    await receiver.stop();
    await drop();
  });

  /** A test notice through the integration, sent once as the worker would. */
  async function sendTest(integrationId: string, outbound = allowLocal) {
    const deliveryId = (await testIntegration(ctx, tenantId, { integrationId }, who)).deliveryId!;
    const result = await attemptDelivery({ ...deps, outbound }, tenantId, deliveryId).catch((e: Error) => e);
    return { deliveryId, result };
  }
  const delivery = async (id: string) => (await listDeliveries(ctx, tenantId, {})).find((d) => d.id === id)!;

  it("signs webhooks so the Standard Webhooks library verifies them, and shows the secret once", async () => {
    const { integration, signingSecret } = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "SOAR", url: `${receiver.url}/hooks/soar` },
      who,
    );
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await receiver.configure("/hooks/soar", { webhookSecret: signingSecret });
    const { deliveryId, result } = await sendTest(integration.id);
    expect(result).toMatch(/delivered to SOAR/);
    const [got] = await receiver.received("/hooks/soar");
    expect(got!.verified).toBe(true);
    expect(got!.headers["webhook-id"]).toBe(deliveryId);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "test",
      data: { by: "soc@hooks.test", workspace: { name: "Hooks" } },
    });
    // The secret is sealed at rest and never in what people are shown.
    const row = await withTenant(ctx.db, tenantId, (tx) =>
      tx.integration.findFirstOrThrow({ where: { id: integration.id } }),
    );
    expect(row.sealedSecret).not.toContain(signingSecret!.slice(6, 20));
    const listed = JSON.stringify(await listIntegrations(ctx, tenantId));
    expect(listed).not.toContain(signingSecret!.slice(6));
    expect((await listIntegrations(ctx, tenantId))[0]).toMatchObject({ secretHint: `…${signingSecret!.slice(-4)}` });
    expect(await delivery(deliveryId)).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatus: 200 });
  });

  it("fails at once on an answer retrying cannot change, and says what the receiver said", async () => {
    const { integration } = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "Wrong secret", url: `${receiver.url}/hooks/other` },
      who,
    );
    await receiver.configure("/hooks/other", { webhookSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });
    const { deliveryId, result } = await sendTest(integration.id);
    expect(result).toBeInstanceOf(PermanentFailure);
    expect(await delivery(deliveryId)).toMatchObject({ status: "FAILED", lastStatus: 401 });
    expect((await delivery(deliveryId)).lastError).toMatch(/HTTP 401: .*signature/);
    const [listed] = (await listIntegrations(ctx, tenantId)).filter((i) => i.id === integration.id);
    expect(listed!.lastError).toMatch(/HTTP 401/);
  });

  it("retries a receiver that is down, logging each answer, until it answers", async () => {
    const { integration, signingSecret } = await createIntegration(
      ctx,
      tenantId,
      { kind: "ticket_webhook", name: "Tickets", url: `${receiver.url}/hooks/tickets` },
      who,
    );
    await receiver.configure("/hooks/tickets", { webhookSecret: signingSecret, failFirst: 2 });
    const { deliveryId, result } = await sendTest(integration.id);
    expect(result).toBeInstanceOf(Error);
    expect(result).not.toBeInstanceOf(PermanentFailure);
    await expect(attemptDelivery(deps, tenantId, deliveryId)).rejects.toThrow(/HTTP 503/);
    expect(await attemptDelivery(deps, tenantId, deliveryId)).toMatch(/delivered/);
    const d = await delivery(deliveryId);
    expect(d.log.map((l) => l.status)).toEqual([503, 503, 200]);
    expect(d.status).toBe("DELIVERED");
    const bodies = await receiver.received("/hooks/tickets");
    // The same message id on every attempt, so the receiver can de-duplicate.
    expect(new Set(bodies.map((b) => b.headers["webhook-id"]))).toEqual(new Set([deliveryId]));
    expect(JSON.parse(bodies[2]!.body).ticket).toMatchObject({ summary: expect.stringContaining("Test from Lantern") });
    // A delivery given up on is marked failed with the reason.
    await deliveryGaveUp(ctx.db, tenantId, deliveryId, "late");
    expect((await delivery(deliveryId)).status).toBe("DELIVERED");
  });

  it("posts Slack and Teams messages to their secret URLs", async () => {
    const slack = await createIntegration(
      ctx,
      tenantId,
      { kind: "slack", name: "Slack #soc", url: `${receiver.url}/slack/T1/B2/xyz` },
      who,
    );
    const teams = await createIntegration(
      ctx,
      tenantId,
      { kind: "teams", name: "Teams SOC", url: `${receiver.url}/teams/abc` },
      who,
    );
    expect(slack.signingSecret).toBeNull();
    expect(slack.integration.destination).toBe(`127.0.0.1:${new URL(receiver.url).port} (URL kept secret)`);
    await sendTest(slack.integration.id);
    await sendTest(teams.integration.id);
    const [s] = await receiver.received("/slack/T1/B2/xyz");
    expect(JSON.parse(s!.body).blocks[0]).toMatchObject({ type: "header" });
    const [t] = await receiver.received("/teams/abc");
    expect(JSON.parse(t!.body).attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
  });

  it("sends Splunk HEC events with its token, and reports a wrong token", async () => {
    await receiver.configure("/services/collector/event", { hecToken: "11111111-2222-3333-4444-555555555555" });
    const good = await createIntegration(
      ctx,
      tenantId,
      {
        kind: "splunk_hec",
        name: "Splunk",
        url: receiver.url,
        token: "11111111-2222-3333-4444-555555555555",
        index: "api_sec",
      },
      who,
    );
    const bad = await createIntegration(
      ctx,
      tenantId,
      { kind: "splunk_hec", name: "Splunk (old token)", url: receiver.url, token: "99999999-0000" },
      who,
    );
    expect((await sendTest(good.integration.id)).result).toMatch(/delivered/);
    const [event] = await receiver.received("/services/collector/event");
    expect(JSON.parse(event!.body)).toMatchObject({
      index: "api_sec",
      sourcetype: "lantern:ocsf",
      event: { class_uid: 2004 },
    });
    const failed = await sendTest(bad.integration.id);
    expect(failed.result).toBeInstanceOf(PermanentFailure);
    expect((await delivery(failed.deliveryId)).lastError).toContain('HTTP 403: {"text":"Invalid token","code":4}');
  });

  it("refuses link-local addresses always, and private ones unless the deployment allows them", async () => {
    const meta = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "Metadata", url: "http://169.254.169.254/latest/meta-data" },
      who,
    );
    const local = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "Local", url: `${receiver.url}/hooks/local` },
      who,
    );
    const named = await createIntegration(
      ctx,
      tenantId,
      { kind: "webhook", name: "Named local", url: `http://localhost:${new URL(receiver.url).port}/hooks/local` },
      who,
    );
    expect((await sendTest(meta.integration.id)).result).toMatchObject({
      message: expect.stringMatching(/link-local/),
    });
    const strict = { allowPrivate: false };
    expect((await sendTest(local.integration.id, strict)).result).toMatchObject({
      message: expect.stringMatching(/private or loopback/),
    });
    // A name that resolves to a private address is judged after DNS.
    const byName = await sendTest(named.integration.id, strict);
    expect(byName.result).toBeInstanceOf(PermanentFailure);
    expect(await receiver.received("/hooks/local")).toHaveLength(0);
    await expect(
      createIntegration(ctx, tenantId, { kind: "webhook", name: "Creds", url: "https://user:pw@example.com/x" }, who),
    ).rejects.toThrow(/credentials in the secret field/);
    await expect(
      createIntegration(ctx, tenantId, { kind: "webhook", name: "File", url: "file:///etc/passwd" }, who),
    ).rejects.toThrow(/http:\/\/ or https:\/\//);
    // An empty or broken URL is a form error, not a crash in the credentials check.
    for (const url of ["", "http://", "https://[::1"])
      await expect(createIntegration(ctx, tenantId, { kind: "slack", name: "Broken", url }, who)).rejects.toThrow(
        /http:\/\/ or https:\/\//,
      );
  });

  describe("CEF over syslog, received by rsyslogd", () => {
    let tcp: SyslogReceiver;
    let tls: SyslogReceiver;
    beforeAll(async () => {
      [tcp, tls] = await Promise.all([startRsyslog(), startRsyslog({ tls: true })]);
    });
    afterAll(async () => {
      await tcp.stop();
      await tls.stop();
    });

    async function untilLine(r: SyslogReceiver) {
      for (let i = 0; i < 100 && r.lines().length === 0; i++) await new Promise((ok) => setTimeout(ok, 50));
      return r.lines();
    }

    it("over TCP", async () => {
      const { integration } = await createIntegration(
        ctx,
        tenantId,
        { kind: "syslog_cef", name: "SIEM", host: "127.0.0.1", port: tcp.port },
        who,
      );
      expect((await sendTest(integration.id)).result).toMatch(/delivered/);
      const lines = await untilLine(tcp);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^<165>1 \S+ lantern lantern - test - CEF:0\|Lantern\|Lantern\|1\.0\|test\|Test from Lantern/,
      );
    });

    it("over TLS, checking the receiver's certificate against the CA given", async () => {
      const base = { kind: "syslog_cef" as const, host: "localhost", port: tls.port, tls: true };
      const trusted = await createIntegration(ctx, tenantId, { ...base, name: "SIEM TLS", ca: tls.ca! }, who);
      const untrusted = await createIntegration(ctx, tenantId, { ...base, name: "SIEM TLS no CA" }, who);
      expect((await sendTest(trusted.integration.id)).result).toMatch(/delivered/);
      expect((await untilLine(tls))[0]).toContain("CEF:0|Lantern|Lantern|1.0|test|");
      const refused = await sendTest(untrusted.integration.id);
      expect(String(refused.result)).toMatch(/certificate/);
      expect(tls.lines()).toHaveLength(1);
    });
  });
});
