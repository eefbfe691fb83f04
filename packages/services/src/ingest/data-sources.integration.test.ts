import { sharedData } from "@lantern/engine/testing/shared-data";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { createTestServices, testMeta } from "../testing";
import { getDataSource, listDataSources } from "./data-sources";
import { processUpload } from "./process-upload";
import { spoolToDisk } from "./spool";
import { createUpload } from "./uploads";

describe("data sources", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;

  const ingest = async (tenant: string, source: string, content: string) => {
    const file = await spoolToDisk(Readable.from([Buffer.from(content)]), ctx.config.dataDir, tenant, 50 * 1024 * 1024);
    const upload = await createUpload(ctx, tenant, { source, fileName: `${source}.log`, via: "api" }, file);
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenant, upload.id);
    return upload.id;
  };

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "D", email: "d@sources.test", password: "sources password", workspaceName: "Sources" },
        testMeta,
      )
    ).workspace.tenantId;
    otherTenantId = (
      await signUp(
        ctx,
        { name: "E", email: "e@sources.test", password: "sources password", workspaceName: "Else" },
        testMeta,
      )
    ).workspace.tenantId;
    // Recent traffic (inside the 30-day retention): the real log's lines moved to yesterday and today.
    const today = new Date();
    const day = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, "0")}/${d.toLocaleString("en", { month: "short", timeZone: "UTC" })}/${d.getUTCFullYear()}`;
    const yesterday = new Date(today.getTime() - 86_400_000);
    const lines = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8").split("\n").slice(0, 300);
    const recent = lines
      .map((l, i) => l.replace(/\[\d\d\/\w{3}\/\d{4}/, `[${day(i < 100 ? yesterday : today)}`))
      .join("\n");
    await ingest(tenantId, "nginx-edge", recent);
    // The same source later logs through the ALB: its readiness is that of the newest upload.
    await ingest(tenantId, "nginx-edge", readFileSync(sharedData("formats/aws-alb.log"), "utf8"));
    await ingest(tenantId, "cdn", readFileSync(sharedData("formats/aws-cloudfront.log"), "utf8"));
    await ingest(otherTenantId, "secret-source", recent);
  });
  afterAll(() => drop());

  it("groups a workspace's uploads by source, with events, formats and the latest readiness", async () => {
    const sources = await listDataSources(ctx, tenantId);
    expect(sources.map((s) => s.source).sort()).toEqual(["cdn", "nginx-edge"]);
    const edge = sources.find((s) => s.source === "nginx-edge")!;
    expect(edge).toMatchObject({ uploads: 2, events: 307, failedUploads: 0 });
    expect(edge.formats.sort()).toEqual(["aws-alb", "combined"]);
    expect(edge.readiness?.fileName).toBe("nginx-edge.log");
    const detail = await getDataSource(ctx, tenantId, "nginx-edge");
    // The ALB upload is the newest: the report is the ALB's, which logs latency and host (the combined log did not).
    const checks = Object.fromEntries(
      (detail.report!.checks as { id: string; ok: boolean }[]).map((c) => [c.id, c.ok]),
    );
    expect(checks).toMatchObject({ latency: true, host: true });
    expect(detail.report!.score).toBe(detail.readiness!.score);
  });

  it("counts events per day of traffic, inside the workspace's retention", async () => {
    const detail = await getDataSource(ctx, tenantId, "nginx-edge");
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    // The ALB sample is from 2018: past retention, so not charted.
    expect(detail.eventsPerDay).toEqual([
      { day: yesterday, events: 100 },
      { day: today, events: 200 },
    ]);
  });

  it("is private to the workspace: another workspace's source does not exist here", async () => {
    await expect(getDataSource(ctx, tenantId, "secret-source")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getDataSource(ctx, tenantId, "../etc")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listDataSources(ctx, otherTenantId)).map((s) => s.source)).toEqual(["secret-source"]);
  });
});
