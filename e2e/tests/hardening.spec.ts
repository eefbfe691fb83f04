// The web app's own defences, checked against the running server: client
// addresses come from the socket, pages carry a nonce'd CSP, API answers
// are not cached, other sites cannot post with our cookie, and NUL in a
// parameter is a 400.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { PASSWORD, formError, signInInUi, signUpInUi, signUpViaApi, trpc, uniqueEmail } from "./helpers";

test("a forged X-Forwarded-For does not reach the audit log: the address is the socket's", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("forged");
  const slug = await signUpInUi(page, { name: "Fay", email, workspace: "Forged Inc" });
  const attacker = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "6.6.6.6" } });
  const attackerPage = await attacker.newPage();
  await signInInUi(attackerPage, email, "not the password!");
  await expect(formError(attackerPage)).toHaveText("That email and password do not match an account.");
  await attacker.close();
  await page.goto(`/w/${slug}/settings/audit`);
  const failed = page.getByRole("row").filter({ has: page.locator('[data-action="auth.sign_in_failed"]') });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText("127.0.0.1");
  await expect(failed).not.toContainText("6.6.6.6");
});

test("pages carry a Content-Security-Policy with a fresh nonce that their scripts use, and still work", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  const first = await page.goto("/login");
  const csp = first!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  // Every script Next wrote into the page carries this request's nonce.
  const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set([nonce]));
  const second = await page.goto("/login");
  expect(/'nonce-([^']+)'/.exec(second!.headers()["content-security-policy"]!)![1]).not.toBe(nonce);
  // Served over http here: no HSTS (it would pin a browser to https this server does not speak).
  expect(second!.headers()["strict-transport-security"]).toBeUndefined();
  // The page is interactive under the policy: React handles the form (without scripts it would submit natively and show no error).
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formError(page)).toBeVisible();
  expect(violations).toEqual([]);
});

test("API answers are never cached, and another site's page cannot post with the session cookie", async ({
  request,
}) => {
  const slug = await signUpViaApi(request, { name: "Csrf", email: uniqueEmail("csrf"), workspace: "Csrf Co" });
  const query = await request.get(
    `/api/trpc/workspace.current?input=${encodeURIComponent(JSON.stringify({ json: null }))}`,
    { headers: { "x-lantern-workspace": slug } },
  );
  expect(query.headers()["cache-control"]).toBe("no-store");
  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.headers()["cache-control"]).toBe("no-store");

  const forged = await request.post("/api/trpc/tokens.create", {
    data: { json: { name: "stolen", scopes: ["read"] } },
    headers: { "x-lantern-workspace": slug, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.message).toBe(
    "This request came from another site's page; Lantern only accepts changes from its own.",
  );
  const tokens = await trpc(request, "tokens.list", null, { workspace: slug, kind: "query" });
  expect(tokens.data).toEqual([]);
  // The dashboard's own request (same origin) goes through.
  const base = new URL(openapi.url()).origin;
  const own = await request.post("/api/trpc/tokens.create", {
    data: { json: { name: "mine", scopes: ["read"] } },
    headers: { "x-lantern-workspace": slug, origin: base, "sec-fetch-site": "same-origin" },
  });
  expect(own.status()).toBe(200);
});

test("NUL in an id or a query parameter is a 400 with the reason, not a 500", async ({ request }) => {
  const slug = await signUpViaApi(request, { name: "Nul", email: uniqueEmail("nul"), workspace: "Nul Co" });
  const token = (await trpc(request, "tokens.create", { name: "reader", scopes: ["read"] }, { workspace: slug })).data
    .token as string;
  const auth = { authorization: `Bearer ${token}` };
  for (const path of ["/api/v1/endpoints/ep_%00x", "/api/v1/alerts/alr_%00", "/api/v1/endpoints?search=a%00b"]) {
    const res = await request.get(path, { headers: auth });
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error.message, path).toBe(
      "The request holds a NUL character, which no parameter may contain.",
    );
  }
  const trpcRes = await trpc(request, "actors.get", { actorId: "act_\u0000" }, { workspace: slug, kind: "query" });
  expect(trpcRes.status).toBe(400);
});

test("signing out ends the session on the server: a copy of the old cookie no longer works", async ({
  page,
  browser,
}) => {
  const slug = await signUpInUi(page, { name: "Otto", email: uniqueEmail("signout"), workspace: "Signout Co" });
  const stolen = (await page.context().cookies()).filter((c) => c.name === "lantern.session");
  expect(stolen).toHaveLength(1);
  // The copy works while the session is open…
  const thief = await browser.newContext();
  await thief.addCookies(stolen);
  const before = await trpc(thief.request, "workspace.current", null, { workspace: slug, kind: "query" });
  expect(before.status).toBe(200);
  // …and not once its owner signs out, though the cookie itself has days left.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  const after = await trpc(thief.request, "workspace.current", null, { workspace: slug, kind: "query" });
  expect(after.status).toBe(401);
  const thiefPage = await thief.newPage();
  await thiefPage.goto(`/w/${slug}`);
  await thiefPage.waitForURL(/\/login\?callbackUrl=/);
  await thief.close();
});

test("changing the password signs out every other browser, not this one; a wrong current password is refused", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("passwd");
  const slug = await signUpInUi(page, { name: "Pia", email, workspace: "Password Co" });
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signInInUi(laptopPage, email);
  await laptopPage.waitForURL(/\/w\//);

  await page.goto(`/w/${slug}/settings/account`);
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(formError(page)).toHaveText("Your current password is not right.");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toHaveText("Password changed. 1 other session was signed out.");

  // This browser stays in; the other one is out, and the old password no longer works.
  await page.goto(`/w/${slug}/settings`);
  await expect(page.getByTestId("current-user")).toHaveText("Pia");
  await laptopPage.goto(`/w/${slug}`);
  await laptopPage.waitForURL(/\/login\?callbackUrl=/);
  await signInInUi(laptopPage, email);
  await expect(formError(laptopPage)).toHaveText("That email and password do not match an account.");
  await signInInUi(laptopPage, email, "a brand new password");
  await laptopPage.waitForURL(/\/w\//);
  await laptop.close();
});

test("a dashboard upload over 10 MB goes through, and another site's page cannot upload with the cookie", async ({
  page,
}) => {
  const slug = await signUpInUi(page, { name: "Big", email: uniqueEmail("bigfile"), workspace: "Big File Co" });
  // 12 MB: more than a Next.js proxy would read of a body (10 MB), so uploads must never pass through one.
  const log = readFileSync(sharedData("real/apache-semicomplete-2015.log"));
  const big = Buffer.concat(Array.from({ length: 6 }, () => log));
  expect(big.length).toBeGreaterThan(12_000_000);
  await page.goto(`/w/${slug}/data-sources`);
  await page.getByLabel("Choose log files").setInputFiles({ name: "big.log", mimeType: "text/plain", buffer: big });
  await expect(page.getByTestId("upload-item").locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 120_000,
  });
  await expect(page.getByTestId("upload-item").getByTestId("line-counts")).toContainText(
    "59,994 events from 60,000 lines",
  );

  const forged = await page.context().request.post("/api/uploads?source=evil", {
    data: '198.51.100.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"\n',
    headers: { "x-lantern-workspace": slug, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(forged.status()).toBe(403);
});
