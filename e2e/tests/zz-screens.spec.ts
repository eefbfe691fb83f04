import { expect, test } from "@playwright/test";
import { startHttpReceiver } from "@lantern/services/response/receivers.testing";
import { signUpInUi, trpc, uniqueEmail } from "./helpers";

function stuffingLog(day: number, attackers: number, first: number): string {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [${day}/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST /login HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  const attack = Array.from({ length: attackers }, (_, i) => line(`203.0.113.${first + i}`, 11, i % 60, 401));
  return `${[...quiet, ...attack].join("\n")}\n`;
}

test("screens", async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startHttpReceiver();
  await page.setViewportSize({ width: 1400, height: 1000 });
  const slug = await signUpInUi(page, { name: "Shot", email: uniqueEmail("shot"), workspace: "Shots" });
  const up = (log: string, n: string) =>
    page.request.post(`/api/uploads?fileName=${n}`, { headers: { "x-lantern-workspace": slug }, data: log });
  await up(stuffingLog(20, 30, 1), "a.log");
  const ws = { workspace: slug };
  await trpc(
    page.request,
    "integrations.create",
    { kind: "webhook", name: "SOAR <script>alert(1)</script>", url: `${receiver.url}/soar` },
    ws,
  );
  await trpc(
    page.request,
    "integrations.create",
    { kind: "slack", name: "Slack #soc", url: `${receiver.url}/slack` },
    ws,
  );
  await trpc(
    page.request,
    "integrations.create",
    { kind: "syslog_cef", name: "QRadar", host: "127.0.0.1", port: 9, tls: false },
    ws,
  );
  await receiver.configure("/slack", { status: 404, message: "no_service" });
  await page.goto(`/w/${slug}/settings/integrations`);
  for (const n of ["Slack #soc", "QRadar"]) await page.getByRole("button", { name: `Send a test to ${n}` }).click();
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Splunk HEC" });
  await page.getByLabel("Name", { exact: true }).fill("x");
  await page.getByRole("button", { name: "Connect" }).click();
  await page.waitForTimeout(4000);
  await page.screenshot({ path: "/tmp/shots/integrations.png", fullPage: true });
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByRole("link", { name: /Credential stuffing/ }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page.goto(`/w/${slug}/response/policies`);
  await page.screenshot({ path: "/tmp/shots/policies-empty.png", fullPage: true });
  await page.getByRole("button", { name: "New policy" }).click();
  await page.screenshot({ path: "/tmp/shots/policy-form.png", fullPage: true });
  const form = page.getByRole("form", { name: "New policy" });
  await form.getByLabel("Name", { exact: true }).fill("Suggest stuffing blocks");
  await form.getByLabel("Slack #soc").check();
  await form.getByRole("button", { name: "Create and dry-run" }).click();
  await page.waitForTimeout(2000);
  await page.getByRole("button", { name: "Switch on" }).click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: "/tmp/shots/policies.png", fullPage: true });
  await up(stuffingLog(21, 12, 40), "b.log");
  await page.waitForTimeout(8000);
  const alerts = await trpc(page.request, "alerts.list", {}, { workspace: slug, kind: "query" });
  await page.goto(`/w/${slug}/alerts/${alerts.data.rows[0].id}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "/tmp/shots/alert.png", fullPage: true });
  await page.goto(`/w/${slug}/settings/integrations`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: "/tmp/shots/deliveries.png", fullPage: true });
  await receiver.stop();
});
