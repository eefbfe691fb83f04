import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export const PASSWORD = "a long enough password";

/** A unique address per run, so tests never collide with earlier data. */
export function uniqueEmail(who: string): string {
  return `${who}-${randomBytes(4).toString("hex")}@e2e.lantern.test`;
}

export async function signUpInUi(
  page: Page,
  input: { name: string; email: string; workspace: string; password?: string },
) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(input.name);
  await page.getByLabel("Workspace name").fill(input.workspace);
  await page.getByLabel("Work email").fill(input.email);
  await page.getByLabel("Password").fill(input.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

export async function signInInUi(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Calls a tRPC procedure over HTTP as the browser would (superjson envelope). */
export async function trpc(
  request: APIRequestContext,
  path: string,
  input: unknown,
  options: { workspace?: string; kind?: "query" | "mutation" } = {},
) {
  const headers: Record<string, string> = options.workspace ? { "x-lantern-workspace": options.workspace } : {};
  const kind = options.kind ?? "mutation";
  const res =
    kind === "mutation"
      ? await request.post(`/api/trpc/${path}`, { data: { json: input }, headers })
      : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, {
          headers,
        });
  const body = await res.json();
  return {
    status: res.status(),
    data: body?.result?.data?.json,
    error: body?.error?.json as
      | { message: string; data: { code: string; fieldErrors?: Record<string, string[]> } }
      | undefined,
  };
}

/** Signs up through the API and signs the request context in (credentials flow, like the form does). */
export async function signUpViaApi(
  request: APIRequestContext,
  input: { name: string; email: string; workspace: string },
) {
  const res = await trpc(request, "account.signUp", {
    name: input.name,
    email: input.email,
    password: PASSWORD,
    workspaceName: input.workspace,
  });
  expect(res.error, JSON.stringify(res.error)).toBeUndefined();
  await signInViaApi(request, input.email);
  return res.data.workspaceSlug as string;
}

export async function signInViaApi(request: APIRequestContext, email: string, password = PASSWORD) {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  return res;
}

/** The form's error box (Next's route announcer also has role=alert, so match ours by class). */
export const formError = (page: Page) => page.locator(".form-error[role=alert]");

/** Uploads a log in the simulator's rich nginx format from the Data sources page and waits until it is processed. */
export async function uploadNginxLog(page: Page, slug: string, text: string, source?: string) {
  const { SIM_NGINX_FORMAT } = await import("@lantern/simulator/formats");
  await page.goto(`/w/${slug}/data-sources`);
  if (source) await page.getByLabel("Data source").fill(source);
  await page.getByLabel("Format", { exact: true }).selectOption("nginx");
  await page.getByLabel("Your log_format directive").fill(SIM_NGINX_FORMAT);
  await page
    .getByLabel("Choose log files")
    .setInputFiles({ name: "edge.log", mimeType: "text/plain", buffer: Buffer.from(text) });
  await expect(page.getByTestId("upload-item").locator("[data-status]")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 60_000,
  });
}
