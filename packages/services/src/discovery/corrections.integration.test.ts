import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@lantern/db/client";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { processUpload } from "../ingest/process-upload";
import { spoolToDisk } from "../ingest/spool";
import { createUpload } from "../ingest/uploads";
import { createTestServices, testMeta } from "../testing";
import { keepLiteral, listCorrections, markVariable } from "./corrections";
import { discoverUpload } from "./discover-upload";

describe("template corrections", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let who: { actor: { id: string; label: string }; meta: typeof testMeta };
  const line = (i: number, path: string) =>
    `81.2.69.${i % 200} - - [20/Nov/2026:1${i % 10}:00:00 +0000] "GET ${path} HTTP/1.1" 200 512 "-" "curl/8"`;
  const discover = async (tenant: string, lines: string[]) => {
    const file = await spoolToDisk(
      Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
      ctx.config.dataDir,
      tenant,
      1e9,
    );
    const upload = await createUpload(ctx, tenant, { source: "people.example", fileName: "p.log", via: "api" }, file);
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenant, upload.id);
    await discoverUpload({ db: ctx.db }, tenant, upload.id);
  };
  const endpoints = (tenant = tenantId) =>
    withTenant(ctx.db, tenant, (tx) =>
      tx.apiEndpoint.findMany({
        orderBy: { template: "asc" },
        select: { id: true, template: true, calls: true, variables: true },
      }),
    );
  const hourlyCalls = (endpointId: string) =>
    withTenant(ctx.db, tenantId, async (tx) =>
      (await tx.apiEndpointHourly.findMany({ where: { endpointId } })).reduce((n, h) => n + h.calls, 0),
    );

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    const owner = await signUp(
      ctx,
      { name: "C", email: "c@corrections.test", password: "corrections password", workspaceName: "Corr" },
      testMeta,
    );
    tenantId = owner.workspace.tenantId;
    who = { actor: { id: owner.user.id, label: owner.user.email }, meta: testMeta };
    otherTenantId = (
      await signUp(
        ctx,
        { name: "O", email: "o@corrections.test", password: "corrections password", workspaceName: "Other" },
        testMeta,
      )
    ).workspace.tenantId;
    // Five people: too few distinct words for the templater to call the place variable.
    await discover(
      tenantId,
      ["ann", "bob", "cyd", "dan", "eve"].map((p, i) => line(i, `/people/${p}/repos`)),
    );
  });
  afterAll(() => drop());

  it("merges: a literal place marked variable folds its endpoints into one, keeps their traffic, and holds for later traffic", async () => {
    expect((await endpoints()).map((e) => e.template)).toHaveLength(5);
    const ann = (await endpoints()).find((e) => e.template === "/people/ann/repos")!;
    const result = await markVariable(ctx, tenantId, { endpointId: ann.id, position: 1 }, who);
    expect(result).toMatchObject({ template: "/people/{personId}/repos", merged: 4 });
    const after = await endpoints();
    expect(after.map((e) => `${e.template} ${e.calls}`)).toEqual(["/people/{personId}/repos 5"]);
    expect(after[0]!.id).toBe(result.endpointId);
    expect(after[0]!.variables).toEqual([
      expect.objectContaining({ name: "personId", why: "marked variable by a person" }),
    ]);
    expect(await hourlyCalls(result.endpointId)).toBe(5);
    // Later traffic follows the correction.
    await discover(tenantId, [line(1, "/people/fay/repos")]);
    expect((await endpoints()).map((e) => `${e.template} ${e.calls}`)).toEqual(["/people/{personId}/repos 6"]);
    // Recorded, and audited.
    expect((await listCorrections(ctx.db, tenantId, "people.example")).map((c) => c.kind)).toEqual(["MERGE"]);
    const audit = await withTenant(ctx.db, tenantId, (tx) =>
      tx.auditLog.findMany({ where: { action: "inventory.template_merged" } }),
    );
    expect(audit).toHaveLength(1);
  });

  it("splits: a value kept literal becomes an endpoint of its own from then on, and busy traffic never folds it back", async () => {
    const [variable] = await endpoints();
    await keepLiteral(ctx, tenantId, { endpointId: variable!.id, position: 1, value: "me" }, who);
    await discover(
      tenantId,
      [1, 2, 3].map((i) => line(i, "/people/me/repos")),
    );
    expect((await endpoints()).map((e) => `${e.template} ${e.calls}`)).toEqual([
      "/people/me/repos 3",
      "/people/{personId}/repos 6",
    ]);
  });

  it("refuses what makes no sense and what is not the workspace's", async () => {
    const [me, variable] = await endpoints();
    await expect(markVariable(ctx, tenantId, { endpointId: variable!.id, position: 1 }, who)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      keepLiteral(ctx, tenantId, { endpointId: me!.id, position: 1, value: "x" }, who),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      keepLiteral(ctx, tenantId, { endpointId: variable!.id, position: 1, value: "a/b" }, who),
    ).rejects.toThrow();
    await expect(markVariable(ctx, otherTenantId, { endpointId: me!.id, position: 0 }, who)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
