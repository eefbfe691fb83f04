// The path every team takes on day one: sign up, invite, accept, work with the right rights.
import { expect, test } from "@playwright/test";
import { PASSWORD, signUpInUi, trpc, uniqueEmail } from "./helpers";

test("sign up, invite an Analyst, who accepts in another browser and cannot manage members", async ({
  page,
  browser,
}) => {
  const ownerEmail = uniqueEmail("owner");
  const slug = await signUpInUi(page, { name: "Olivia Owner", email: ownerEmail, workspace: "Acme Security" });
  expect(slug).toMatch(/^acme-security/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Upload your first access log")).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText("Olivia Owner");
  // The dashboard shell has every section.
  for (const item of [
    "Overview",
    "API map",
    "Inventory",
    "Findings",
    "Alerts",
    "Actors",
    "Hunt",
    "Response",
    "Data sources",
    "Settings",
  ]) {
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: item, exact: true }),
    ).toBeVisible();
  }
  // Hunting before any upload: nothing stored yet, and how it comes.
  await page.goto(`/w/${slug}/hunt`);
  await expect(page.getByRole("heading", { name: "No requests stored yet" })).toBeVisible();
  // Findings before any upload: none, and how they come.
  await page.goto(`/w/${slug}/findings`);
  await expect(page.getByRole("heading", { name: "No findings" })).toBeVisible();
  await page.goto(`/w/${slug}`);

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
  const analystEmail = uniqueEmail("analyst");
  await page.getByLabel("Email").fill(analystEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("ANALYST");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(link).toMatch(/\/invite\/inv_[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("row", { name: new RegExp(analystEmail) })).toContainText("Analyst");

  // The teammate, in a separate browser context (no shared cookies).
  const teammate = await browser.newContext();
  const tp = await teammate.newPage();
  await tp.goto(link);
  await expect(tp.getByRole("heading", { name: "Join Acme Security" })).toBeVisible();
  await expect(tp.getByText("Olivia Owner invited")).toBeVisible();
  await tp.getByLabel("Your name").fill("Andy Analyst");
  await tp.getByLabel("Choose a password").fill(PASSWORD);
  await tp.getByRole("button", { name: "Join Acme Security" }).click();
  await tp.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(tp.getByTestId("current-user")).toHaveText("Andy Analyst");
  await expect(tp.getByText("Analyst", { exact: true })).toBeVisible();

  // Analyst rights: sees the members, cannot manage them.
  await tp.getByRole("link", { name: "Settings" }).click();
  const settingsTabs = tp.getByRole("navigation", { name: "Settings" });
  await expect(settingsTabs.getByRole("link", { name: "API tokens" })).toHaveCount(0);
  await expect(settingsTabs.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await settingsTabs.getByRole("link", { name: "Members" }).click();
  await expect(tp.getByText("Only Owners and Admins can invite people")).toBeVisible();
  await expect(tp.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await expect(tp.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(tp.getByRole("row", { name: new RegExp(ownerEmail) })).toContainText("Owner");
  // The server refuses too, whatever the UI shows.
  const forged = await trpc(
    tp.request,
    "invitations.create",
    { email: uniqueEmail("sneaky"), role: "ADMIN" },
    { workspace: slug },
  );
  expect(forged.error?.data.code).toBe("FORBIDDEN");
  await tp.goto(`/w/${slug}/settings/tokens`);
  await expect(tp.getByRole("heading", { name: "You cannot manage API tokens" })).toBeVisible();

  // The invitation link is single-use.
  const third = await browser.newContext();
  const p3 = await third.newPage();
  await p3.goto(link);
  await expect(p3.getByRole("heading", { name: "This invitation can no longer be used" })).toBeVisible();
  await Promise.all([teammate.close(), third.close()]);
});

test("someone with an account joins a second workspace and switches between them", async ({ page, browser }) => {
  const ownerEmail = uniqueEmail("owner2");
  const slug = await signUpInUi(page, { name: "Pat Owner", email: ownerEmail, workspace: "Partner Bank" });

  const devContext = await browser.newContext();
  const dev = await devContext.newPage();
  const devEmail = uniqueEmail("dev");
  const devSlug = await signUpInUi(dev, { name: "Dana Dev", email: devEmail, workspace: "Dana's Lab" });

  await page.goto(`/w/${slug}/settings/members`);
  await page.getByLabel("Email").fill(devEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("DEVELOPER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = (await page.getByTestId("secret-value").textContent())!.trim();

  await dev.goto(link);
  await dev.getByRole("button", { name: "Join Partner Bank" }).click();
  await dev.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(dev.getByText("Developer", { exact: true })).toBeVisible();

  const switcher = dev.getByLabel("Switch workspace");
  await expect(switcher.locator("option")).toHaveText(["Dana's Lab", "Partner Bank", "+ New workspace…"]);
  await switcher.selectOption(devSlug);
  await dev.waitForURL(new RegExp(`/w/${devSlug}$`));
  await expect(dev.getByText("Owner", { exact: true })).toBeVisible();
  await devContext.close();
});
