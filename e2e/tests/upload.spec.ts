// Uploading logs in the dashboard, as a person does on day one.
import { sharedData } from "@lantern/engine/testing/shared-data";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { signUpInUi, uniqueEmail } from "./helpers";

const REAL_LOG = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8");

test("upload a .gz in the dashboard, watch it process, see counts, rejections and the readiness report", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Una Uploader", email: uniqueEmail("una"), workspace: "Upload Co" });
  await page.getByRole("link", { name: "Go to Data sources" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/data-sources$`));
  await expect(page.getByRole("heading", { name: "No logs yet" })).toBeVisible();

  // The real 2015 log eight times over: 80,000 lines, long enough to watch.
  const content = gzipSync(Array.from({ length: 8 }, () => REAL_LOG).join(""));
  await page.getByLabel("Data source").fill("apache-www");
  await page.getByLabel("Choose log files").setInputFiles({ name: "access.log.gz", mimeType: "application/gzip", buffer: content });

  const item = page.getByTestId("upload-item");
  await expect(item).toContainText("access.log.gz");
  await expect(item.getByRole("progressbar", { name: "Processing" })).toBeVisible();
  await expect(item.locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", { timeout: 60_000 });
  await expect(item.getByRole("progressbar")).toHaveCount(0);

  await expect(item.getByTestId("line-counts")).toContainText("79,992 events from 80,000 lines; 8 rejected");
  await expect(item).toContainText("format: combined (detected, 100% of sampled lines)");
  await expect(item).toContainText("Rejected by reason: format mismatch 8");
  await expect(item).toContainText("line 8899 (format mismatch)");
  const report = item.getByTestId("readiness-report");
  await expect(report.getByLabel("Readiness score")).toHaveText("45");
  await expect(report.locator('[data-check="identity"][data-ok="false"]')).toContainText("Fix: nginx: Log who calls");
  await expect(report.locator('[data-check="client_ip"][data-ok="true"]')).toBeVisible();

  // The uploads table lists it.
  await page.reload();
  const row = page.getByRole("row", { name: /access\.log\.gz/ });
  await expect(row).toContainText("79,992 (8 rejected)");
  await expect(row).toContainText("45/100");
});

test("an unrecognisable file fails with a message that says what to do", async ({ page }) => {
  await signUpInUi(page, { name: "Gus", email: uniqueEmail("gus"), workspace: "Garbage Co" });
  await page.getByRole("link", { name: "Go to Data sources" }).click();
  await page.getByLabel("Choose log files").setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)) });
  const item = page.getByTestId("upload-item");
  await expect(item.locator("[data-status]")).toHaveAttribute("data-status", "FAILED", { timeout: 30_000 });
  await expect(item.getByRole("alert")).toContainText("could not recognise the format of this file");
});
