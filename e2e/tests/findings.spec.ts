// Posture as a developer reads it: after an upload is judged, open Findings,
// filter by an OWASP category, open a finding, read what was seen and the
// fix, accept the risk with a reason, see it leave the open list and the
// posture score go up; give it an owner and a comment; read the endpoint's
// risk and find it among the riskiest in the inventory.
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { expect, type Page, test } from "@playwright/test";
import { formError, signUpInUi, uniqueEmail, uploadNginxLog } from "./helpers";

/** One simulated day of Northwind's edge log, uploaded; posture runs after detection, so this waits for findings. */
async function uploadDayAndWaitForFindings(page: Page, slug: string) {
  const requests = [...simulate({ start: new Date("2026-11-16T00:00:00Z"), days: 1, seed: 4 })];
  await uploadNginxLog(page, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");
  await expect(async () => {
    await page.goto(`/w/${slug}/findings`);
    await expect(page.getByTestId("findings-count")).toContainText("finding", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

test("a developer filters findings by OWASP category, reads the evidence and the fix, and accepts the risk", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Dev Eloper", email: uniqueEmail("dev"), workspace: "Posture Co" });
  await uploadDayAndWaitForFindings(page, slug);
  await expect(page.getByTestId("owasp-chart")).toBeVisible();
  await expect(page.getByTestId("posture-trend")).toBeVisible();
  const scoreBefore = Number(((await page.getByTestId("posture-score").textContent()) ?? "").split("/")[0]);
  expect(scoreBefore).toBeLessThan(100);
  await expect(page.getByTestId("posture-deductions")).toContainText("high");

  await page.getByLabel("OWASP category").selectOption("API2");
  await expect(page.getByTestId("findings-count")).toHaveText("1 finding");
  await expect(page.getByRole("link", { name: "Credentials sent in the URL" })).toBeVisible();
  await expect(page.getByText("GET api.northwind.example/v1/accounts/{accountId}/transactions")).toBeVisible();
  await page.getByRole("link", { name: "Credentials sent in the URL" }).click();

  await expect(page.getByRole("heading", { name: "Credentials sent in the URL" })).toBeVisible();
  await expect(page.getByTestId("finding-badges")).toContainText("high");
  await expect(page.getByTestId("finding-badges")).toContainText("API2 Broken Authentication");
  await expect(page.getByTestId("finding-detail")).toContainText("query parameters named access_token");
  await expect(page.getByTestId("finding-fix")).toContainText("Authorization header");
  // The requests behind it, the token masked as it was on arrival.
  await expect(page.getByTestId("finding-samples")).toContainText("access_token=eyJh…");
  await expect(page.getByTestId("finding-fixes")).toContainText("nginx");
  // Each sample opens the stored request: every field, the endpoint it counts under, the token still masked.
  await page.getByTestId("finding-samples").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("access_token=eyJh…");
  await expect(page.getByTestId("request-fields")).toContainText("Status");
  await expect(page.getByTestId("request-judgement")).toContainText("/transactions");
  await page.getByTestId("request-judgement").getByRole("link").click();
  await expect(page).toHaveURL(/\/inventory\/ep_/);
  await page.goBack();
  await page.goBack();
  await expect(page.getByTestId("finding-status")).toHaveText("open");

  // A reason is required; then the risk is accepted, for a period, and the finding leaves the open list.
  await page.getByRole("button", { name: "Accept the risk" }).click();
  await expect(page.locator(".field .error")).toContainText("Say why");
  await page
    .getByLabel("Why this risk is accepted")
    .fill("Only the retired 5.2 app does this; it is shut down in March.");
  await page.getByLabel("For how many days").fill("120");
  await page.getByRole("button", { name: "Accept the risk" }).click();
  await expect(page.getByTestId("finding-status")).toHaveText("accepted");
  await expect(page.getByTestId("accepted-reason")).toContainText("Only the retired 5.2 app does this");
  await expect(formError(page)).toHaveCount(0);

  // Owner and comment, kept in the finding's history with the acceptance.
  await page.getByLabel("Owner").selectOption({ label: "Dev Eloper" });
  await page.getByLabel("Comment").fill("Mobile team confirms the shutdown date.");
  await page.getByRole("button", { name: "Comment" }).click();
  const history = page.getByTestId("finding-activity");
  await expect(history).toContainText("Found by the posture checks");
  await expect(history).toContainText("Risk accepted: Only the retired 5.2 app does this");
  await expect(history).toContainText("Given to Dev Eloper");
  await expect(history).toContainText("Mobile team confirms the shutdown date.");
  await expect(page.getByTestId("endpoint-risk")).toContainText("/ 10");

  await page.getByRole("link", { name: "← Findings" }).click();
  // The accepted risk no longer counts against the score.
  await expect(async () => {
    expect(Number(((await page.getByTestId("posture-score").textContent()) ?? "").split("/")[0])).toBeGreaterThan(
      scoreBefore,
    );
  }).toPass({ timeout: 10_000 });
  await page.getByLabel("OWASP category").selectOption("API2");
  await expect(page.getByTestId("findings-count")).toHaveText("0 findings");
  await page.getByLabel("Status").selectOption("ACCEPTED");
  await expect(page.getByRole("link", { name: "Credentials sent in the URL" })).toBeVisible();
});

test("the inventory sorts by risk and explains an endpoint's score", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Sec Ops", email: uniqueEmail("risk"), workspace: "Risk Co" });
  await uploadDayAndWaitForFindings(page, slug);

  // The Overview shows the posture score and leads to the findings.
  await page.goto(`/w/${slug}`);
  const score = page.getByTestId("overview-tile").filter({ hasText: "posture score" });
  await expect(score).toContainText(/\d+/);
  await score.click();
  await expect(page.getByTestId("posture-score")).toBeVisible();

  // The API map marks endpoints with open findings.
  await page.goto(`/w/${slug}/api-map`);
  await expect(page.getByTestId("map-endpoint-findings").first()).toContainText(/\d+ findings?/);

  await page.goto(`/w/${slug}/inventory`);
  await page.getByLabel("Sort by").selectOption("riskScore");
  const rows = page.locator("table.table tbody tr");
  const firstRow = rows.first();
  // The list keeps the previous sort on screen until the new one arrives: read until it is sorted by risk.
  const scores = async () =>
    (await rows.locator("td:nth-child(2) .badge").allTextContents()).map((text) => Number(text));
  await expect(async () => {
    const shown = await scores();
    expect(shown[0]).toBeGreaterThan(3);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
  }).toPass({ timeout: 10_000 });
  const topScore = (await scores())[0]!;
  await firstRow.getByRole("link").first().click();
  await expect(page.getByTestId("risk-score")).toContainText(topScore.toFixed(1));
  await expect(page.getByTestId("risk-factors")).toContainText("Likelihood × impact");
  await expect(page.getByTestId("risk-factors")).toContainText("Called from the internet");
  // And what an attacker could do with it, with the detectors that watch for it.
  await expect(page.getByTestId("abuse-cases")).toContainText("Watched by:");
});
