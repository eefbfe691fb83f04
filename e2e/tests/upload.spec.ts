// Uploading logs in the dashboard, as a person does on day one.
import { sharedData } from "@lantern/engine/testing/shared-data";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { signUpInUi, uniqueEmail } from "./helpers";

const REAL_LOG = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8");

test("upload a .gz in the dashboard, watch it process, see counts, rejections and the readiness report", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Una Uploader", email: uniqueEmail("una"), workspace: "Upload Co" });
  await page.getByRole("link", { name: "Go to Data sources" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/data-sources$`));
  await expect(page.getByRole("heading", { name: "No logs yet" })).toBeVisible();

  // The real 2015 log eight times over: 80,000 lines, long enough to watch.
  const content = gzipSync(Array.from({ length: 8 }, () => REAL_LOG).join(""));
  await page.getByLabel("Data source").fill("apache-www");
  await page
    .getByLabel("Choose log files")
    .setInputFiles({ name: "access.log.gz", mimeType: "application/gzip", buffer: content });

  const item = page.getByTestId("upload-item");
  await expect(item).toContainText("access.log.gz");
  await expect(item.getByRole("progressbar", { name: "Processing" })).toBeVisible();
  await expect(item.locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", { timeout: 60_000 });
  await expect(item.getByRole("progressbar", { name: "Processing" })).toHaveCount(0);
  // Then discovery adds the events to the inventory, with a progress bar of its own until it has.
  await expect(item.getByTestId("inventory-status")).toHaveText("Added to the API inventory.", { timeout: 60_000 });
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
  // One state in both places: once every stage is done, the table and the opened card both say so.
  await expect(row.getByTestId("upload-phase")).toHaveText("done", { timeout: 60_000 });
  await row.getByRole("button", { name: "Details" }).click();
  await expect(page.locator('[data-status="COMPLETED"]').getByTestId("upload-phase")).toHaveText("done");
  // Streaming is one link away, with this Lantern's own address in the snippets.
  await page.getByRole("link", { name: "streaming from a log shipper" }).click();
  await expect(page.getByTestId("snippet-vector")).toContainText(`uri = "${new URL(page.url()).origin}/api/v1/ingest`);
});

test("an unrecognisable file fails with a message that says what to do", async ({ page }) => {
  await signUpInUi(page, { name: "Gus", email: uniqueEmail("gus"), workspace: "Garbage Co" });
  await page.getByRole("link", { name: "Go to Data sources" }).click();
  await page.getByLabel("Choose log files").setInputFiles({
    name: "photo.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)),
  });
  const item = page.getByTestId("upload-item");
  await expect(item.locator("[data-status]")).toHaveAttribute("data-status", "FAILED", { timeout: 30_000 });
  await expect(item.getByRole("alert")).toContainText("could not recognise the format of this file");
});

test("each data source has a page with the readiness of its newest upload and its traffic per day", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Sol Source", email: uniqueEmail("sol"), workspace: "Source Co" });
  await page.goto(`/w/${slug}/data-sources`);
  // Two days of simulated traffic ending this hour, in plain combined format.
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 86_400_000);
  const lines = [...simulate({ start, days: 2, seed: 3 })].map(SIM_FORMATS.combined);
  const days = new Set(lines.map((l) => /\[(\d\d\/\w{3})/.exec(l)![1])).size;
  await page.getByLabel("Data source").fill("northwind-edge");
  await page
    .getByLabel("Choose log files")
    .setInputFiles({ name: "edge.log", mimeType: "text/plain", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  await expect(page.getByTestId("upload-item").locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 60_000,
  });

  const row = page.getByRole("row", { name: /northwind-edge/ }).filter({ has: page.getByRole("link") });
  await expect(row).toContainText(lines.length.toLocaleString("en"));
  await row.getByRole("link", { name: "northwind-edge" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/data-sources/northwind-edge$`));
  await expect(page.getByRole("heading", { name: "northwind-edge" })).toBeVisible();
  await expect(page.getByTestId("source-figures")).toContainText(`${lines.length.toLocaleString("en")} events`);
  // Combined logs carry no identity, host or latency: the report says so, with the fix.
  const report = page.getByTestId("readiness-report");
  await expect(report.locator('[data-check="identity"][data-ok="false"]')).toContainText("Fix:");
  await expect(report.locator('[data-check="latency"][data-ok="false"]')).toBeVisible();
  // One bar per day of traffic.
  await expect(page.getByTestId("events-per-day-chart").locator(".recharts-bar-rectangle")).toHaveCount(days);

  await page.goto(`/w/${slug}/data-sources/no-such-source`);
  await expect(page.getByRole("heading", { name: "No such data source" })).toBeVisible();
});
