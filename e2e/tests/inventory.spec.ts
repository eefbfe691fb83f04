// From logs to an API inventory, as a newcomer sees it: upload simulated
// traffic in the rich nginx format, and the inventory lists its endpoints
// templated, with authentication and direction.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate, type SimRequest } from "@lantern/simulator/generate";
import { signUpInUi, uniqueEmail, uploadNginxLog } from "./helpers";

test("uploaded traffic becomes an inventory of templated endpoints, searchable and filterable", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Ivy Inventory", email: uniqueEmail("ivy"), workspace: "Inventory Co" });
  await page.goto(`/w/${slug}/inventory`);
  await expect(page.getByRole("heading", { name: "Your inventory is empty" })).toBeVisible();

  const requests = [
    ...simulate({ start: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000), days: 1, seed: 9 }),
  ];
  await uploadNginxLog(page, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");

  // Discovery runs after ingestion; the upload says when its events are in the inventory, and links there.
  const added = page.getByTestId("upload-item").getByTestId("inventory-status");
  await expect(added).toHaveText("Added to the API inventory.", { timeout: 30_000 });
  await expect(page.getByTestId("upload-item").getByRole("progressbar")).toHaveCount(0);
  await added.getByRole("link", { name: "API inventory" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/inventory$`));
  await expect(page.getByTestId("inventory-figures")).toContainText("3 services");
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
  // Top callers: the partners' API keys, by prefix and hash, never in clear.
  await expect(page.getByRole("row").filter({ hasText: "API key pk_l…" })).toHaveCount(10);
  await expect(page.getByRole("main")).not.toContainText(/pk_live_[0-9a-f]{24}/);
  const param = page.getByRole("row").filter({ hasText: "{chargeId}" });
  await expect(param).toContainText("a prefixed id");
  await expect(param).toContainText("200 or more");
  await expect(page.getByTestId("status-mix-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.goto(`/w/${slug}/inventory/ep_doesnotexist`);
  await expect(page.getByRole("heading", { name: "No such endpoint" })).toBeVisible();
});

// Northwind's public API as its team documented it: one endpoint deprecated,
// /health and the login left out, one operation nobody calls.
const NORTHWIND_SPEC = `openapi: 3.0.3
info: { title: Northwind Pay public API, version: "1.4" }
servers: [{ url: "https://api.northwind.example" }]
paths:
  /v1/accounts/{accountId}:
    get: { operationId: getAccount }
    delete: { operationId: closeAccount }
  /v1/accounts/{accountId}/transactions:
    get:
      parameters: [{ name: limit, in: query, schema: { type: integer } }]
  /v1/payments:
    post: { operationId: createPayment }
  /v1/payments/{paymentId}:
    get: { operationId: getPayment }
  /v1/cards/{cardId}:
    get: { operationId: getCard, deprecated: true }
  /v1/products:
    get:
      parameters: [{ name: page, in: query, schema: { type: integer } }]
`;

test("a spec marks shadow and zombie endpoints and lists what is never called", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Sam Spec", email: uniqueEmail("sam"), workspace: "Spec Co" });
  const requests = [
    ...simulate({ start: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000), days: 1, seed: 4 }),
  ].filter((r) => r.host === "api.northwind.example");
  await uploadNginxLog(page, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`);
  await expect(async () => {
    await page.goto(`/w/${slug}/inventory`);
    await expect(page.getByTestId("inventory-figures")).toContainText("1 services", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  await page
    .getByLabel("Choose a spec file")
    .setInputFiles({ name: "northwind.yaml", mimeType: "application/yaml", buffer: Buffer.from(NORTHWIND_SPEC) });
  // The spec documents 6 of the endpoints called (one of them deprecated); the rest are shadow, the business
  // dashboard's /v1/business/... among them.
  const seen = new Set(
    requests.filter((r) => ![401, 403, 404].includes(r.status)).map((r) => `${r.method} ${r.endpoint}`),
  ).size;
  await expect(page.getByTestId("spec-result")).toContainText(
    `Northwind Pay public API for api.northwind.example: 7 operations; 5 endpoints documented, ${seen - 6} shadow, 1 zombie.`,
  );
  const specs = page.getByTestId("specs");
  await expect(specs).toContainText(`coverage ${Math.round((100 * 6) / seen)}% of ${seen} endpoints seen`);
  await specs.getByText("documented operations never called").click();
  await expect(specs).toContainText("DELETE /v1/accounts/{accountId}");

  await page.getByLabel("Spec status").selectOption("shadow");
  // Northwind's back office is not in its public spec either, nor is cancelling a payment, nor are its payment links.
  await expect(page.getByTestId("inventory-figures")).toContainText(`${seen - 6} endpoints match`);
  await expect(page.getByRole("row").filter({ hasText: "GET /v1/paylinks/{paylinkId}" })).toContainText("shadow");
  await expect(page.getByRole("row").filter({ hasText: "DELETE /v1/payments/{paymentId}" })).toContainText("shadow");
  await expect(page.getByRole("row").filter({ hasText: "/v1/admin/users/{userId}/unlock" })).toContainText("shadow");
  await expect(page.getByRole("row").filter({ hasText: "/health" })).toContainText("shadow");
  await expect(page.getByRole("row").filter({ hasText: "/v1/auth/login" })).toContainText("shadow");
  await page.getByLabel("Spec status").selectOption("zombie");
  await page.getByRole("link", { name: "GET /v1/cards/{cardId}" }).click();
  await expect(page.getByTestId("spec-status")).toContainText("Zombie API: deprecated in the spec, still called.");

  // The discovered inventory downloads as an OpenAPI 3.1 document that parses.
  await page.goto(`/w/${slug}/inventory`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download OpenAPI 3.1 of api.northwind.example" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("api.northwind.example.openapi.json");
  const exported = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    openapi: string;
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  expect(exported.openapi).toBe("3.1.0");
  expect(Object.keys(exported.paths)).toEqual(
    expect.arrayContaining(["/v1/accounts/{accountId}", "/v1/cards/{cardId}", "/v1/auth/login", "/health"]),
  );
  expect(exported.paths["/v1/products"]!.get!.security).toEqual([]);

  // A file that is not a spec gets a clear answer.
  await page
    .getByLabel("Choose a spec file")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just some notes") });
  await expect(page.locator(".form-error[role=alert]")).toContainText("not an OpenAPI 3.x or Swagger 2.0 document");
});

test("a person corrects a template: a segment marked variable merges endpoints, a value kept literal splits one out", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Cora Correct", email: uniqueEmail("cora"), workspace: "Correct Co" });
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
  const request = (i: number, path: string): SimRequest => ({
    ts: hour + i * 1000,
    method: "GET",
    host: "people.example",
    path,
    status: 200,
    bytes: 300,
    latencyMs: 12,
    clientIp: `81.2.69.${i + 1}`,
    peerIp: "10.0.0.2",
    forwardedFor: `81.2.69.${i + 1}`,
    userAgent: "curl/8",
    endpoint: path,
    scenario: "user",
    attack: false,
    actor: "x",
  });
  // Five people: too few different names for discovery to call the place variable on its own.
  await uploadNginxLog(
    page,
    slug,
    `${["ann", "bob", "cyd", "dan", "eve"].map((p, i) => SIM_FORMATS.nginx(request(i, `/people/${p}/repos`))).join("\n")}\n`,
  );
  await expect(async () => {
    await page.goto(`/w/${slug}/inventory`);
    await expect(page.getByTestId("inventory-figures")).toContainText("5 endpoints", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  await page.getByRole("link", { name: "GET /people/ann/repos" }).click();
  await page.getByRole("button", { name: "Treat ann as a variable" }).click();
  await expect(page.getByRole("heading", { name: "GET /people/{personId}/repos" })).toBeVisible();
  await expect(page.getByTestId("endpoint-figures")).toContainText("5 calls");
  await expect(page.getByRole("row").filter({ hasText: "{personId}" })).toContainText("marked variable by a person");

  await page.getByRole("button", { name: "Keep a value of {personId} literal" }).click();
  await page.getByLabel("Value to keep literal").fill("me");
  await page.getByRole("button", { name: "Keep literal" }).click();
  await expect(page.getByTestId("correction-result")).toContainText("“me” will be an endpoint of its own");
  // The next upload follows both corrections.
  await uploadNginxLog(
    page,
    slug,
    `${[request(6, "/people/me/repos"), request(7, "/people/zoe/repos")].map(SIM_FORMATS.nginx).join("\n")}\n`,
  );
  await expect(async () => {
    await page.goto(`/w/${slug}/inventory`);
    await expect(page.getByTestId("inventory-figures")).toContainText("2 endpoints", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("row").filter({ hasText: "/people/{personId}/repos" })).toContainText("6");
  await expect(page.getByRole("row").filter({ hasText: "/people/me/repos" })).toBeVisible();
});
