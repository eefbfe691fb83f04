// Every main page of a workspace full of traffic, as people of every kind
// meet it: axe-core finds no serious or critical accessibility violation in
// the dark or the light theme, each page names itself in the browser tab,
// the skip link reaches the content, and at a phone's 390 px the menu folds
// away and nothing widens the page. Ctrl-K jumps to an endpoint by name.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { signInInUi, signUpInUi, trpc, uniqueEmail, uploadNginxLog } from "./helpers";

type Screen = { path: string; heading: string | RegExp; title: RegExp };

let slug = "";
const email = uniqueEmail("a11y");
let screens: Screen[] = [];

test.describe.configure({ mode: "serial" });

/** Each later test has a fresh browser context: the same person signs in again. */
async function signIn(page: Page) {
  await signInInUi(page, email);
  await page.waitForURL(/\/w\//);
}

/** A workspace with two simulated days in it, and the pages to visit with their ids. */
async function workspaceFullOfTraffic(page: Page): Promise<Screen[]> {
  slug = await signUpInUi(page, { name: "Ada Access", email, workspace: "Every Screen Co" });
  const start = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000);
  const requests = [...simulate({ start, days: 2, seed: 6 })];
  await uploadNginxLog(page, slug, `${requests.map(SIM_FORMATS.nginx).join("\n")}\n`, "northwind-edge");
  const q = (path: string, input: unknown = {}) => trpc(page.request, path, input, { workspace: slug, kind: "query" });
  await expect(async () => {
    expect((await q("alerts.list", { status: "all" })).data.total).toBe(5);
    expect((await q("findings.list")).data.total).toBeGreaterThan(0);
  }).toPass({ timeout: 90_000 });
  const alert = (await q("alerts.list", { status: "all" })).data.rows.find((a: { actor: unknown }) => a.actor);
  const endpoint = (await q("inventory.endpoints")).data.rows[0];
  const finding = (await q("findings.list")).data.rows[0];
  return [
    { path: "", heading: "Overview", title: /^Overview · Lantern$/ },
    { path: "/api-map", heading: "API map", title: /^API map · Lantern$/ },
    { path: "/inventory", heading: "Inventory", title: /^Inventory · Lantern$/ },
    { path: `/inventory/${endpoint.id}`, heading: endpoint.template, title: /· Lantern$/ },
    { path: "/findings", heading: "Findings", title: /^Findings · Lantern$/ },
    { path: `/findings/${finding.id}`, heading: finding.title, title: /· Lantern$/ },
    { path: "/alerts", heading: "Alerts", title: /^Alerts · Lantern$/ },
    { path: `/alerts/${alert.id}`, heading: alert.title, title: /· Lantern$/ },
    { path: `/actors/${alert.actor.id}`, heading: alert.actor.label, title: /· Lantern$/ },
    { path: "/actors", heading: "Actors", title: /^Actors · Lantern$/ },
    { path: "/hunt", heading: "Hunt", title: /^Hunt · Lantern$/ },
    { path: "/response", heading: "Response", title: /^Block and allow lists · Response · Lantern$/ },
    { path: "/response/policies", heading: "Response", title: /^Policies · Response · Lantern$/ },
    { path: "/data-sources", heading: "Data sources", title: /^Data sources · Lantern$/ },
    { path: "/settings/members", heading: "Settings", title: /^Members · Settings · Lantern$/ },
    { path: "/settings/integrations", heading: "Settings", title: /^Integrations · Settings · Lantern$/ },
    { path: "/settings/audit", heading: "Settings", title: /^Audit log · Settings · Lantern$/ },
  ];
}

/** axe-core's serious and critical findings (WCAG 2.1 A and AA), as "rule: where" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
}

async function open(page: Page, s: Screen) {
  await page.goto(`/w/${slug}${s.path}`);
  await expect(page.getByRole("heading", { level: 1, name: s.heading }).first()).toBeVisible();
  // The page's data, not its loading state, is what gets checked.
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
}

test("every main page passes axe in both themes and names itself in the browser tab", async ({ page, browser }) => {
  test.setTimeout(240_000);
  screens = await workspaceFullOfTraffic(page);
  const found: string[] = [];
  for (const s of screens) {
    await open(page, s);
    await expect(page).toHaveTitle(s.title);
    found.push(...(await seriousViolations(page)).map((v) => `dark ${s.path || "/"} ${v}`));
  }
  const light = await browser.newContext({ colorScheme: "light", storageState: await page.context().storageState() });
  const lightPage = await light.newPage();
  for (const s of screens) {
    await open(lightPage, s);
    found.push(...(await seriousViolations(lightPage)).map((v) => `light ${s.path || "/"} ${v}`));
  }
  // The light theme is really drawn: the page is light.
  const bg = await lightPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(244, 246, 250)");
  await light.close();
  expect(found).toEqual([]);
});

test("the skip link and Ctrl-K take a keyboard user to the content and to an endpoint by name", async ({ page }) => {
  await signIn(page);
  await page.goto(`/w/${slug}/alerts`);
  // Once the queue has loaded, its keys are live (Enter opens the alert under the cursor): Enter on the skip link
  // must still be the link's.
  await expect(page.getByTestId("alerts-count")).toContainText(/\d+ alerts?/);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: /Jump to a page/ });
  await expect(box).toBeFocused();
  await box.fill("accounts/{");
  await expect(
    page.getByRole("option", { name: /^Endpoint GET api\.northwind\.example\/v1\/accounts\/\{accountId\} ·/ }),
  ).toBeVisible();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/inventory\/ep_/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("/v1/accounts/{accountId}");
  // Pages by name too.
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: /Jump to a page/ }).fill("audit");
  await expect(page.getByRole("option", { name: /^Page Audit log/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/settings\/audit$/);
});

test.describe("at a phone's width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the menu folds away, no page is wider than the phone, and an alert leads to its actor and a request", async ({
    page,
  }) => {
    await signIn(page);
    const wider: string[] = [];
    for (const s of screens) {
      await open(page, s);
      // The page's width, and (when too wide) the outermost elements that stick out, to say what to fix.
      const { width, culprits } = await page.evaluate(() => {
        const out = [...document.querySelectorAll("body *")].filter(
          (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.parentElement?.closest("[data-out]"),
        );
        for (const el of out) el.setAttribute("data-out", "");
        const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
        return { width: document.documentElement.scrollWidth, culprits: out.slice(0, 3).map(name) };
      });
      if (width > 390) wider.push(`${s.path || "/"}: ${width} px (${culprits.join(", ")})`);
    }
    expect(wider).toEqual([]);
    expect(await seriousViolations(page).then((v) => v.filter((x) => !x.startsWith("color-contrast")))).toEqual([]);

    // The journey: the queue, an alert, its actor, one of its requests, with the menu folded throughout.
    await page.goto(`/w/${slug}/alerts`);
    const menu = page.getByRole("navigation", { name: "Main" });
    await expect(menu).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    await expect(menu).toBeVisible();
    await menu.getByRole("link", { name: "Alerts" }).click();
    await expect(menu).toBeHidden();
    await page.getByRole("link", { name: /distinct objects on GET/ }).click();
    await page.waitForURL(/\/alerts\/alr_/);
    await page
      .getByRole("link", { name: /^user / })
      .first()
      .click();
    await page.waitForURL(/\/actors\/act_/);
    await expect(page.getByTestId("actor-figures")).toBeVisible();
    await page.goBack();
    await page.locator('a[href*="/requests/"]').first().click();
    await page.waitForURL(/\/requests\/upl_/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
});
