// The REST API answers as its generated document says: every route in
// /api/v1/openapi.json is called with a real token on real data (the 2015
// Apache log, ingested, inventoried and judged), and every answer is checked
// against the contract's schema for that route (packages/api/src/rest).
import { readFileSync } from "node:fs";
import { REST_ROUTES, type RestRouteName } from "@lantern/api/rest/contract";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { signUpViaApi, trpc, uniqueEmail } from "./helpers";

const REAL_LOG = readFileSync(sharedData("real/apache-semicomplete-2015.log"));

test("every documented route answers with the status and shape its contract declares", async ({ playwright }) => {
  test.setTimeout(180_000);
  const base = process.env.LANTERN_E2E_BASE_URL ?? "http://127.0.0.1:3000";
  const api: APIRequestContext = await playwright.request.newContext({ baseURL: base });
  const slug = await signUpViaApi(api, { name: "Contract", email: uniqueEmail("contract"), workspace: "Contract" });
  const created = await trpc(
    api,
    "tokens.create",
    { name: "contract", scopes: ["ingest", "read"] },
    { workspace: slug },
  );
  const auth = { authorization: `Bearer ${created.data.token as string}` };

  const doc = await (await api.get("/api/v1/openapi.json")).json();
  const documented = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
    ([, ops]) => Object.values(ops).map((op) => op.operationId),
  );
  expect(documented.sort()).toEqual(Object.keys(REST_ROUTES).sort());

  const answered = new Set<string>();
  /** Calls a route as documented (its path with `ids` filled in) and checks the answer against its schema. */
  async function call(name: RestRouteName, ids: Record<string, string> = {}, query = "", body?: Buffer) {
    const route = REST_ROUTES[name];
    const path = route.path.replace(/\{(\w+)\}/g, (_, id: string) => encodeURIComponent(ids[id]!));
    const url = `/api/v1${path}${query}`;
    const res =
      route.method === "POST"
        ? await api.post(url, { headers: { ...auth, "content-type": "text/plain" }, data: body })
        : await api.get(url, { headers: auth });
    const json = await res.json();
    expect({ name, status: res.status() }, JSON.stringify(json).slice(0, 300)).toEqual({
      name,
      status: route.answer.status,
    });
    const parsed = route.answer.schema.safeParse(json);
    expect(parsed.error?.issues ?? [], `${name} answered off its schema`).toEqual([]);
    answered.add(name);
    return json;
  }

  const accepted = await call("ingest", {}, "?source=apache-www", REAL_LOG);
  let upload = await call("getUpload", { id: accepted.uploadId });
  for (let i = 0; i < 480 && upload.stages[3].state !== "done"; i++) {
    await new Promise((r) => setTimeout(r, 250));
    upload = await call("getUpload", { id: accepted.uploadId });
  }
  expect(upload.stages.map((s: { state: string }) => s.state)).toEqual(["done", "done", "done", "done"]);

  const { services } = await call("listServices");
  expect(services.length).toBeGreaterThan(0);
  await call("exportService", { id: services[0].id });
  const endpoints = await call("listEndpoints", {}, "?sort=calls&order=desc&page=1&pageSize=10");
  expect(endpoints.rows).toHaveLength(10);
  await call("getEndpoint", { id: endpoints.rows[0].id });
  await call("listChanges");
  const alerts = await call("listAlerts", {}, "?status=all");
  expect(alerts.rows.length).toBeGreaterThan(0);
  await call("getAlert", { id: alerts.rows[0].id });
  // The SIEM's feed: every alert once, then nothing new after its cursor; OCSF when asked.
  const feed = await call("alertFeed", {}, "?limit=500");
  expect(feed.alerts.length).toBe(alerts.total);
  expect(feed.more).toBe(false);
  const caughtUp = await call("alertFeed", {}, `?cursor=${encodeURIComponent(feed.cursor)}`);
  expect(caughtUp.alerts).toEqual([]);
  const ocsf = await call("alertFeed", {}, "?format=ocsf&limit=1");
  expect(ocsf.findings[0].class_uid).toBe(2004);
  // Judged by the posture stage after detection.
  const findings = await call("listFindings", {}, "?status=all&pageSize=200");
  expect(findings.rows.length).toBe(Math.min(findings.total, 200));
  const posture = await call("getPosture", {}, "?days=30");
  expect(posture.trend).toHaveLength(30);
  expect(posture.score).toBeLessThanOrEqual(100);
  // The block list as a gateway pulls it (JSON here; the nginx include is run in gateway.spec.ts).
  const blocked = await trpc(
    api,
    "response.block",
    { kind: "cidr", value: "203.0.113.50", reason: "contract check" },
    { workspace: slug },
  );
  expect(blocked.error).toBeUndefined();
  const list = await call("getBlocklist", {}, "?format=json");
  expect(list.entries.map((e: { value: string }) => e.value)).toEqual(["203.0.113.50/32"]);
  await call("me");
  expect([...answered].sort()).toEqual(Object.keys(REST_ROUTES).sort());

  // Query strings are read by the same schemas the document shows: typed values work, wrong ones say why.
  const open = await call("listEndpoints", {}, "?unauthenticated=true&pageSize=200");
  expect(open.rows.every((e: { unauthenticated: boolean }) => e.unauthenticated)).toBe(true);
  const recent = await call(
    "listAlerts",
    {},
    `?status=all&updatedSince=${new Date(Date.now() + 60_000).toISOString()}`,
  );
  expect(recent.rows).toEqual([]);
  const tooSmall = await api.get("/api/v1/alerts?pageSize=5", { headers: auth });
  expect(tooSmall.status()).toBe(400);
  expect((await tooSmall.json()).error.issues).toEqual([
    expect.objectContaining({ path: "pageSize", message: expect.stringContaining("10") }),
  ]);
  const notANumber = await api.get("/api/v1/endpoints?page=first", { headers: auth });
  expect(notANumber.status()).toBe(400);
  expect((await notANumber.json()).error.issues[0].path).toBe("page");
});
