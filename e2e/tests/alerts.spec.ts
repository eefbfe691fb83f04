// Triage as an analyst does it: open an alert from the queue, read why it was
// raised and the requests behind it, assign it, comment, mark it a false
// positive with a reason, and see it leave the queue.
import { expect, test } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { formError, signUpInUi, uniqueEmail, uploadNginxLog } from "./helpers";

test("an analyst opens an alert, reads why, assigns it, comments, marks it a false positive and sees it leave the queue", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Ana Analyst", email: uniqueEmail("ana"), workspace: "Triage Co" });
  await page.goto(`/w/${slug}/alerts`);
  await expect(page.getByRole("heading", { name: "No alerts yet" })).toBeVisible();

  // Two simulated days with their labelled attacks: stuffing, a user walking other accounts, a partner key harvesting the catalogue,
  // and a stolen partner key used from Germany while the partner calls from the UK, issuing refunds in bulk.
  // From midnight UTC two days ago, not from the current hour: the business's hours then fall at the same time of day on every run
  // (at 21:00 UTC a partner's own evening charges, from its own address, dilute the stolen key's refunds below the business-logic bar).
  const requests = [
    ...simulate({
      start: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000),
      days: 2,
      seed: 6,
    }),
  ];
  await uploadNginxLog(page, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");
  await expect(page.getByTestId("upload-item").getByTestId("inventory-status")).toHaveText(
    "Added to the API inventory.",
    { timeout: 60_000 },
  );

  // Detection runs after discovery: the queue fills in. (The stolen key's volume is not judged yet: its partner has
  // only one earlier day at that hour, inside the volume detector's learning period; being in two countries at once needs none.)
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByTestId("alerts-count")).toContainText("5 alerts", { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(
    page.getByRole("link", { name: /^API key pk_l… #[\w-]+ used from Germany and United Kingdom at the same time$/ }),
  ).toBeVisible();
  await expect(
    page.getByRole("link", {
      name: /^API key pk_l… #[\w-]+ undid 70\d operations within an hour on partners\.northwind\.example$/,
    }),
  ).toBeVisible();
  // The Overview shows them too: how many are open, how many severe, the latest.
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("overview-tile").filter({ hasText: "open alerts" })).toContainText("5");
  await expect(page.getByTestId("overview-alerts").getByRole("listitem")).toHaveCount(5);
  // And the API map draws the endpoints they are about in red, with their count (the key's travel is about no one endpoint;
  // its refunds are), and each service counts its own.
  await page.goto(`/w/${slug}/api-map`);
  await expect(page.getByTestId("map-endpoint-alerts")).toHaveCount(4);
  await expect(page.getByTestId("map-service-alerts")).toHaveText([/^\s*1 open alert$/, /^\s*3 open alerts$/]);
  await page.goto(`/w/${slug}/alerts`);
  const walker = requests.find((r) => r.scenario === "object-enumeration")!.actor;
  await page.getByRole("link", { name: /distinct objects on GET api\.northwind\.example\/v1\/accounts/ }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/alerts/alr_`));

  // Why: in words and figures, against the norm, with the requests behind it.
  await expect(page.getByTestId("alert-explanation")).toContainText(
    `user ${walker} touched 600 distinct objects on GET api.northwind.example/v1/accounts/{accountId} within an hour`,
  );
  await expect(page.getByTestId("alert-explanation")).toContainText("belong to");
  await expect(page.getByTestId("alert-badges")).toContainText("attack");
  await expect(page.getByTestId("measures-chart")).toBeVisible();
  // The walker's hours around it, the alert's hour shaded.
  await expect(page.getByTestId("alert-timeline")).toBeVisible();
  await expect(page.getByTestId("alert-timeline").getByText("this alert")).toBeVisible();
  // Fifty requests alike but for the account id are one row with a count, open on demand.
  const walked = page.getByRole("row").filter({ hasText: "GET api.northwind.example/v1/accounts/" });
  await expect(walked.getByRole("button", { name: /^\+\d+ alike/ }).first()).toBeVisible();
  expect(await walked.count()).toBeLessThan(10);
  await page.getByRole("button", { name: "Show all 50" }).click();
  await expect(walked).toHaveCount(50);

  await page.getByLabel("Assignee").selectOption({ label: "Ana Analyst" });
  await expect(page.getByTestId("alert-history")).toContainText("Assigned to Ana Analyst");
  // Too long a comment is refused with the reason, not an empty box.
  await page.getByLabel("Comment").fill("x".repeat(4_100));
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(formError(page)).toContainText("Comments are limited to 4,000 characters.");
  await page.getByLabel("Comment").fill("The walker used the app's token from a script; checking with the app team.");
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByTestId("alert-history")).toContainText("checking with the app team");

  // A false positive waits for its reason; the status then saves at once, like the assignee.
  await page.getByLabel("Status").selectOption("FALSE_POSITIVE");
  await expect(page.getByRole("button", { name: "Mark false positive" })).toBeDisabled();
  await page
    .getByLabel("Why is it a false positive?")
    .fill("Our own QA account running the account-listing test suite");
  await page.getByRole("button", { name: "Mark false positive" }).click();
  // Opened from the queue, the next alert of the queue follows, saying what became of this one.
  await expect(page.getByTestId("triaged-notice")).toContainText("is now false positive");
  await expect(page.getByTestId("queue-stepper")).toContainText(/alert [2-5] of 5/);
  await page.getByTestId("triaged-notice").getByRole("link", { name: "previous alert" }).click();
  await expect(page.getByTestId("alert-status")).toHaveText("status: false positive");
  await expect(page.getByTestId("alert-history")).toContainText("Status new → false positive: Our own QA account");

  // The actor behind it: one user despite a new token every hour, with its risk, traffic and alerts.
  await page.getByRole("link", { name: `user ${walker}` }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/actors/act_`));
  await expect(page.getByRole("heading", { name: `user ${walker}` })).toBeVisible();
  await expect(page.getByTestId("actor-figures")).toContainText(
    `${requests.filter((r) => r.actor === walker).length.toLocaleString("en")} calls`,
  );
  await expect(page.getByTestId("actor-traffic-chart")).toBeVisible();
  // The link carried the alert's span: its day is shaded on the actor's chart, and the risk says where it comes from.
  await expect(page.getByTestId("actor-traffic-chart").getByText("the alert")).toBeVisible();
  await expect(page.getByTestId("actor-risk-why")).toContainText("its riskiest alert");
  await expect(page.getByRole("row").filter({ hasText: "bearer token" }).first()).toBeVisible();
  await expect(page.getByRole("row").getByRole("link", { name: /distinct objects on GET/ })).toBeVisible();
  // The endpoints it used and the objects it touched: the 600 accounts it walked, most of them other people's.
  const accounts = page
    .getByRole("row")
    .filter({ hasText: "GET api.northwind.example/v1/accounts/{accountId}" })
    .first();
  await expect(accounts.getByTestId("actor-objects")).toContainText(/^600 · \d+ belong to others$/);
  // Where it calls from: its one home country (a person's addresses are judged by country, not network), with all its located calls.
  await expect(page.getByRole("heading", { name: "Where it calls from" })).toBeVisible();
  const home = page.locator('tr[data-row-id^="country:"]');
  await expect(home).toHaveCount(1);
  await expect(home).toContainText(/^[A-Z][\w ,.'()-]+ \([A-Z]{2}\)/);
  // Its alerts in the queue: filtered on it, by name, whatever their status; the filter clears, from the address too.
  await page.getByRole("link", { name: "Open these in the alert queue →" }).click();
  await page.waitForURL(/\/alerts\?actor=act_/);
  await expect(page.getByTestId("alerts-filter")).toContainText(`Actor: user ${walker}`);
  await expect(page.getByTestId("alerts-count")).toContainText("· 1 alert");
  await expect(page.getByRole("link", { name: /distinct objects/ })).toBeVisible();
  await page.getByRole("button", { name: `Clear Actor: user ${walker}` }).click();
  await expect(page.getByTestId("alerts-filter")).toHaveCount(0);
  await expect(page.getByTestId("alerts-count")).toContainText("· 5 alerts");
  expect(new URL(page.url()).searchParams.has("actor")).toBe(false);
  await page.goBack();
  await page.goBack();
  // The endpoint it walked lists the alert too.
  await page.getByRole("link", { name: "GET api.northwind.example/v1/accounts/{accountId}", exact: true }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/inventory/ep_`));
  await expect(page.getByRole("heading", { name: "Alerts" })).toBeVisible();
  await expect(page.getByRole("row").getByRole("link", { name: /distinct objects on GET/ })).toBeVisible();
  await page.goBack();

  // Out of the open queue; still there under its status. ("← Alerts" returns to the queue last worked: all statuses.)
  await page.getByRole("link", { name: "← Alerts" }).click();
  await expect(page.getByLabel("Status")).toHaveValue("all");
  await page.getByLabel("Status").selectOption("open");
  await expect(page.getByTestId("alerts-count")).toContainText("4 alerts");
  await expect(page.getByRole("link", { name: /distinct objects/ })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("FALSE_POSITIVE");
  await expect(page.getByRole("link", { name: /distinct objects/ })).toBeVisible();

  // What the false positive taught is listed under suppressions; a network can be allow-listed there too.
  await page.getByRole("link", { name: "suppressions" }).click();
  const taught = page.getByRole("row").filter({ hasText: "Our own QA account" });
  await expect(taught).toContainText("Taught by a false positive");
  await expect(taught).toContainText(`Object enumeration (BOLA) for user ${walker}`);
  await expect(taught.getByTestId("suppression-hits")).toHaveText("0 findings");
  await page.getByLabel("Network").fill("10.0.0.0/33");
  await page.getByLabel("Why it is benign").fill("Our scanner");
  await page.getByRole("button", { name: "Allow-list" }).click();
  await expect(page.locator("#cidr-error")).toContainText('"10.0.0.0/33" is not an IP range');
  await page.getByLabel("Network").fill("10.0.0.0/24");
  await page.getByRole("button", { name: "Allow-list" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Our scanner" })).toContainText("Allow-listed network");
  // Removing the taught one is the undo: the alert's history says so.
  await taught.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Our own QA account" })).toHaveCount(0);
});

test("a call-sequence alert shows each unusual step beside what the actor's peers call instead", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Seq Analyst", email: uniqueEmail("seq"), workspace: "Sequence Co" });
  // The third simulated day alone: app users pay through the app (card, payment, confirmation) while a new account posts 45 payments
  // in a row, most declined: card testing. (Without that day's hoarder, whose payments in a row are an alert of their own.)
  const start = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
  const day = [...simulate({ start: new Date(start), days: 3, seed: 8 })].filter(
    (r) => r.ts >= start + 2 * 86_400_000 && r.scenario !== "hoarding",
  );
  await uploadNginxLog(page, slug, `${day.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");
  await expect(page.getByTestId("upload-item").getByTestId("inventory-status")).toHaveText(
    "Added to the API inventory.",
    { timeout: 60_000 },
  );
  const carder = day.find((r) => r.scenario === "card-testing" && r.authorization)!;
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await page
      .getByRole("link", { name: /called in an order its peers almost never follow: 45 unusual steps within an hour$/ })
      .click({ timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(page.getByTestId("alert-explanation")).toContainText(
    "After POST /v1/payments they usually call GET /v1/payments/{paymentId}",
  );
  const step = page
    .getByRole("row")
    .filter({ hasText: "POST api.northwind.example/v1/payments → POST api.northwind.example/v1/payments" });
  await expect(step).toContainText("44");
  // How rarely its peers take that step: never, or a fraction of a percent (the day's travelling consultant pays twice in a row).
  await expect(step).toContainText(/never|0\.\d%/);
  await expect(step).toContainText(/GET api\.northwind\.example\/v1\/payments\/\{paymentId\} \d+(\.\d)?%/);
  // The requests behind it are the tester's payments, from its one address (folded while alike).
  await page.getByRole("button", { name: /^Show all \d+$/ }).click();
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: carder.clientIp })
      .filter({ hasText: "POST api.northwind.example/v1/payments" }),
  ).toHaveCount(45);
});
