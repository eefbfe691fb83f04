// Managing teammates in the UI: change a role, revoke an invitation, remove a
// member (who loses the workspace at once), and the last Owner rule.
import { expect, test } from "@playwright/test";
import { PASSWORD, formError, signUpInUi, uniqueEmail } from "./helpers";

test("an Owner changes a teammate's role, revokes an invitation and removes the teammate, who loses access at once", async ({
  page,
  browser,
}) => {
  const slug = await signUpInUi(page, { name: "Mia Manager", email: uniqueEmail("mia"), workspace: "Team Ops" });
  await page.goto(`/w/${slug}/settings/members`);

  const invite = async (email: string, role: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Send invitation" }).click();
    const link = (await page.getByTestId("secret-value").textContent())!.trim();
    await page.getByRole("button", { name: "Done" }).click();
    return link;
  };
  // The role picker says what each role may do; no mail is set up here, and the form says so before sending.
  await page.getByLabel("Role", { exact: true }).selectOption("DEVELOPER");
  await expect(page.getByTestId("role-summary")).toContainText("Developer: Sees everything a Viewer sees, and may:");
  await expect(page.getByTestId("role-summary")).toContainText("triage alerts");
  await expect(page.getByTestId("role-summary")).not.toContainText("block");
  await expect(page.getByText("Mail is not set up on this Lantern")).toBeVisible();
  const tedEmail = uniqueEmail("ted");
  const link = await invite(tedEmail, "VIEWER");
  const strayEmail = uniqueEmail("stray");
  await invite(strayEmail, "ANALYST");

  const tedContext = await browser.newContext();
  const ted = await tedContext.newPage();
  await ted.goto(link);
  await ted.getByLabel("Your name").fill("Ted Teammate");
  await ted.getByLabel("Choose a password").fill(PASSWORD);
  await ted.getByRole("button", { name: "Join Team Ops" }).click();
  await ted.waitForURL(new RegExp(`/w/${slug}$`));
  await expect(ted.getByText("Viewer", { exact: true })).toBeVisible();
  // A Viewer is not offered uploads.
  await expect(ted.getByRole("link", { name: "Go to Data sources" })).toHaveCount(0);

  // Viewer → Developer.
  await page.reload();
  await page.getByLabel(`Role of ${tedEmail}`).selectOption("DEVELOPER");
  await expect(page.getByLabel(`Role of ${tedEmail}`)).toHaveValue("DEVELOPER");
  await ted.reload();
  await expect(ted.getByText("Developer", { exact: true })).toBeVisible();

  // Granting Owner asks first; declined, nothing changes.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain(`Make ${tedEmail} an Owner of Team Ops?`);
    void dialog.dismiss();
  });
  await page.getByLabel(`Role of ${tedEmail}`).selectOption("OWNER");
  await expect(page.getByLabel(`Role of ${tedEmail}`)).toHaveValue("DEVELOPER");

  // Revoke the invitation nobody accepted.
  const strayRow = page.getByRole("row", { name: new RegExp(strayEmail) });
  await strayRow.getByRole("button", { name: "Revoke" }).click();
  await expect(strayRow).toHaveCount(0);

  // The last Owner cannot step down.
  const self = page.getByRole("row").filter({ hasText: "Mia Manager" });
  await self.getByRole("combobox").selectOption("ADMIN");
  await expect(formError(page)).toHaveText("The workspace needs at least one Owner. Make someone else Owner first.");

  // Remove Ted: his next request is a 404.
  page.once("dialog", (dialog) => dialog.accept());
  await page
    .getByRole("row", { name: new RegExp(tedEmail) })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(tedEmail) })).toHaveCount(0);
  await ted.reload();
  await expect(ted.getByRole("heading", { name: "Not found" })).toBeVisible();

  // The audit log has all of it.
  await page.goto(`/w/${slug}/settings/audit`);
  for (const action of [
    "invitation.created",
    "invitation.accepted",
    "member.role_changed",
    "invitation.revoked",
    "member.removed",
  ]) {
    await expect(page.locator(`[data-action="${action}"]`).first()).toBeVisible();
  }
  await tedContext.close();
});

test("creating another workspace from the switcher", async ({ page }) => {
  await signUpInUi(page, { name: "Nia", email: uniqueEmail("nia"), workspace: "First Space" });
  await page.getByLabel("Switch workspace").selectOption("__new");
  await page.waitForURL(/\/workspaces\/new$/);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(formError(page).or(page.getByText("Use at least 2 characters for the workspace name"))).toBeVisible();
  await page.getByLabel("Workspace name").fill("Second Space");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/w\/second-space/);
  await expect(page.getByLabel("Switch workspace").locator("option")).toHaveText([
    "First Space",
    "Second Space",
    "+ New workspace…",
  ]);
});

test("a teammate who forgot the password gets a reset link from an Owner (no mail here), sets a new one and is signed out everywhere", async ({
  page,
  browser,
}) => {
  const slug = await signUpInUi(page, { name: "Rita Owner", email: uniqueEmail("rita"), workspace: "Reset Ops" });
  await page.goto(`/w/${slug}/settings/members`);
  const kimEmail = uniqueEmail("kim");
  await page.getByLabel("Email").fill(kimEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("ANALYST");
  await page.getByRole("button", { name: "Send invitation" }).click();
  const invitation = (await page.getByTestId("secret-value").textContent())!.trim();
  await page.getByRole("button", { name: "Done" }).click();
  const kimContext = await browser.newContext();
  const kim = await kimContext.newPage();
  await kim.goto(invitation);
  await kim.getByLabel("Your name").fill("Kim");
  await kim.getByLabel("Choose a password").fill(PASSWORD);
  await kim.getByRole("button", { name: "Join Reset Ops" }).click();
  await kim.waitForURL(new RegExp(`/w/${slug}$`));

  // Kim forgot it: this Lantern sends no mail, so the form says whom to ask.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto("/login");
  await stranger.getByRole("link", { name: "Forgot your password?" }).click();
  // Waits for the page's load: typed before React takes over the form, the address would be lost.
  await stranger.waitForURL(/\/forgot-password/);
  await stranger.getByLabel("Email").fill(kimEmail);
  await stranger.getByRole("button", { name: "Send a reset link" }).click();
  await expect(stranger.getByTestId("reset-requested")).toHaveText(
    "This Lantern does not send mail. Ask an Owner of your workspace for a password reset link (Settings → Members).",
  );

  // The Owner makes a link (never for themselves: no button on their own row).
  await page.reload();
  await expect(
    page.getByRole("row").filter({ hasText: "Rita Owner" }).getByRole("button", { name: "Reset link" }),
  ).toHaveCount(0);
  await page.getByRole("row").filter({ hasText: kimEmail }).getByRole("button", { name: "Reset link" }).click();
  const reset = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(reset).toMatch(/\/reset\/pwr_/);

  await stranger.goto(reset);
  await expect(stranger.getByText(`For ${kimEmail}.`)).toBeVisible();
  await stranger.getByLabel("New password", { exact: true }).fill("kim's fresh password");
  await stranger.getByRole("button", { name: "Set the new password" }).click();
  await expect(stranger.getByTestId("password-reset")).toContainText(
    `The password of ${kimEmail} is set, and every session of it was signed out.`,
  );
  // Kim's open session is over; the link does not work twice; the new password does.
  await kim.reload();
  await kim.waitForURL(/\/login/);
  await stranger.goto(reset);
  await expect(
    stranger.getByRole("alert").filter({ hasText: "This reset link was used already or has expired." }),
  ).toBeVisible();
  await kim.goto("/login");
  await kim.getByLabel("Email").fill(kimEmail);
  await kim.getByLabel("Password").fill("kim's fresh password");
  await kim.getByRole("button", { name: "Sign in" }).click();
  await kim.waitForURL(new RegExp(`/w/${slug}`));
  await kimContext.close();
});
