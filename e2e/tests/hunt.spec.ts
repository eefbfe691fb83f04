// Hunting as an analyst does it: upload a log, open Hunt, type a query with
// the completion's help, read the matches over time and the newest
// requests, pivot on a top value, count with a stats pipe, share the URL,
// export the matches, and be told where a query is wrong.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signUpInUi, uniqueEmail } from "./helpers";

const line = (ip: string, user: string, minute: number, request: string, status: number, ua = "app/1.0") =>
  `${ip} - ${user} [20/Nov/2026:10:${String(minute).padStart(2, "0")}:00 +0000] "${request} HTTP/1.1" ${status} 100 "-" "${ua}"`;

/** Alice (12 calls, two of them anonymous from her address), a scanner (20 refusals), six visitors. */
const LOG = `${[
  ...Array.from({ length: 10 }, (_, i) => line("198.51.100.1", "alice", i, `GET /api/orders/${i + 1}`, 200)),
  line("198.51.100.1", "-", 11, "GET /api/catalogue", 200),
  line("198.51.100.1", "-", 12, "GET /api/catalogue", 200),
  ...Array.from({ length: 20 }, (_, i) => line("203.0.113.66", "-", 20 + i, `GET /admin/${i}.php`, 404, "sqlmap/1.7")),
  ...Array.from({ length: 6 }, (_, i) => line(`192.0.2.${i + 1}`, "-", 45 + i, "GET /api/catalogue", 200)),
].join("\n")}\n`;

test("an analyst hunts, pivots, counts, shares and exports", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Hunter", email: uniqueEmail("hunt"), workspace: "Hunt Co" });
  const upload = await page.request.post("/api/uploads?fileName=access.log", {
    headers: { "x-lantern-workspace": slug },
    data: LOG,
  });
  expect(upload.status()).toBe(202);
  const title = page.getByRole("heading", { name: /requests? match/ });
  await expect(async () => {
    await page.goto(`/w/${slug}/hunt`);
    await expect(title).toHaveText("38 requests match", { timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("hunt-histogram")).toBeVisible();
  await expect(page.getByText(/kept 30 days/)).toBeVisible();

  // Completion: a field name from its first letters, Tab takes it.
  const box = page.getByLabel("Query");
  await box.fill("sta");
  await expect(page.getByRole("option", { name: /status:/ })).toBeVisible();
  await box.press("Tab");
  await expect(box).toHaveValue("status:");
  await box.fill("status:404 AND ua:sqlmap*");
  await box.press("Enter");
  await expect(title).toHaveText("20 requests match");
  await expect(page.getByTestId("hunt-rows")).toContainText("/admin/19.php");
  await expect(page).toHaveURL(/q=status%3A404\+AND\+ua%3Asqlmap\*/);

  // A pivot: the actors of the API calls, then one of them.
  await box.fill("path:/api/*");
  await box.press("Enter");
  await expect(title).toHaveText("18 requests match");
  await page.getByTestId("facet-actor").getByRole("button", { name: "user alice", exact: true }).click();
  await expect(box).toHaveValue('path:/api/* AND actor:"user alice"');
  await expect(title).toHaveText("12 requests match");
  await expect(page.getByTestId("hunt-rows")).toContainText("/api/catalogue");

  // The URL is the hunt: opened again, it shows the same.
  const shared = page.url();
  await page.goto(`/w/${slug}`);
  await page.goto(shared);
  await expect(title).toHaveText("12 requests match");

  // Export what matches.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = readFileSync((await (await download).path())!, "utf8")
    .trim()
    .split("\n");
  expect(file[0]).toMatch(/^ts,method,host,path,status,ip/);
  expect(file).toHaveLength(13);

  // Counting with a pipe.
  await box.fill("| stats count() by status");
  await box.press("Enter");
  await expect(page.getByTestId("hunt-stats")).toContainText("404");
  await expect(page.getByTestId("hunt-stats")).toContainText("52.6 %");

  // The fields are listed under the box.
  await page.getByText("Fields and syntax").click();
  await expect(page.getByTestId("hunt-fields")).toContainText("endpoint");

  // A wrong query says what and where.
  await box.fill("status:200 AND password:hunter2");
  await box.press("Enter");
  const error = page.getByRole("alert").filter({ hasText: "There is no field" });
  await expect(error).toHaveText(
    'There is no field "password". Fields: actor, ip, country, method, host, path, endpoint, status, ua, user, auth and more (all under "Fields and syntax"). (at character 16)',
  );

  // What the hunt found goes to the block list, after a preview.
  await box.fill("ua:sqlmap*");
  await box.press("Enter");
  await expect(title).toHaveText("20 requests match");
  await page.getByText("Block the addresses these requests came from…").click();
  const blocking = page.getByTestId("hunt-block");
  await expect(blocking.getByTestId("block-preview")).toHaveText(
    "1 address sent the 20 matching requests (the busiest: 203.0.113.66 20).",
  );
  await blocking.getByLabel("Why").fill("sqlmap against the admin pages");
  await blocking.getByRole("button", { name: "Confirm the block" }).click();
  await expect(blocking).toContainText("1 address is on the block list until");
  await page.goto(`/w/${slug}/response`);
  await expect(page.getByTestId("entries-BLOCK")).toContainText("203.0.113.66/32");

  // A pivot through actors: a visitor, the actors calling from its network, one of them, its requests.
  await page.goto(`/w/${slug}/hunt?q=${encodeURIComponent("ip:192.0.2.1")}`);
  await expect(title).toHaveText("1 request matches");
  await page.getByTestId("hunt-rows").getByRole("link", { name: "192.0.2.1", exact: true }).click();
  const related = page.getByTestId("related-actors");
  await expect(related).toContainText("calls from the same network 192.0.2.0/24");
  await related.getByRole("link", { name: "192.0.2.4", exact: true }).click();
  await expect(page.getByRole("heading", { name: "192.0.2.4" })).toBeVisible();
  // Its timeline: one session, opened to what it did.
  await expect(page.getByRole("heading", { name: "Sessions (1)" })).toBeVisible();
  await page
    .getByTestId("actor-sessions")
    .getByRole("button", { name: /20 Nov 2026/ })
    .click();
  await expect(page.getByTestId("session-detail")).toContainText("GET uploads/api/catalogue");
  await expect(page.getByTestId("session-chart")).toBeVisible();
  await page.getByTestId("hunt-actor").click();
  await expect(page.getByLabel("Query")).toHaveValue("actor:192.0.2.4");
  await expect(title).toHaveText("1 request matches");
  // From the inventory too: an endpoint's top callers open their actor, or a hunt of their calls there.
  await page.goto(`/w/${slug}/inventory`);
  await page.getByRole("link", { name: "GET /api/catalogue" }).click();
  await page
    .getByRole("row", { name: /192\.0\.2\.4/ })
    .getByRole("link", { name: "Hunt its calls here" })
    .click();
  await expect(page.getByLabel("Query")).toHaveValue('actor:192.0.2.4 AND endpoint:"GET uploads/api/catalogue"');
  await expect(title).toHaveText("1 request matches");
});

test("a saved hunt runs as a detector: the next upload's matches are an alert with the query", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Detective", email: uniqueEmail("hdet"), workspace: "Detect Co" });
  const upload = (log: string, name: string) =>
    page.request.post(`/api/uploads?fileName=${name}`, { headers: { "x-lantern-workspace": slug }, data: log });
  expect((await upload(LOG, "day-20.log")).status()).toBe(202);
  const title = page.getByRole("heading", { name: /requests? match/ });
  await expect(async () => {
    await page.goto(`/w/${slug}/hunt?q=${encodeURIComponent("ua:sqlmap*")}`);
    await expect(title).toHaveText("20 requests match", { timeout: 3_000 });
  }).toPass({ timeout: 90_000 });

  await page.getByLabel("Name of the hunt").fill("sqlmap");
  await page.getByRole("button", { name: "Save hunt" }).click();
  const saved = page.getByTestId("saved-hunts");
  await expect(saved).toContainText("ua:sqlmap*");
  await saved.getByLabel("alerts").selectOption({ label: "high" });
  // The box shows what the server keeps: it is ticked once the hunt is a detector.
  await saved.getByLabel("Run sqlmap on each upload").click();
  await expect(saved.getByLabel("Run sqlmap on each upload")).toBeChecked();
  await expect(saved).toContainText("runs on the next upload");

  // The next day, the scanner is back from another address.
  const next = `${Array.from({ length: 5 }, (_, i) => line("203.0.113.99", "-", i, `GET /wp-admin/${i}`, 404, "sqlmap/1.8").replace("20/Nov", "21/Nov")).join("\n")}\n`;
  expect((await upload(next, "day-21.log")).status()).toBe(202);
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByRole("link", { name: 'Saved hunt "sqlmap": 5 requests from 203.0.113.99' })).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 90_000 });
  await page.getByRole("link", { name: 'Saved hunt "sqlmap": 5 requests from 203.0.113.99' }).click();
  await expect(page.getByTestId("alert-explanation")).toContainText("whose query is: ua:sqlmap*");
  // From the alert to its requests, and on to the actor's own page and back to Hunt.
  await page.getByTestId("hunt-alert").click();
  await expect(page.getByLabel("Query")).toHaveValue("actor:203.0.113.99");
  await expect(title).toHaveText("5 requests match");
  await expect(page.getByTestId("saved-hunts")).toContainText("5 matched");
  await page.getByTestId("hunt-rows").getByRole("link", { name: "203.0.113.99" }).first().click();
  await page.getByTestId("hunt-actor").click();
  await expect(title).toHaveText("5 requests match");
});
