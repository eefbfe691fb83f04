// Alert mail as members choose it, sent over SMTP to the smtp-server
// package in its own process: immediate mail lists the alerts raised since
// the member's last mail, once; severity and service filters apply; a member
// who has mail off, or who left the workspace, gets nothing.
import { withTenant } from "@lantern/db/client";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { getNotificationPrefs, mailAlerts, setNotificationPrefs } from "./alert-mail";
import { type SmtpReceiver, startSmtpReceiver } from "./receivers.testing";

/** Quiet sign-ins, then an hour of failures from `attackers` addresses (day `day` of November). */
function stuffing(day: number, attackers: number): string[] {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [${day}/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST /login HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  return [...quiet, ...Array.from({ length: attackers }, (_, i) => line(`203.0.113.${i + 1}`, 11, i % 60, 401))];
}

describe("alert mail", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let smtp: SmtpReceiver;
  let deps: Parameters<typeof mailAlerts>[0];
  let ownerId: string;

  const upload = (lines: string[], fileName: string) => analyseLines(ctx, tenantId, lines, { fileName });

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices({ mailEnabled: true }));
    tenantId = await testWorkspace(ctx, "Mailed");
    smtp = await startSmtpReceiver();
    deps = {
      db: ctx.db,
      mailer: createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true }),
      mailFrom: "Lantern <alerts@lantern.test>",
      appUrl: "https://lantern.example",
    };
    ownerId = (await withTenant(ctx.db, tenantId, (tx) => tx.membership.findFirstOrThrow({ where: { tenantId } })))
      .userId;
  });
  afterAll(async () => {
    await smtp.stop();
    await drop();
  });

  it("mails nothing to a member who has not asked, and the backlog to no one", async () => {
    await upload(stuffing(20, 30), "before.log");
    expect(await getNotificationPrefs(ctx, tenantId, ownerId)).toMatchObject({
      email: "off",
      minSeverity: "HIGH",
      mailEnabled: true,
    });
    expect(await mailAlerts(deps, tenantId, "immediate")).toEqual({ mails: 0, alerts: 0 });
    // Switching mail on starts now: the alert raised before is not mailed.
    await setNotificationPrefs(ctx, tenantId, ownerId, { email: "immediate", minSeverity: "HIGH" });
    expect(await mailAlerts(deps, tenantId, "immediate")).toEqual({ mails: 0, alerts: 0 });
    expect(await smtp.mails()).toHaveLength(0);
  });

  it("mails each new alert once, with its link", async () => {
    await upload(stuffing(21, 20), "after.log");
    expect(await mailAlerts(deps, tenantId, "immediate")).toEqual({ mails: 1, alerts: 1 });
    expect(await mailAlerts(deps, tenantId, "immediate")).toEqual({ mails: 0, alerts: 0 });
    const [mail] = await smtp.mails();
    expect(mail).toMatchObject({ to: ["mailed@mailed.test"], from: "alerts@lantern.test" });
    expect(mail!.subject).toBe("[Lantern] Mailed: 1 new alert (worst: high)");
    expect(mail!.text).toMatch(
      /- \[HIGH\] Credential stuffing on POST edge\/login from 20 addresses\n {2}https:\/\/lantern\.example\/w\/mailed\/alerts\/alr_/,
    );
  });

  it("leaves out what is below the member's severity or outside their services", async () => {
    await setNotificationPrefs(ctx, tenantId, ownerId, { email: "immediate", minSeverity: "CRITICAL" });
    await upload(stuffing(22, 25), "critical-only.log");
    expect(await mailAlerts(deps, tenantId, "immediate")).toEqual({ mails: 0, alerts: 0 });
    await setNotificationPrefs(ctx, tenantId, ownerId, {
      email: "daily",
      minSeverity: "LOW",
      hosts: ["other.example.com"],
    });
    await upload(stuffing(23, 25), "other-service.log");
    expect(await mailAlerts(deps, tenantId, "daily")).toEqual({ mails: 0, alerts: 0 });
    expect(await smtp.mails()).toHaveLength(1);
  });

  it("stops mailing a member who left the workspace", async () => {
    await setNotificationPrefs(ctx, tenantId, ownerId, { email: "daily", minSeverity: "LOW", hosts: [] });
    await upload(stuffing(24, 25), "left.log");
    await withTenant(ctx.db, tenantId, (tx) => tx.membership.deleteMany({ where: { tenantId, userId: ownerId } }));
    expect(await mailAlerts(deps, tenantId, "daily")).toEqual({ mails: 0, alerts: 0 });
  });
});
