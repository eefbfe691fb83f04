// From logs to an API inventory, as a newcomer sees it: upload simulated
// traffic in the rich nginx format, and the inventory lists its endpoints
// templated, with authentication and direction.
import { expect, test } from "@playwright/test";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { signUpInUi, uniqueEmail } from "./helpers";

test("uploaded traffic becomes an inventory of templated endpoints, searchable and filterable", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Ivy Inventory", email: uniqueEmail("ivy"), workspace: "Inventory Co" });
  await page.goto(`/w/${slug}/inventory`);
  await expect(page.getByRole("heading", { name: "Your inventory is empty" })).toBeVisible();

  const requests = [...simulate({ start: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000), days: 1, seed: 9 })];
  await page.goto(`/w/${slug}/data-sources`);
  await page.getByLabel("Data source").fill("northwind-edge");
  await page.getByLabel("Format", { exact: true }).selectOption("nginx");
  await page.getByLabel("Your log_format directive").fill(SIM_NGINX_FORMAT);
  await page.getByLabel("Choose log files").setInputFiles({ name: "edge.log", mimeType: "text/plain", buffer: Buffer.from(`${requests.map(SIM_FORMATS.nginx).join("\n")}\n`) });
  await expect(page.getByTestId("upload-item").locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", { timeout: 60_000 });

  // Discovery runs after ingestion; the inventory fills in.
  await expect(async () => {
    await page.goto(`/w/${slug}/inventory`);
    await expect(page.getByTestId("inventory-figures")).toContainText("3 services", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const truth = new Set(requests.map((r) => `${r.method} ${r.host}${r.endpoint}`));
  await expect(page.getByTestId("inventory-figures")).toContainText(`${truth.size} endpoints`);
  const row = (text: string) => page.getByRole("row").filter({ hasText: text });
  await expect(row("/partner/v2/charges/{chargeId}").filter({ hasText: "GET" })).toContainText("100% with credentials");
  await expect(row("/v1/products")).toContainText("unauthenticated");
  // No concrete id made it into the inventory.
  await expect(page.getByRole("row").filter({ hasText: /\/ch_[0-9a-f]{6}|\/1\d{5}\b/ })).toHaveCount(0);

  await page.getByLabel("Search endpoints").fill("ledger");
  await expect(page.getByTestId("inventory-figures")).toContainText("2 endpoints match");
  await page.getByLabel("Search endpoints").fill("");
  await page.getByLabel("Direction").selectOption("east-west");
  await expect(page.getByTestId("inventory-figures")).toContainText("2 endpoints match");
  await expect(row("/internal/ledger/entries")).toBeVisible();
  await page.getByLabel("Direction").selectOption("");
  await page.getByLabel("Authentication").selectOption("unauthenticated");
  await expect(page.getByRole("row").filter({ hasText: "/v1/accounts/{accountId}" })).toHaveCount(0);
  await expect(row("/v1/auth/login")).toBeVisible();

  // The changes feed lists what discovery found; an endpoint's page explains its template.
  await page.getByLabel("Authentication").selectOption("");
  await expect(page.getByTestId("changes-feed")).toContainText("New endpoint");
  await page.getByRole("link", { name: "GET /partner/v2/charges/{chargeId}" }).click();
  await expect(page.getByRole("heading", { name: "GET /partner/v2/charges/{chargeId}" })).toBeVisible();
  await expect(page.getByTestId("endpoint-figures")).toContainText("12 callers");
  const param = page.getByRole("row").filter({ hasText: "{chargeId}" });
  await expect(param).toContainText("a prefixed id");
  await expect(param).toContainText("200 or more");
  await expect(page.getByTestId("status-mix-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.goto(`/w/${slug}/inventory/ep_doesnotexist`);
  await expect(page.getByRole("heading", { name: "No such endpoint" })).toBeVisible();
});
