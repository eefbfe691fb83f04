// Response policies as a SecOps lead sets one up: connect a signed webhook
// (a real receiver process checks the signatures), send a test, create a
// policy that blocks credential stuffing, read its dry run over the stored
// history, switch it on; the next attack is blocked on its own and the
// webhook receives the alert with its blocks.
import { expect, type Page, test } from "@playwright/test";
import { type HttpReceiver, startHttpReceiver } from "@lantern/services/response/receivers.testing";
import { signUpInUi, uniqueEmail } from "./helpers";

/** Three quiet hours of sign-ins, then an hour of failures from `attackers` addresses (day `day` of November). */
function stuffingLog(day: number, attackers: number, first: number): string {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [${day}/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST /login HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  const attack = Array.from({ length: attackers }, (_, i) => line(`203.0.113.${first + i}`, 11, i % 60, 401));
  return `${[...quiet, ...attack].join("\n")}\n`;
}

/** Twelve quiet callers of each path on day `day` of November. */
function callsLog(day: number, paths: string[]): string {
  const lines = paths.flatMap((p, k) =>
    Array.from(
      { length: 12 },
      (_, i) =>
        `198.51.100.${i + 1} - - [${day}/Nov/2026:10:${String(k * 12 + i).padStart(2, "0")}:00 +0000] "GET ${p} HTTP/1.1" 200 512 "-" "app/1.0"`,
    ),
  );
  return `${lines.join("\n")}\n`;
}

/** Connects a signed webhook from Settings → Integrations; the receiver checks signatures with the secret shown once. */
async function connectWebhook(page: Page, slug: string, name: string, url: string) {
  await page.goto(`/w/${slug}/settings/integrations`);
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Webhook" });
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByRole("button", { name: "Connect" }).click();
  const secret = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await receiver.configure(new URL(url).pathname, { webhookSecret: secret });
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("secret-value")).toHaveCount(0);
}

let receiver: HttpReceiver;
test.beforeAll(async () => {
  receiver = await startHttpReceiver();
});
test.afterAll(async () => {
  await receiver.stop();
});

test("a policy is tried over history, switched on, then blocks the next attack and tells the webhook", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Sec Lead", email: uniqueEmail("policy"), workspace: "Policy Co" });
  const upload = (log: string, name: string) =>
    page.request.post(`/api/uploads?fileName=${name}`, { headers: { "x-lantern-workspace": slug }, data: log });
  expect((await upload(stuffingLog(20, 30, 1), "day-20.log")).status()).toBe(202);

  // A signed webhook: the secret is shown once, and the receiver checks signatures with it.
  await connectWebhook(page, slug, "SOAR", `${receiver.url}/soar`);
  await page.getByRole("button", { name: "Send a test to SOAR" }).click();
  await expect(page.getByTestId("deliveries")).toContainText("Test sent by", { timeout: 15_000 });
  await expect(page.getByTestId("deliveries")).toContainText("delivered", { timeout: 15_000 });
  await expect(page.getByTestId("integrations")).toContainText("delivered");
  expect((await receiver.received("/soar"))[0]!.verified).toBe(true);

  // The attack of day 20 is stored as an alert before the policy exists.
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByRole("link", { name: /Credential stuffing/ }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Response", exact: true }).click();
  await page.getByRole("navigation", { name: "Response" }).getByRole("link", { name: "Policies" }).click();
  await expect(page.getByText("No policies yet")).toBeVisible();
  await page.getByRole("button", { name: "New policy" }).click();
  const form = page.getByRole("form", { name: "New policy" });
  await form.getByLabel("Name", { exact: true }).fill("Block stuffing");
  await expect(form.getByLabel("Credential stuffing")).toBeChecked();
  await form.getByLabel("Then", { exact: true }).selectOption({ label: "block" });
  await form.getByLabel("What", { exact: true }).selectOption({ label: "every address of the alert" });
  await form.getByLabel("For", { exact: true }).selectOption({ label: "1 day" });
  await form.getByLabel("automatic: block at once").check();
  await form.getByLabel("SOAR").check();
  await form.getByRole("button", { name: "Create and dry-run" }).click();

  const card = page.getByTestId("policy-Block stuffing");
  await expect(card.getByTestId("dry-run")).toContainText(
    "it would have acted on 1 alert and would have blocked 30 addresses and 0 callers, who sent 30 requests in that time; sent 1 notification.",
  );
  await expect(card.getByTestId("dry-run")).toContainText("Nothing it names is on the allow list.");
  await expect(card).toContainText("Block every address of the alert for 24 h, at once. Notify SOAR.");
  // The dry run blocked nothing.
  await page.getByRole("link", { name: "Block and allow lists" }).click();
  await expect(page.getByTestId("entries-BLOCK")).toContainText("Nothing is on this list");
  await page.getByRole("link", { name: "Policies" }).click();
  await card.getByRole("button", { name: "Switch on" }).click();
  await expect(card).toContainText("on");
  await expect(card).toContainText("It has not matched a new alert yet.");

  // The next day's attack: blocked by the policy alone, and the webhook hears of it.
  const started = Date.now();
  expect((await upload(stuffingLog(21, 12, 40), "day-21.log")).status()).toBe(202);
  await expect(async () => {
    const alerts = (await receiver.received("/soar")).filter((r) => JSON.parse(r.body).type === "alert.raised");
    expect(alerts).toHaveLength(1);
  }).toPass({ timeout: 60_000 });
  const [raised] = (await receiver.received("/soar")).filter((r) => JSON.parse(r.body).type === "alert.raised");
  expect(raised!.verified).toBe(true);
  const body = JSON.parse(raised!.body);
  expect(body.data).toMatchObject({
    policy: "Block stuffing",
    alert: { detector: "credential-stuffing", addressCount: 12 },
  });
  expect(body.data.blocks).toHaveLength(12);
  console.log(`upload to signed webhook delivery: ${Date.now() - started} ms`);

  await page.goto(`/w/${slug}/response`);
  await expect(page.getByTestId("entries-BLOCK")).toContainText("203.0.113.51/32");
  await expect(page.getByTestId("entries-BLOCK")).toContainText("policy: Block stuffing");
  await page.goto(body.data.alert.url.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByTestId("policy-match")).toContainText("Block stuffing");
  await expect(page.getByTestId("policy-match")).toContainText("Blocked 12 targets automatically.");
  await expect(page.getByTestId("alert-history")).toContainText("Policy “Block stuffing” blocked 12");
});

test("a finding policy tells the team about new weaknesses of the checks it names, once each", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "AppSec Lead", email: uniqueEmail("fpolicy"), workspace: "AppSec Co" });
  const upload = (log: string, name: string) =>
    page.request.post(`/api/uploads?fileName=${name}`, { headers: { "x-lantern-workspace": slug }, data: log });
  // Day 20: a key sent in a URL (high) and sequential ids (medium).
  const day20 = callsLog(20, ["/api/export?api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc", "/api/items/1"]);
  expect((await upload(day20, "day-20.log")).status()).toBe(202);
  await connectWebhook(page, slug, "AppSec hook", `${receiver.url}/appsec`);
  await expect(async () => {
    await page.goto(`/w/${slug}/findings`);
    await expect(page.getByRole("link", { name: "Credentials sent in the URL" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  await page.goto(`/w/${slug}/response/policies`);
  await page.getByRole("button", { name: "New policy" }).click();
  const form = page.getByRole("form", { name: "New policy" });
  await form.getByLabel("Name", { exact: true }).fill("Tell AppSec");
  await form.getByLabel("posture findings: weaknesses of the APIs").check();
  // A finding names an endpoint, not a caller: nothing to block.
  await expect(form.getByLabel("Then", { exact: true })).toHaveCount(0);
  await form.getByLabel("Credentials in URLs").check();
  await form.getByLabel("AppSec hook").check();
  await form.getByRole("button", { name: "Create and dry-run" }).click();

  const card = page.getByTestId("policy-Tell AppSec");
  await expect(card.getByTestId("dry-run")).toContainText(
    "it would have told about 1 finding (1 still open), in 1 notification.",
  );
  await expect(card.getByTestId("dry-run")).toContainText("GET uploads/api/export");
  await expect(card).toContainText(
    "When A posture finding of Credentials in URLs, high or worse, on any service, opened or opened again.",
  );
  await expect(card).toContainText("Then Notify AppSec hook.");
  await card.getByRole("button", { name: "Switch on" }).click();
  await expect(card).toContainText("It has not matched a new finding yet.");

  // Day 22: a password in a URL (the check it names) and a dot-file served (another check): one notice.
  const day22 = callsLog(22, ["/api/report?password=hunter2hunter2", "/.env", "/api/items/2"]);
  expect((await upload(day22, "day-22.log")).status()).toBe(202);
  const opened = async () =>
    (await receiver.received("/appsec")).filter((r) => JSON.parse(r.body).type === "finding.opened");
  await expect(async () => expect(await opened()).toHaveLength(1)).toPass({ timeout: 60_000 });
  const [notice] = await opened();
  expect(notice!.verified).toBe(true);
  const body = JSON.parse(notice!.body);
  expect(body.data).toMatchObject({
    policy: "Tell AppSec",
    finding: { check: "credentials-in-url", endpoint: "GET uploads/api/report", severity: "HIGH" },
  });
  await page.goto(body.data.finding.url.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByTestId("finding-activity")).toContainText("Policy “Tell AppSec” told its integrations");
  await page.goto(`/w/${slug}/response/policies`);
  await expect(page.getByTestId("policy-Tell AppSec")).toContainText("Acted on findings: 1 notified.");
});

test("Jira's webhook is refused without the integration's token, and heard with it", async ({ page, request }) => {
  const slug = await signUpInUi(page, { name: "Jira Admin", email: uniqueEmail("jira"), workspace: "Jira Co" });
  // Connected from the form: the webhook URL for Jira is shown once.
  await page.goto(`/w/${slug}/settings/integrations`);
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Jira Cloud" });
  await page.getByLabel("Name", { exact: true }).fill("Jira");
  await page.getByLabel("Jira site").fill("https://acme.atlassian.net");
  await page.getByLabel("Account email").fill("bot@acme.test");
  await page.getByLabel("API token").fill("ATATT3xFfGF0-e2e-token-000000");
  await page.getByLabel("Project key").fill("SEC");
  await page.getByRole("button", { name: "Connect" }).click();
  const webhookUrl = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(webhookUrl).toMatch(/\/api\/hooks\/jira\/int_\w+\/webhook\?token=[\w-]{32}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("integrations")).toContainText("project SEC on https://acme.atlassian.net");
  const path = new URL(webhookUrl).pathname;
  const event = { webhookEvent: "jira:issue_updated", issue: { key: "SEC-7", fields: { status: { name: "Done" } } } };
  expect((await request.post(`${path}?token=wrong`, { data: event })).status()).toBe(401);
  expect(
    (await request.post(`${path.replace(/int_\w+/, "int_0000000000000000")}?token=x`, { data: event })).status(),
  ).toBe(401);
  const heard = await request.post(`${path}${new URL(webhookUrl).search}`, { data: event });
  expect(heard.status()).toBe(200);
  // Lantern opened no SEC-7: nothing to resolve.
  expect(await heard.json()).toEqual({ outcome: "unknown" });
});

test("a member chooses their alert mail, and is told when the server cannot mail", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Mail Reader", email: uniqueEmail("mail"), workspace: "Mail Co" });
  await page.goto(`/w/${slug}/settings/account`);
  // The e2e server has no SMTP_URL: the page says so instead of promising mail.
  await expect(page.getByText("SMTP_URL is not set")).toBeVisible();
  await expect(page.getByLabel("Mail me")).toHaveValue("off");
  await page.getByLabel("Mail me").selectOption({ label: "a daily digest (07:00 UTC)" });
  await page.getByLabel("From severity").selectOption({ label: "critical" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("notify-saved")).toHaveText("Saved. Alerts from critical up are mailed once a day.");
  await page.reload();
  await expect(page.getByLabel("Mail me")).toHaveValue("daily");
  await expect(page.getByLabel("From severity")).toHaveValue("CRITICAL");
});
