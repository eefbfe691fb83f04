// Response as an analyst works it: from a credential-stuffing alert, preview
// what blocking its network would hit, confirm it for 24 hours, and find it
// on the Response page with the feed gateways pull; the allow list refuses
// what it covers.
import { expect, test } from "@playwright/test";
import { signUpInUi, uniqueEmail } from "./helpers";

/** Three quiet hours of sign-ins, then an hour of failures from 30 addresses of one network. */
function stuffingLog(): string {
  const line = (ip: string, hour: number, minute: number, status: number) =>
    `${ip} - - [22/Nov/2026:${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00 +0000] "POST /login HTTP/1.1" ${status} 10 "-" "app/1.0"`;
  const quiet = [8, 9, 10].flatMap((h) => [1, 2, 3].map((i) => line(`198.51.100.${i}`, h, i, 200)));
  const attack = Array.from({ length: 30 }, (_, i) => line(`203.0.113.${i + 1}`, 11, i, 401));
  return `${[...quiet, ...attack].join("\n")}\n`;
}

test("an analyst blocks a credential-stuffing network from its alert and finds it on the Response page", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Ana Lyst", email: uniqueEmail("block"), workspace: "Block Co" });
  const upload = await page.request.post("/api/uploads?fileName=login.log", {
    headers: { "x-lantern-workspace": slug },
    data: stuffingLog(),
  });
  expect(upload.status()).toBe(202);
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByRole("link", { name: /Credential stuffing/ }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page
    .getByRole("link", { name: /Credential stuffing/ })
    .first()
    .click();
  await expect(page.getByTestId("block-panel")).toBeVisible();
  const alertUrl = page.url();

  const panel = page.getByTestId("block-panel");
  // The network its 30 addresses share is offered first.
  await expect(panel.getByLabel("What to block")).toHaveValue("0");
  await expect(panel.getByLabel("What to block").locator("option").first()).toHaveText(
    "network 203.0.113.0/24 (30 of its addresses)",
  );
  await expect(panel.getByTestId("block-preview")).toContainText("sent 30 requests from 30 addresses");
  await panel.getByLabel("What to block").selectOption({ label: "address 203.0.113.2" });
  await expect(panel.getByTestId("block-preview")).toContainText("sent 1 request from 1 address");
  await panel.getByLabel("What to block").selectOption({ index: 0 });
  await expect(panel.getByTestId("block-preview")).toContainText("sent 30 requests from 30 addresses");
  await panel.getByLabel("For").selectOption({ label: "24 hours" });
  await panel.getByRole("button", { name: "Confirm the block" }).click();
  await expect(panel.locator(".error")).toContainText("Say why");
  await panel.getByLabel("Why").fill("Credential stuffing against /login");
  await panel.getByRole("button", { name: "Confirm the block" }).click();
  await expect(panel.getByTestId("block-done")).toContainText("203.0.113.0/24 is on the block list until");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Response", exact: true }).click();
  const blocks = page.getByTestId("entries-BLOCK");
  await expect(blocks).toContainText("203.0.113.0/24");
  await expect(blocks).toContainText("Credential stuffing against /login");
  await expect(page.getByTestId("feed-urls")).toContainText("/api/v1/blocklist?format=nginx");

  // The office network goes on the allow list; blocking inside it is then refused before anything is sent.
  await page.getByLabel("Address or range to allow").fill("198.51.100.0/24");
  await page.getByLabel("Whose it is").fill("Office VPN");
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(page.getByTestId("allow-list")).toContainText("Office VPN");
  await page.getByLabel("Address or range", { exact: true }).fill("198.51.100.7");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("block-panel").getByRole("alert")).toContainText("Office VPN");
  await expect(page.getByRole("button", { name: "Confirm the block" })).toBeDisabled();

  // Unblocking takes it off the list, and it shows among the removed ones.
  await page.getByRole("button", { name: "Unblock 203.0.113.0/24" }).click();
  await expect(blocks).toContainText("Nothing is on this list");
  await page.getByRole("button", { name: "Show removed" }).first().click();
  await expect(blocks).toContainText("203.0.113.0/24");

  // Back on the alert: every one of its 30 addresses, blocked in one step for 24 hours.
  await page.goBack();
  await page.goto(alertUrl);
  await panel.getByLabel("What to block").selectOption({ label: "every address of this alert (30)" });
  await expect(panel.getByTestId("block-preview")).toContainText("30 addresses sent 30 requests between");
  await panel.getByLabel("For").selectOption({ label: "24 hours" });
  await panel.getByLabel("Why").fill("The whole stuffing botnet");
  await panel.getByRole("button", { name: "Confirm the block" }).click();
  await expect(panel.getByTestId("block-done")).toContainText("30 addresses are on the block list until");
  await page.goto(alertUrl.replace(/\/alerts\/.*$/, "/response"));
  await expect(blocks).toContainText("203.0.113.17/32");
  await expect(blocks.locator("tbody tr")).toHaveCount(30);
});
