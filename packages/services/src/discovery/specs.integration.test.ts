import { sharedData } from "@lantern/engine/testing/shared-data";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { withTenant } from "@lantern/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { processUpload } from "../ingest/process-upload";
import { spoolToDisk } from "../ingest/spool";
import { createUpload } from "../ingest/uploads";
import { createTestServices, testMeta } from "../testing";
import { discoverUpload } from "./discover-upload";
import { listEndpoints } from "./inventory";
import { listSpecs, uploadSpec } from "./specs";

const GITHUB = readFileSync(sharedData("openapi/github-v3.json"), "utf8");
const line = (i: number, request: string, status = 200) =>
  `81.2.69.${i % 250} - - [20/Nov/2026:10:${String(i % 60).padStart(2, "0")}:00 +0000] "${request} HTTP/1.1" ${status} 512 "-" "octokit/3"`;

describe("specs and the shadow/zombie diff", () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  const ingestAndDiscover = async (lines: string[]) => {
    const file = await spoolToDisk(
      Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
      ctx.config.dataDir,
      tenantId,
      1e9,
    );
    // Combined logs carry no Host: the source name stands for the service.
    const upload = await createUpload(
      ctx,
      tenantId,
      { source: "api.github.com", fileName: "gh.log", via: "api" },
      file,
    );
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenantId, upload.id);
    await discoverUpload({ db: ctx.db }, tenantId, upload.id);
  };
  const statusOf = async (template: string) =>
    (await listEndpoints(ctx, tenantId, { search: template, pageSize: 10 })).rows.find((r) => r.template === template)
      ?.specStatus;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "S", email: "s@specs.test", password: "specs password!", workspaceName: "Specs" },
        testMeta,
      )
    ).workspace.tenantId;
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      lines.push(line(i, `GET /repos/octocat/hello-world/issues?state=open&per_page=${i}`));
      lines.push(line(i, `GET /gists/${1000 + i}`));
      lines.push(line(i, "GET /user"));
      lines.push(line(i, `GET /internal/debug/${5000 + i}`));
    }
    await ingestAndDiscover(lines);
  });
  afterAll(() => drop());

  it("marks the inventory against GitHub's real spec: documented, shadow, undocumented parameters, unused operations, coverage", async () => {
    const result = await uploadSpec(ctx, tenantId, { text: GITHUB, fileName: "github-v3.json" });
    expect(result).toMatchObject({ host: "api.github.com", title: "GitHub", documented: 3, shadow: 1, zombie: 0 });
    // The spec's paths are matched first: discovered templates take its shape and names.
    expect(
      (await listEndpoints(ctx, tenantId, { sort: "template", order: "asc" })).rows.map((r) => r.template),
    ).toEqual(["/gists/{id}", "/internal/debug/{debugId}", "/repos/{owner}/{repo}/issues", "/user"]);
    expect(await statusOf("/repos/{owner}/{repo}/issues")).toBe("documented");
    expect(await statusOf("/gists/{id}")).toBe("documented");
    expect(await statusOf("/internal/debug/{debugId}")).toBe("shadow");
    const shadows = await listEndpoints(ctx, tenantId, { spec: "shadow" });
    expect(shadows.rows.map((r) => r.template)).toEqual(["/internal/debug/{debugId}"]);

    const [spec] = await listSpecs(ctx, tenantId);
    expect(spec).toMatchObject({ host: "api.github.com", seen: 4, shadow: 1, coverage: 0.75 });
    expect(spec!.unused.length).toBe(spec!.operations - 3);
    expect(spec!.unused).toContainEqual({ method: "GET", path: "/repos/{owner}/{repo}/pulls", deprecated: false });
  });

  it("lints the spec with the OWASP ruleset and files its issues as findings on the endpoints it documents", async () => {
    const [spec] = await listSpecs(ctx, tenantId);
    expect(spec!.lint.issues).toBeGreaterThan(100);
    expect(spec!.lint.rules).toBeGreaterThan(5);
    const found = await withTenant(ctx.db, tenantId, (tx) =>
      tx.postureFinding.findMany({
        where: { confidence: "spec" },
        select: { check: true, owasp: true, title: true, endpoint: { select: { template: true, specStatus: true } } },
      }),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.check.startsWith("spec:owasp:api") && f.title.startsWith("Spec: "))).toBe(true);
    expect(found.every((f) => f.endpoint.specStatus === "documented")).toBe(true);
    expect(new Set(found.map((f) => f.endpoint.template))).toEqual(
      new Set(["/gists/{id}", "/repos/{owner}/{repo}/issues", "/user"]),
    );
    expect(found.map((f) => f.owasp)).toContain("API4");
  });

  it("marks endpoints discovered after the spec as they arrive", async () => {
    await ingestAndDiscover(Array.from({ length: 30 }, (_, i) => line(i, `POST /admin/impersonate/${700 + i}`)));
    expect(await statusOf("/admin/impersonate/{impersonateId}")).toBe("shadow");
    expect(await statusOf("/user")).toBe("documented");
  });

  it("refuses documents it cannot use, saying why", async () => {
    await expect(uploadSpec(ctx, tenantId, { text: "not: [valid", fileName: "x.yaml" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("neither valid JSON nor valid YAML"),
    });
    await expect(
      uploadSpec(ctx, tenantId, {
        text: '{"openapi":"3.0.3","info":{"title":"t"},"paths":{"/a":{"get":{}}}}',
        fileName: "a.json",
      }),
    ).rejects.toMatchObject({
      message: "This document names no host: choose the service it describes.",
    });
    await expect(
      uploadSpec(ctx, tenantId, { text: '{"swagger":"2.0","host":"x.example","paths":{}}', fileName: "e.json" }),
    ).rejects.toMatchObject({ message: "This document describes no operations." });
  });
});
