// A log full of XSS payloads (packages/engine/fixtures/hostile/xss.log): in
// paths a scanner probed, a signed-in user's name, query names and values,
// user agents and referers. Every page that shows them must show them as
// text: no dialog, no injected element, the payload readable.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { signUpInUi, uniqueEmail } from "./helpers";

const corpus = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../packages/engine/fixtures/hostile/${name}`, import.meta.url)));
const XSS_LOG = corpus("xss.log");

/** Fails the test if any payload ran: a dialog opened, or an element a payload carries got into the page. */
function watchForScripts(page: Page): () => Promise<void> {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return async () => {
    expect(dialogs).toEqual([]);
    expect(await page.locator('img[src="x"], svg[onload], script:not([src]):has-text("xss-")').count()).toBe(0);
  };
}

test("XSS payloads in every logged field render as text on the inventory, endpoint, actor and alert pages", async ({
  page,
}) => {
  const noScriptRan = watchForScripts(page);
  const slug = await signUpInUi(page, { name: "Xena", email: uniqueEmail("xss"), workspace: "Hostile Log Co" });
  await page.goto(`/w/${slug}/data-sources`);
  await page.getByLabel("Choose log files").setInputFiles({ name: "xss.log", mimeType: "text/plain", buffer: XSS_LOG });
  await expect(page.getByTestId("upload-item").locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("upload-item").getByTestId("line-counts")).toContainText(
    "1,920 events from 1,920 lines",
  );
  await expect(page.getByTestId("upload-item").getByTestId("inventory-status")).toHaveText(
    "Added to the API inventory.",
    { timeout: 60_000 },
  );

  // The endpoint the payload-named user called, with the payload query name and value among its parameters.
  await page.goto(`/w/${slug}/inventory`);
  await page
    .getByRole("link", { name: /\/v1\/orders\/\{/ })
    .first()
    .click();
  await page.waitForURL(new RegExp(`/w/${slug}/inventory/ep_`));
  await expect(page.getByText("<svg/onload=alert('xss-qname')>").first()).toBeVisible();
  await noScriptRan();

  // The signed-in user named by a payload is an actor whose name reads as the payload.
  await page.goto(`/w/${slug}/actors`);
  const actorLink = page.getByRole("link", { name: /<img\/src=x\/onerror=alert\('xss-user'\)>/ });
  await expect(actorLink).toBeVisible({ timeout: 30_000 });
  await actorLink.click();
  await page.waitForURL(new RegExp(`/w/${slug}/actors/act_`));
  await expect(page.getByText("<img/src=x/onerror=alert('xss-user')>").first()).toBeVisible();
  await noScriptRan();

  // The scanner's alert quotes the payload paths it probed.
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByRole("link", { name: /^Scanning/ }).first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page
    .getByRole("link", { name: /^Scanning/ })
    .first()
    .click();
  await page.waitForURL(new RegExp(`/w/${slug}/alerts/alr_`));
  await expect(page.getByTestId("alert-explanation")).toContainText("<script>alert('xss-path-1')</script>");
  await expect(page.getByTestId("alert-explanation")).toContainText("<img/src=x/onerror=alert('xss-path-2')>");
  await noScriptRan();
});

test("NUL bytes in a log are shown as ␀ where the dashboard shows the field", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Nia", email: uniqueEmail("nul-ui"), workspace: "Nul Log Co" });
  await page.goto(`/w/${slug}/data-sources`);
  await page
    .getByLabel("Choose log files")
    .setInputFiles({ name: "nul-everywhere.log", mimeType: "text/plain", buffer: corpus("nul-everywhere.log") });
  const upload = page.getByTestId("upload-item");
  await expect(upload.locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", { timeout: 60_000 });
  await expect(upload.getByTestId("line-counts")).toContainText("4 events from 5 lines");
  // The rejected line's sample shows its NULs.
  await expect(upload.getByText("not a log line ␀␀␀")).toBeVisible();
  // The basic-auth user "r\0oot" is an actor named r␀oot.
  await expect(async () => {
    await page.goto(`/w/${slug}/actors`);
    await expect(page.getByRole("link", { name: /r␀oot/ })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
