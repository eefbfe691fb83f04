// The queue as a SecOps analyst with a real queue works it: from the Overview's
// "critical or high" to that filter, sorted by risk, walked and triaged by
// keyboard, grouped by actor and acted on a group at a time, saved as one's
// default view, and stepped through alert by alert; the audit log keeps it.
import { expect, type Page, test } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { signUpInUi, uniqueEmail, uploadNginxLog } from "./helpers";

const cursorRow = (page: Page) => page.locator("tr.row-cursor");

test("an analyst filters, sorts, groups and triages the queue by keyboard, and keeps it as her default view", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Kim Keys", email: uniqueEmail("keys"), workspace: "Queue Co" });
  const start = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000);
  const requests = [...simulate({ start, days: 2, seed: 6 })];
  await uploadNginxLog(page, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByTestId("alerts-count")).toContainText("5 alerts", { timeout: 2_000 });
  }).toPass({ timeout: 90_000 });

  // From the Overview, "critical or high" opens exactly that filter, worst first.
  await page.goto(`/w/${slug}`);
  const severe = page.getByTestId("overview-tile").filter({ hasText: "critical or high" }).first();
  const count = Number(await severe.locator("strong").textContent());
  await severe.click();
  await page.waitForURL(/minSeverity=HIGH/);
  await expect(page.getByLabel("Severity")).toHaveValue("min:HIGH");
  await expect(page.getByTestId("alerts-count")).toContainText(`· ${count} alert`);
  const badges = await page.locator("tbody tr td:nth-child(2) .badge").allTextContents();
  expect(badges.every((b) => b === "critical" || b === "high")).toBe(true);

  // Every alert, riskiest first: the risk column never rises.
  await page.getByLabel("Severity").selectOption("");
  await page.getByLabel("Sort").selectOption("risk");
  await page.waitForURL(/sort=risk/);
  await expect(page.getByTestId("alerts-count")).toContainText("· 5 alerts");
  const risks = (await page.locator("tbody tr td:nth-child(3)").allTextContents()).map(Number);
  expect(risks).toHaveLength(5);
  expect(risks).toEqual([...risks].sort((a, b) => b - a));
  // Critical and high read differently: critical is filled.
  const critical = page.locator("tbody .badge-critical");
  const high = page.locator("tbody .badge-danger");
  if ((await critical.count()) && (await high.count())) {
    const fill = (l: typeof critical) => l.first().evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await fill(critical)).not.toBe(await fill(high));
  }

  // The keyboard: j walks down, k up, x selects, a assigns to me, i marks investigating.
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcut-help")).toContainText("assign the selected alerts");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("shortcut-help")).toHaveCount(0);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  const first = page.locator("tbody tr").first();
  await expect(cursorRow(page)).toHaveAttribute("data-row-id", (await first.getAttribute("data-row-id"))!);
  await page.keyboard.press("j");
  const second = await cursorRow(page).getAttribute("data-row-id");
  await page.keyboard.press("x");
  await expect(page.getByTestId("bulk-actions")).toContainText("1 selected");
  await page.keyboard.press("a");
  await expect(page.locator(`tr[data-row-id="${second}"]`)).toContainText("Kim Keys");
  await expect(page.getByRole("status")).toContainText("1 alert changed.");
  // The selection is cleared after acting; i now acts on the row under the cursor.
  await page.keyboard.press("i");
  await expect(page.locator(`tr[data-row-id="${second}"]`)).toContainText("investigating");

  // Select all on the page, and assign them in one go.
  await page.getByLabel("Select every alert on this page").check();
  await expect(page.getByTestId("bulk-actions")).toContainText("5 selected");
  await page.getByLabel("Assign selected to").selectOption({ label: "Kim Keys" });
  await expect(page.getByRole("status")).toContainText("4 alerts changed.");
  await expect(page.locator("tbody tr").filter({ hasText: "Kim Keys" })).toHaveCount(5);

  // Grouped by actor: the stolen key's two alerts are one group, selected and marked at once.
  await page.getByLabel("Grouping").selectOption("actor");
  await page.waitForURL(/group=actor/);
  const groups = page.getByTestId("alert-groups");
  await expect(groups.locator("tbody")).toHaveCount(4);
  const keyGroup = groups.locator("tbody").filter({ hasText: /API key pk_l/ });
  await expect(keyGroup.locator("tr").first()).toContainText("2 alerts");
  await keyGroup.getByLabel(/Select the 2 alerts of/).check();
  await expect(page.getByTestId("bulk-actions")).toContainText("2 selected");
  await page.getByRole("button", { name: "False positive…" }).click();
  await page.getByLabel("Why are these false positives?").fill("Partner's own failover test, agreed by mail");
  await page.getByRole("button", { name: "Mark 2 false positives" }).click();
  await expect(page.getByRole("status")).toContainText("2 alerts changed.");
  await expect(groups.locator("tbody")).toHaveCount(3);

  // Her default view: saved, then applied when the queue is opened from the menu.
  await page.getByRole("button", { name: "Save as my default view" }).click();
  await expect(page.getByTestId("default-view")).toContainText("Your default view");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await page.waitForURL(/group=actor/);
  await expect(page.getByLabel("Sort")).toHaveValue("risk");
  await expect(page.getByTestId("alert-groups")).toBeVisible();

  // Back to a list: Enter opens the alert under the cursor, j steps to the next, r resolves and moves on.
  await page.getByLabel("Grouping").selectOption("");
  await expect(page.getByTestId("alerts-count")).toContainText("· 3 alerts");
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/alerts\/alr_/);
  await expect(page.getByTestId("queue-stepper")).toContainText("alert 1 of 3");
  await page.keyboard.press("j");
  await expect(page.getByTestId("queue-stepper")).toContainText("alert 2 of 3");
  await page.keyboard.press("r");
  await expect(page.getByTestId("triaged-notice")).toContainText("is now resolved");
  await expect(page.getByTestId("queue-stepper")).toContainText("alert 3 of 3");
  await page.keyboard.press("u");
  await page.waitForURL(/\/alerts\?/);
  await expect(page.getByTestId("alerts-count")).toContainText("· 2 alerts");

  // A hand-edited or hostile address falls back to the defaults: no error, nothing run, nothing echoed raw.
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const hostile = new URLSearchParams({
    sort: "<script>alert(1)</script>",
    page: "-3",
    group: "../../etc",
    minSeverity: "HIGH\u0000",
    status: "' OR 1=1 --",
    assignee: "x".repeat(500),
    detector: "scanning\u0000",
  });
  await page.goto(`/w/${slug}/alerts?${hostile}`);
  await expect(page.getByLabel("Sort")).toHaveValue("lastSeen");
  await expect(page.getByLabel("Grouping")).toHaveValue("");
  await expect(page.getByLabel("Status")).toHaveValue("open");
  await expect(page.getByTestId("alerts-count")).toContainText("page 1 of 1");
  expect(dialogs).toEqual([]);

  // The audit log keeps who triaged what.
  await page.goto(`/w/${slug}/settings/audit`);
  const entries = page.getByRole("row");
  await expect(entries.filter({ hasText: "Changed the status of an alert" }).first()).toContainText("keys");
  await expect(entries.filter({ hasText: "Changed who an alert is assigned to" }).first()).toBeVisible();
});
