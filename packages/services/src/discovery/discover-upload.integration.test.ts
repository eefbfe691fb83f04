import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate } from "@lantern/simulator/generate";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { processUpload } from "../ingest/process-upload";
import { spoolToDisk } from "../ingest/spool";
import { createUpload, getUpload } from "../ingest/uploads";
import { createTestServices, testMeta } from "../testing";
import { discoverUpload } from "./discover-upload";
import { listChanges, listEndpoints, listServices } from "./inventory";
import { apiMap, endpointTraffic, overview } from "./traffic";

const NGINX: FormatSpec = { id: "nginx", logFormat: SIM_NGINX_FORMAT };

describe("discovery from uploads", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;

  const ingest = async (tenant: string, lines: string[], formatSpec?: FormatSpec) => {
    const file = await spoolToDisk(
      Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
      ctx.config.dataDir,
      tenant,
      1e9,
    );
    const upload = await createUpload(
      ctx,
      tenant,
      { source: "edge", fileName: "edge.log", via: "api", formatSpec },
      file,
    );
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenant, upload.id);
    return upload.id;
  };
  const endpoints = (tenant: string) =>
    withTenant(ctx.db, tenant, (tx) =>
      tx.apiEndpoint.findMany({ include: { service: true }, orderBy: [{ template: "asc" }, { method: "asc" }] }),
    );

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "D", email: "d@discovery.test", password: "discovery password", workspaceName: "Disc" },
        testMeta,
      )
    ).workspace.tenantId;
    otherTenantId = (
      await signUp(
        ctx,
        { name: "O", email: "o@discovery.test", password: "discovery password", workspaceName: "Other" },
        testMeta,
      )
    ).workspace.tenantId;
  });
  afterAll(() => drop());

  it("builds the inventory of simulated traffic: services, templated endpoints, authentication and direction", async () => {
    const day1 = [...simulate({ start: new Date("2026-11-18T00:00:00Z"), days: 1, seed: 5 })];
    const uploadId = await ingest(tenantId, day1.map(SIM_FORMATS.nginx), NGINX);
    expect(await discoverUpload({ db: ctx.db }, tenantId, uploadId)).toMatchObject({
      status: "DISCOVERED",
      events: day1.length,
    });

    const rows = await endpoints(tenantId);
    const truth = [...new Set(day1.map((r) => `${r.method} ${r.host}${r.endpoint}`))].sort();
    expect(
      rows.map((e) => `${e.method} ${e.service.host}${e.template.replace("{ledgerId}", "{accountId}")}`).sort(),
    ).toEqual(truth);
    const byTemplate = (t: string, m = "GET") => rows.find((e) => e.template === t && e.method === m)!;
    expect(Number(byTemplate("/v1/accounts/{accountId}").calls)).toBe(
      day1.filter((r) => r.endpoint === "/v1/accounts/{accountId}").length,
    );
    // Public endpoints answer without credentials; the mobile API never does.
    expect(byTemplate("/v1/products")).toMatchObject({ unauthenticated: true, direction: "north-south" });
    expect(byTemplate("/v1/accounts/{accountId}")).toMatchObject({ unauthenticated: false, authenticatedShare: 1 });
    // Internal services call the ledger from private addresses, without credentials.
    expect(byTemplate("/internal/ledger/{ledgerId}/balance")).toMatchObject({
      direction: "east-west",
      unauthenticated: true,
    });
    expect(byTemplate("/partner/v2/charges/{chargeId}").distinctActors).toBe(12);
    expect(byTemplate("/partner/v2/charges/{chargeId}").variables).toEqual([
      expect.objectContaining({ position: 3, name: "chargeId", kind: "prefixed-id", why: "a prefixed id" }),
    ]);
    expect(byTemplate("/v1/products").version).toBe("v1");
    // Sensitive data in URLs (access logs carry no bodies): customer emails in refunds, the old app's token in transaction lists.
    expect(byTemplate("/partner/v2/refunds", "POST").sensitiveTypes).toEqual(["email"]);
    expect(byTemplate("/v1/accounts/{accountId}/transactions").sensitiveTypes).toEqual(["jwt"]);
    expect(byTemplate("/v1/accounts/{accountId}").sensitiveTypes).toEqual([]);
    const refunds = day1.filter((r) => r.endpoint === "/partner/v2/refunds").length;
    expect(
      (byTemplate("/partner/v2/refunds", "POST").stats as { sensitive: Record<string, number> }).sensitive,
    ).toEqual({ "email:query": refunds });

    // Hourly rollups add up to the endpoints' calls; client groups name who calls.
    const hourly = await withTenant(ctx.db, tenantId, (tx) =>
      tx.apiEndpointHourly.groupBy({ by: ["endpointId"], _sum: { calls: true }, _count: true }),
    );
    for (const e of rows) expect(hourly.find((h) => h.endpointId === e.id)?._sum.calls).toBe(Number(e.calls));
    expect(hourly.find((h) => h.endpointId === byTemplate("/v1/products").id)!._count).toBe(24);
    const traffic = await endpointTraffic(ctx, tenantId, byTemplate("/v1/products").id, "24h");
    expect(traffic.step).toBe("hour");
    expect(traffic.points.reduce((n, p) => n + p.calls, 0)).toBe(Number(byTemplate("/v1/products").calls));
    const map = await apiMap(ctx, tenantId, { range: "all" });
    expect(map.services.map((s) => s.host).sort()).toEqual([
      "api.northwind.example",
      "ledger.internal",
      "partners.northwind.example",
    ]);
    expect(map.endpoints).toHaveLength(rows.length);
    const labels = map.clients.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(["mobile-app users", "payments-worker", "statements"]));
    expect(map.clients.filter((c) => c.kind === "partner")).toHaveLength(12);
    expect(map.clients.find((c) => c.label === "payments-worker")).toMatchObject({ kind: "internal" });
    const ledger = map.services.find((s) => s.host === "ledger.internal")!;
    expect(
      map.edges
        .filter((e) => e.serviceId === ledger.id)
        .map((e) => e.client)
        .sort(),
    ).toEqual(["internal:payments-worker", "internal:statements"]);
    // The edges carry every call: client groups × services add up to the services' traffic.
    expect(map.edges.reduce((n, e) => n + e.calls, 0)).toBe(day1.length);
    const figures = await overview(ctx, tenantId, "30d");
    expect(figures).toMatchObject({ services: 3, endpoints: rows.length, shadow: 0 });
    expect(figures.traffic.points.reduce((n, p) => n + p.calls, 0)).toBe(rows.reduce((n, e) => n + Number(e.calls), 0));

    const changes = await listChanges(ctx, tenantId, 200);
    expect(changes.filter((c) => c.kind === "NEW_SERVICE")).toHaveLength(3);
    expect(changes.filter((c) => c.kind === "NEW_ENDPOINT")).toHaveLength(truth.length);
    // Once only: a retried job adds nothing.
    expect(await discoverUpload({ db: ctx.db }, tenantId, uploadId)).toMatchObject({ status: "SKIPPED" });
    expect(Number((await endpoints(tenantId)).find((e) => e.template === "/v1/products")!.calls)).toBe(
      Number(byTemplate("/v1/products").calls),
    );
    // Another workspace sees none of it.
    expect(await endpoints(otherTenantId)).toEqual([]);
  });

  it("adds later uploads to the stored stats, and folds endpoints into a template when new evidence shows they are one", async () => {
    const at = (i: number) => `81.2.69.${i % 200} - - [20/Nov/2026:10:${String(i % 60).padStart(2, "0")}:00 +0000] `;
    const first = Array.from(
      { length: 5 },
      (_, i) => `${at(i)}"GET /people/person${"abcde"[i]}/repos HTTP/1.1" 200 512 "-" "curl/8"`,
    );
    const firstId = await ingest(otherTenantId, first);
    await discoverUpload({ db: ctx.db }, otherTenantId, firstId);
    expect((await endpoints(otherTenantId)).map((e) => e.template)).toHaveLength(5);

    const names = Array.from(
      { length: 40 },
      (_, i) => `member${"abcdefghij"[i % 10]}${"klmnopqrst"[Math.floor(i / 10)]}`,
    );
    const second = names.map((n, i) => `${at(i)}"GET /people/${n}/repos HTTP/1.1" 200 512 "-" "curl/8"`);
    const secondId = await ingest(otherTenantId, second);
    await discoverUpload({ db: ctx.db }, otherTenantId, secondId);
    const rows = await endpoints(otherTenantId);
    expect(rows.map((e) => `${e.method} ${e.template}`)).toEqual(["GET /people/{personId}/repos"]);
    expect(Number(rows[0]!.calls)).toBe(45);
    // The five folded endpoints' hours moved to the template: nothing lost.
    const hours = await withTenant(ctx.db, otherTenantId, (tx) =>
      tx.apiEndpointHourly.findMany({ where: { endpointId: rows[0]!.id } }),
    );
    expect(hours.reduce((n, h) => n + h.calls, 0)).toBe(45);
    expect(rows[0]!.service.host).toBe("edge");

    // The feed: the service and the five first endpoints; the regrouping itself is not a new API.
    const kinds = (await listChanges(ctx, otherTenantId)).map((c) => c.kind);
    expect(kinds.filter((k) => k === "NEW_SERVICE")).toHaveLength(1);
    expect(kinds.filter((k) => k === "NEW_ENDPOINT")).toHaveLength(5);
    // A query parameter never seen on the endpoint before.
    const third = await ingest(otherTenantId, [
      `${at(59)}"GET /people/membercq/repos?sort=stars HTTP/1.1" 200 512 "-" "curl/8"`,
    ]);
    await discoverUpload({ db: ctx.db }, otherTenantId, third);
    const latest = (await listChanges(ctx, otherTenantId))[0]!;
    expect(latest).toMatchObject({
      kind: "NEW_PARAMETER",
      endpointId: rows[0]!.id,
      detail: { template: "/people/{personId}/repos", parameter: "sort" },
    });
    // The endpoint starts carrying personal data: a change of its own.
    const fourth = await ingest(otherTenantId, [
      `${at(58)}"GET /people/memberdq/repos?notify=ann.lee%40example.org HTTP/1.1" 200 512 "-" "curl/8"`,
    ]);
    await discoverUpload({ db: ctx.db }, otherTenantId, fourth);
    expect((await listChanges(ctx, otherTenantId)).map((c) => c.kind)).toContain("NEW_SENSITIVE_DATA");
    const change = (await listChanges(ctx, otherTenantId)).find((c) => c.kind === "NEW_SENSITIVE_DATA")!;
    expect(change).toMatchObject({ endpointId: rows[0]!.id, detail: { dataType: "email", where: "query" } });
    // The stored row follows every upload: its columns and its stats.
    const after = (await endpoints(otherTenantId))[0]!;
    expect(Number(after.calls)).toBe(47);
    expect((after.stats as unknown as { calls: number }).calls).toBe(47);
    expect(after.sensitiveTypes).toEqual(["email"]);
    expect(after.lastSeen.toISOString()).toBe("2026-11-20T10:59:00.000Z");
    expect(after.updatedAt.getTime()).toBeGreaterThan(after.createdAt.getTime());
  });

  it("lists the inventory with search, filters, sorting and paging, for its own workspace only", async () => {
    const services = await listServices(ctx, tenantId);
    expect(services.map((s) => s.host).sort()).toEqual([
      "api.northwind.example",
      "ledger.internal",
      "partners.northwind.example",
    ]);
    const all = await listEndpoints(ctx, tenantId, {});
    expect(all.rows.map((r) => r.calls)).toEqual([...all.rows.map((r) => r.calls)].sort((a, b) => b - a));
    expect((await listEndpoints(ctx, tenantId, { search: "ledger" })).rows.map((r) => r.template).sort()).toEqual([
      "/internal/ledger/entries",
      "/internal/ledger/{ledgerId}/balance",
    ]);
    expect((await listEndpoints(ctx, tenantId, { direction: "east-west" })).total).toBe(2);
    expect(
      (await listEndpoints(ctx, tenantId, { service: "partners.northwind.example" })).rows.every(
        (r) => r.host === "partners.northwind.example",
      ),
    ).toBe(true);
    const unauthenticated = await listEndpoints(ctx, tenantId, { unauthenticated: true });
    expect(unauthenticated.rows.map((r) => r.template)).toContain("/v1/products");
    expect(unauthenticated.rows.map((r) => r.template)).not.toContain("/v1/accounts/{accountId}");
    const sensitive = await listEndpoints(ctx, tenantId, { sensitive: "any" });
    expect(sensitive.rows.map((r) => `${r.method} ${r.template}`).sort()).toEqual([
      "GET /v1/accounts/{accountId}/transactions",
      "POST /partner/v2/refunds",
    ]);
    expect((await listEndpoints(ctx, tenantId, { sensitive: "email" })).rows.map((r) => r.template)).toEqual([
      "/partner/v2/refunds",
    ]);
    expect((await listEndpoints(ctx, tenantId, { sensitive: "card" })).total).toBe(0);
    const page2 = await listEndpoints(ctx, tenantId, { pageSize: 10, page: 2, sort: "template", order: "asc" });
    expect(page2.rows.length).toBe(Math.min(10, all.total - 10));
    // The other workspace's inventory holds only its own endpoint.
    expect((await listEndpoints(ctx, otherTenantId, {})).rows.map((r) => r.template)).toEqual([
      "/people/{personId}/repos",
    ]);
  });

  it("reports an old version still called after a newer one exists, and a busy endpoint gone quiet, once each", async () => {
    const tenant = (
      await signUp(
        ctx,
        { name: "L", email: "l@discovery.test", password: "discovery password", workspaceName: "Life" },
        testMeta,
      )
    ).workspace.tenantId;
    const line = (day: number, minute: number, path: string) =>
      `81.2.69.${minute % 200} - - [${String(day).padStart(2, "0")}/Nov/2026:10:${String(minute % 60).padStart(2, "0")}:00 +0000] "GET ${path} HTTP/1.1" 200 512 "-" "curl/8"`;
    // Day 1: v1 only, busy. Day 2: v2 appears. Day 3: v1 is still called. Day 12: only v2 and /status are called.
    const day1 = Array.from({ length: 60 }, (_, i) => line(1, i, `/api/v1/orders?page=${i}`));
    await discoverUpload({ db: ctx.db }, tenant, await ingest(tenant, day1));
    await discoverUpload(
      { db: ctx.db },
      tenant,
      await ingest(tenant, [line(2, 1, "/api/v2/orders"), line(2, 2, "/api/v2/orders")]),
    );
    expect((await listChanges(ctx, tenant)).map((c) => c.kind)).not.toContain("OLD_VERSION_CALLED");
    await discoverUpload({ db: ctx.db }, tenant, await ingest(tenant, [line(3, 5, "/api/v1/orders")]));
    const old = (await listChanges(ctx, tenant)).filter((c) => c.kind === "OLD_VERSION_CALLED");
    expect(old).toHaveLength(1);
    expect(old[0]!.detail).toMatchObject({ template: "/api/v1/orders", newer: "/api/v2/orders" });

    await discoverUpload(
      { db: ctx.db },
      tenant,
      await ingest(tenant, [line(12, 1, "/api/v2/orders"), line(12, 2, "/status")]),
    );
    const quiet = (await listChanges(ctx, tenant)).filter((c) => c.kind === "GONE_QUIET");
    // v1 had 61 calls and none for 9 days; v2 (3 calls) is too small to say.
    expect(quiet.map((c) => (c.detail as { template: string }).template)).toEqual(["/api/v1/orders"]);
    // Another upload does not repeat either.
    await discoverUpload({ db: ctx.db }, tenant, await ingest(tenant, [line(13, 1, "/status")]));
    const kinds = (await listChanges(ctx, tenant)).map((c) => c.kind);
    expect(kinds.filter((k) => k === "GONE_QUIET")).toHaveLength(1);
    expect(kinds.filter((k) => k === "OLD_VERSION_CALLED")).toHaveLength(1);
  });

  it("counts callers from the workspace's own public ranges as internal (east-west)", async () => {
    const tenant = (
      await signUp(
        ctx,
        { name: "N", email: "n@discovery.test", password: "discovery password", workspaceName: "Nets" },
        testMeta,
      )
    ).workspace.tenantId;
    await ctx.db.system.tenant.update({ where: { id: tenant }, data: { internalCidrs: ["81.2.69.0/24"] } });
    const lines = [1, 2, 3].map(
      (i) =>
        `81.2.69.${i} - - [20/Nov/2026:10:0${i}:00 +0000] "GET /reports/daily HTTP/1.1" 200 512 "-" "reporter/2.1"`,
    );
    lines.push(`198.51.100.7 - - [20/Nov/2026:10:05:00 +0000] "GET /reports/weekly HTTP/1.1" 200 512 "-" "curl/8"`);
    await discoverUpload({ db: ctx.db }, tenant, await ingest(tenant, lines));
    const rows = await endpoints(tenant);
    expect(rows.map((e) => `${e.template} ${e.direction}`)).toEqual([
      "/reports/daily east-west",
      "/reports/weekly north-south",
    ]);
    const map = await apiMap(ctx, tenant, { range: "all" });
    expect(map.clients.map((c) => c.kind).sort()).toEqual(["anonymous", "internal"]);
    expect(map.clients.find((c) => c.kind === "internal")!.label).toBe("reporter");
  });

  it("reads a large upload in parts that add up to one pass, shows its progress and resumes after the last part", async () => {
    const newTenant = async (n: string) =>
      (
        await signUp(
          ctx,
          { name: n, email: `${n}@parts.test`, password: "discovery password", workspaceName: n },
          testMeta,
        )
      ).workspace.tenantId;
    const [whole, parts] = [await newTenant("whole"), await newTenant("parts")];
    const day = [...simulate({ start: new Date("2026-11-18T00:00:00Z"), days: 1, seed: 8 })].map(SIM_FORMATS.nginx);
    const [wholeId, partsId] = [await ingest(whole, day, NGINX), await ingest(parts, day, NGINX)];
    await discoverUpload({ db: ctx.db }, whole, wholeId);

    // A part of 7,000 events, and the caller asked to give way after each: one part per call.
    const part = { db: ctx.db, partEvents: 7_000, shouldYield: async () => true };
    const first = await discoverUpload(part, parts, partsId);
    expect(first).toMatchObject({ status: "CONTINUE", events: 7_000 });
    const halfway = await getUpload(ctx, parts, partsId);
    expect(halfway).toMatchObject({ discoveredAt: null, discoveredLine: first.line });
    expect(halfway.discovery).toBeCloseTo(7_000 / day.length, 2);
    // What the first part read is already in the inventory.
    expect((await endpoints(parts)).reduce((n, e) => n + Number(e.calls), 0)).toBe(7_000);
    let calls = 1;
    for (let r = first; r.status === "CONTINUE"; calls++) r = await discoverUpload(part, parts, partsId);
    expect(calls).toBe(Math.ceil((day.length + 1) / 7_000));
    expect(await getUpload(ctx, parts, partsId)).toMatchObject({ discoveredLine: day.length, discovery: 1 });
    expect(await discoverUpload(part, parts, partsId)).toMatchObject({ status: "SKIPPED" });

    // The same endpoints, calls, errors, authentication and hours as the upload read in one pass.
    const view = async (tenant: string) =>
      (await endpoints(tenant)).map((e) => ({
        key: `${e.method} ${e.service.host}${e.template}`,
        calls: Number(e.calls),
        unauthenticated: e.unauthenticated,
        direction: e.direction,
        sensitive: e.sensitiveTypes,
        firstSeen: e.firstSeen,
        lastSeen: e.lastSeen,
        statusMix: (e.stats as { status: unknown }).status,
      }));
    expect(await view(parts)).toEqual(await view(whole));
    const hours = (tenant: string) =>
      withTenant(ctx.db, tenant, (tx) =>
        tx.apiEndpointHourly.aggregate({ _sum: { calls: true, clientErrors: true, serverErrors: true }, _count: true }),
      );
    expect(await hours(parts)).toEqual(await hours(whole));
    // Client groups: the same calls per kind. Which groups make a service's 40 busiest is decided per part
    // (the rest go to "other"), so a group near the cut may be counted there in one and not the other.
    const byKind = async (tenant: string) => {
      const out: Record<string, number> = {};
      for (const c of (await apiMap(ctx, tenant, { range: "all" })).clients) out[c.kind] = (out[c.kind] ?? 0) + c.calls;
      return out;
    };
    expect(await byKind(parts)).toEqual(await byKind(whole));
    // Partners (12, well under the cap) match one for one; their keys are hashed per workspace, so labels lose the hash.
    const partners = async (tenant: string) =>
      (await apiMap(ctx, tenant, { range: "all" })).clients
        .filter((c) => c.kind === "partner")
        .map((c) => `${c.label.replace(/#\S+/, "#…")} ${c.calls}`)
        .sort();
    expect(await partners(parts)).toEqual(await partners(whole));
  });

  it("sums request sizes as numbers (the real ALB sample: received bytes per request)", async () => {
    const tenant = (
      await signUp(
        ctx,
        { name: "B", email: "b@bytes.test", password: "discovery password", workspaceName: "Bytes" },
        testMeta,
      )
    ).workspace.tenantId;
    const lines = readFileSync(sharedData("formats/aws-alb.log"), "utf8").trim().split("\n");
    await discoverUpload({ db: ctx.db }, tenant, await ingest(tenant, lines, { id: "aws-alb" }));
    const rows = await endpoints(tenant);
    const total = rows.reduce((n, e) => n + ((e.stats as { requestBytes: unknown }).requestBytes as number), 0);
    // received_bytes is the 11th field of each line.
    expect(total).toBe(lines.reduce((n, l) => n + Number(l.split(" ")[10]), 0));
    expect(rows.every((e) => typeof (e.stats as { requestBytes: unknown }).requestBytes === "number")).toBe(true);
  });

  it("keeps a service's 40 busiest client groups per upload and adds the rest up as one other group per kind, losing no call", async () => {
    const tenant = (
      await signUp(
        ctx,
        { name: "G", email: "g@discovery.test", password: "discovery password", workspaceName: "Groups" },
        testMeta,
      )
    ).workspace.tenantId;
    // 45 internal callers without a product name (grouped by address); caller i calls i times.
    const lines = Array.from({ length: 45 }, (_, i) => i + 1).flatMap((i) =>
      Array.from(
        { length: i },
        () => `10.0.0.${i} - - [20/Nov/2026:10:00:00 +0000] "GET /jobs HTTP/1.1" 200 1 "-" "-"`,
      ),
    );
    await discoverUpload({ db: ctx.db }, tenant, await ingest(tenant, lines));
    const rows = await withTenant(ctx.db, tenant, (tx) => tx.apiClientHourly.findMany({ orderBy: { calls: "asc" } }));
    expect(rows).toHaveLength(41);
    expect(rows.find((r) => r.client === "other:internal")).toMatchObject({
      calls: 1 + 2 + 3 + 4 + 5,
      label: "Other internal callers",
    });
    expect(rows.filter((r) => r.client !== "other:internal").map((r) => r.calls)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 6),
    );
    expect(rows.reduce((n, r) => n + r.calls, 0)).toBe((45 * 46) / 2);
  });
});
