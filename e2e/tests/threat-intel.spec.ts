// Threat intelligence as SecOps uses it: import a blocklist file in Settings,
// upload logs, and find the key that called from a listed address in the
// alert queue, with the list named.
import { expect, test } from "@playwright/test";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import type { SimRequest } from "@lantern/simulator/generate";
import { formError, signUpInUi, uniqueEmail, uploadNginxLog } from "./helpers";

test("an analyst imports a blocklist and sees the key that called from a listed address", async ({ page }) => {
  const slug = await signUpInUi(page, { name: "Tia Intel", email: uniqueEmail("tia"), workspace: "Intel Co" });
  await page.goto(`/w/${slug}/settings/threat-intel`);
  await expect(page.getByText("No list imported yet.")).toBeVisible();

  // A list with nothing usable is refused with the line it could not read.
  await page.getByLabel("Name").fill("Blocklist");
  await page.getByLabel("A file").setInputFiles({
    name: "empty.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("# just a comment\nnot an address\n"),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(formError(page)).toContainText(
    'No address or range found in the list (first unreadable line: "not an address")',
  );
  await page.getByLabel("A file").setInputFiles({
    name: "drop.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("; DROP\n45.146.164.0/22 ; SBL571235\n1.10.16.0/20\nbogus\n"),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText(
    'Imported 2 entries; 1 lines were not addresses (first: "bogus")',
  );
  await expect(page.getByRole("row").filter({ hasText: "Blocklist" }).getByTestId("threat-list-entries")).toContainText(
    "2",
  );

  // An hour of a partner key's calls, some from a listed address.
  const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
  const call = (i: number, ip: string): SimRequest => ({
    ts: start + i * 30_000,
    method: "GET",
    host: "api.intel.example",
    path: `/v1/orders/${1000 + i}`,
    status: 200,
    bytes: 500,
    latencyMs: 20,
    clientIp: ip,
    peerIp: "10.0.0.2",
    forwardedFor: ip,
    userAgent: "partner-sync/3.1",
    apiKey: "pk_live_0123456789abcdef01234567",
    endpoint: "/v1/orders/{orderId}",
    scenario: "t",
    attack: false,
    actor: "p",
  });
  const lines = Array.from({ length: 60 }, (_, i) =>
    SIM_FORMATS.nginx(call(i, i % 10 === 0 ? "45.146.165.20" : "198.51.100.10")),
  );
  await uploadNginxLog(page, slug, `${lines.join("\n")}\n`, "intel-edge");
  await expect(async () => {
    await page.goto(`/w/${slug}/alerts`);
    await expect(page.getByRole("link", { name: /called from an address on "Blocklist"/ })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 40_000 });
  await page.getByRole("link", { name: /called from an address on "Blocklist"/ }).click();
  await expect(page.getByTestId("alert-explanation")).toContainText(
    'made 6 calls (6 answered) from 45.146.165.20, listed in "Blocklist". A credential used from a listed address may be in the wrong hands.',
  );
});
