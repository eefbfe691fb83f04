// Streaming logs in over HTTP with an ingest token, as Fluent Bit or Vector would.
import { sharedData } from "@lantern/engine/testing/shared-data";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUpViaApi, trpc, uniqueEmail } from "./helpers";

const REAL_LOG = readFileSync(sharedData("real/apache-semicomplete-2015.log"));

async function workspaceToken(request: APIRequestContext, name: string, scopes: string[]) {
  const slug = await signUpViaApi(request, { name, email: uniqueEmail(name.toLowerCase()), workspace: name });
  const token = await trpc(request, "tokens.create", { name: `${name} shipper`, scopes }, { workspace: slug });
  return { slug, token: token.data.token as string };
}

async function waitForUpload(request: APIRequestContext, token: string, id: string) {
  const auth = { authorization: `Bearer ${token}` };
  for (let i = 0; i < 120; i++) {
    const body = await (await request.get(`/api/v1/uploads/${id}`, { headers: auth })).json();
    if (!["RECEIVED", "PROCESSING"].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`upload ${id} did not finish`);
}

test("a gzip batch is accepted with 202, processed by the worker, and reported with counts and readiness", async ({
  playwright,
}) => {
  const base = process.env.LANTERN_E2E_BASE_URL ?? "http://127.0.0.1:3000";
  const a = await playwright.request.newContext({ baseURL: base });
  const { token } = await workspaceToken(a, "Shipper", ["ingest"]);
  const auth = { authorization: `Bearer ${token}` };

  const gz = gzipSync(REAL_LOG);
  const send = () =>
    a.post("/api/v1/ingest?source=nginx-edge", {
      headers: { ...auth, "content-encoding": "gzip", "content-type": "text/plain" },
      data: gz,
    });
  const res = await send();
  expect(res.status()).toBe(202);
  const accepted = await res.json();
  expect(accepted).toMatchObject({
    uploadId: expect.stringMatching(/^upl_/),
    status: "RECEIVED",
    statusUrl: expect.stringContaining(`/api/v1/uploads/${accepted.uploadId}`),
  });

  const done = await waitForUpload(a, token, accepted.uploadId);
  expect(done).toMatchObject({
    status: "COMPLETED",
    source: "nginx-edge",
    format: { id: "combined" },
    progress: 1,
    lines: { read: 10000, accepted: 9999, rejected: 1, rejectReasons: { format_mismatch: 1 } },
    readiness: { score: 45 },
  });

  // A shipper can tell when alerts and findings are ready: every stage reports, in order, until posture is done.
  let judged = done;
  for (let i = 0; i < 240 && judged.stages[3].state !== "done"; i++) {
    await new Promise((r) => setTimeout(r, 250));
    judged = await (await a.get(`/api/v1/uploads/${accepted.uploadId}`, { headers: auth })).json();
  }
  expect(judged.stages).toMatchObject([
    { name: "ingest", state: "done", progress: 1 },
    { name: "discovery", state: "done", progress: 1 },
    { name: "detection", state: "done", progress: 1, finishedAt: expect.any(String) },
    { name: "posture", state: "done", progress: 1, finishedAt: expect.any(String) },
  ]);

  // The same file again is recognised as a duplicate, which no stage has anything to do with.
  const again = await (await send()).json();
  expect(again).toMatchObject({ status: "DUPLICATE", duplicateOf: accepted.uploadId });
  const duplicate = await (await a.get(`/api/v1/uploads/${again.uploadId}`, { headers: auth })).json();
  expect(duplicate.stages.map((s: { state: string }) => s.state)).toEqual(["skipped", "skipped", "skipped", "skipped"]);

  // Another workspace's token cannot see this upload.
  const b = await playwright.request.newContext({ baseURL: base });
  const other = await workspaceToken(b, "Outsider", ["ingest", "read"]);
  const peek = await b.get(`/api/v1/uploads/${accepted.uploadId}`, {
    headers: { authorization: `Bearer ${other.token}` },
  });
  expect(peek.status()).toBe(404);
  expect((await peek.json()).error.code).toBe("NOT_FOUND");
});

test("bad requests get a clear 4xx", async ({ request }) => {
  const { slug, token } = await workspaceToken(request, "Strict", ["ingest"]);
  const auth = { authorization: `Bearer ${token}` };
  const unknown = await request.post("/api/v1/ingest?format=syslog", { headers: auth, data: "x" });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error.message).toContain('Unknown format "syslog"');
  const badFormat = await request.post(
    `/api/v1/ingest?format=nginx&log_format=${encodeURIComponent("$remote_addr$status")}`,
    { headers: auth, data: "x" },
  );
  expect(badFormat.status()).toBe(400);
  expect((await badFormat.json()).error.message).toContain("adjacent");
  const badMapping = await request.post(`/api/v1/ingest?format=json&mapping=${encodeURIComponent('{"colour":"x"}')}`, {
    headers: auth,
    data: "{}",
  });
  expect(badMapping.status()).toBe(400);
  expect((await badMapping.json()).error.message).toContain("The JSON mapping is not usable");
  const brotli = await request.post("/api/v1/ingest", { headers: { ...auth, "content-encoding": "br" }, data: "x" });
  expect(brotli.status()).toBe(415);
  const badSource = await request.post("/api/v1/ingest?source=../../etc", { headers: auth, data: "x" });
  expect(badSource.status()).toBe(400);

  const readOnly = await trpc(request, "tokens.create", { name: "reader", scopes: ["read"] }, { workspace: slug });
  const forbidden = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${readOnly.data.token}` },
    data: "x",
  });
  expect(forbidden.status()).toBe(403);
});
