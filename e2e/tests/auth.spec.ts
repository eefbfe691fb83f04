// Sign-up validation, sign-in and out, the session cookie, and brute-force throttling.
import { expect, test } from "@playwright/test";
import { PASSWORD, formError, signInInUi, signUpInUi, signUpViaApi, trpc, uniqueEmail } from "./helpers";

test("sign-up explains what is wrong with the input, including a taken email", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Vera");
  await page.getByLabel("Workspace name").fill("V");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Use at least 10 characters for your password")).toBeVisible();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 2 characters for the workspace name")).toBeVisible();

  const email = uniqueEmail("taken");
  await signUpViaApi(page.context().request, { name: "First", email, workspace: "First" });
  await page.context().clearCookies();
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Second");
  await page.getByLabel("Workspace name").fill("Second");
  await page.getByLabel("Work email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(formError(page)).toHaveText(
    "An account with this email already exists. Sign in instead, or use another email.",
  );
});

test("sign in and out; the session cookie is httpOnly and SameSite=Lax; pages need a session", async ({ page }) => {
  const email = uniqueEmail("session");
  const slug = await signUpInUi(page, { name: "Sam", email, workspace: "Session Co" });
  const cookie = (await page.context().cookies()).find((c) => c.name === "lantern.session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.goto(`/w/${slug}/settings`);
  await page.waitForURL(/\/login\?callbackUrl=/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formError(page)).toHaveText("That email and password do not match an account.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/settings$`));
});

test("a brute-force run is stopped and shows up in the audit log for the workspace's admins", async ({
  page,
  browser,
}) => {
  const ownerEmail = uniqueEmail("target");
  const slug = await signUpInUi(page, { name: "Tara Target", email: ownerEmail, workspace: "Target Inc" });

  const attackerContext = await browser.newContext();
  const attacker = await attackerContext.newPage();
  for (let i = 0; i < 5; i++) {
    await signInInUi(attacker, ownerEmail, `guess number ${i}!`);
    await expect(formError(attacker)).toHaveText("That email and password do not match an account.");
  }
  // Even the right password is refused now, and a forged X-Forwarded-For does not help.
  await attacker.setExtraHTTPHeaders({ "X-Forwarded-For": "10.9.8.7" });
  await signInInUi(attacker, ownerEmail, PASSWORD);
  await expect(formError(attacker)).toContainText("Too many failed sign-in attempts. Try again in");
  await attackerContext.close();

  // The owner's existing session still works and the audit log tells the story.
  await page.goto(`/w/${slug}/settings/audit`);
  await expect(page.getByTestId("sign-in-chart")).toBeVisible();
  await expect(page.locator('[data-action="auth.sign_in_failed"]')).toHaveCount(5);
  await expect(page.locator('[data-action="auth.sign_in_rate_limited"]')).toHaveCount(1);
  const failedRow = page
    .getByRole("row")
    .filter({ has: page.locator('[data-action="auth.sign_in_failed"]') })
    .first();
  await expect(failedRow).toContainText("127.0.0.1");
  await page.getByLabel("Filter by action").selectOption("auth.sign_in_rate_limited");
  await expect(page.locator("[data-action]")).toHaveCount(1);
});

test("bad input to the API gets a validation message, never a stack trace", async ({ request }) => {
  const slug = await signUpViaApi(request, { name: "Val", email: uniqueEmail("val"), workspace: "Validation" });
  const bad = await trpc(request, "invitations.create", { email: "nope", role: "EMPEROR" }, { workspace: slug });
  expect(bad.status).toBe(400);
  expect(bad.error?.data.fieldErrors).toMatchObject({
    email: ["Enter a valid email address, like name@company.com"],
    role: [expect.stringContaining("Choose a role")],
  });
  expect(JSON.stringify(bad.error)).not.toMatch(/at .*\.(ts|js):\d+/);
  const garbage = await request.post("/api/trpc/tokens.create", {
    data: "{not json",
    headers: { "content-type": "application/json", "x-lantern-workspace": slug },
  });
  expect(garbage.status()).toBe(400);
  expect(await garbage.text()).not.toMatch(/at .*\.(ts|js):\d+/);
});
