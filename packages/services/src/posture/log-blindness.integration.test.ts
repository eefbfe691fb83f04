// A real web server's log with no caller identity (the 2015 Apache log in
// shared data): posture must not call its endpoints unauthenticated, and
// must say which checks it could not run and how to fix the logs.
import { createReadStream } from "node:fs";
import { withTenant } from "@lantern/db/client";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts";
import type { ServiceContext } from "../context";
import { detectUpload } from "../detection/detect-upload";
import { discoverUpload } from "../discovery/discover-upload";
import { processUpload } from "../ingest/process-upload";
import { spoolToDisk } from "../ingest/spool";
import { createUpload } from "../ingest/uploads";
import { createTestServices, testMeta } from "../testing";
import { postureSummary } from "./findings";
import { judgeUploadPosture } from "./judge-inventory";

describe("posture on logs that lack a field", { timeout: 180_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = (
      await signUp(
        ctx,
        { name: "B", email: "b@blind.test", password: "blind password 1", workspaceName: "Blind" },
        testMeta,
      )
    ).workspace.tenantId;
    const file = await spoolToDisk(
      createReadStream(sharedData("real/apache-semicomplete-2015.log")),
      ctx.config.dataDir,
      tenantId,
      1e9,
    );
    const upload = await createUpload(
      ctx,
      tenantId,
      { source: "www-apache", fileName: "access.log", via: "api" },
      file,
    );
    await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenantId, upload.id);
    await discoverUpload({ db: ctx.db }, tenantId, upload.id);
    await detectUpload({ db: ctx.db }, tenantId, upload.id);
    expect(await judgeUploadPosture(ctx.db, tenantId, upload.id)).toMatchObject({ status: "JUDGED" });
  });
  afterAll(() => drop());

  it("runs no check that needs caller identity, and says so with the fix for the source's logs", async () => {
    const findings = await withTenant(ctx.db, tenantId, (tx) =>
      tx.postureFinding.findMany({ select: { check: true } }),
    );
    expect(findings.filter((f) => f.check.startsWith("unauthenticated-"))).toEqual([]);
    const { notAssessable } = await postureSummary(ctx, tenantId, {});
    const identity = notAssessable.find((b) => b.field === "identity")!;
    expect(identity.checks).toEqual(
      expect.arrayContaining(["Sensitive data served without credentials", "Writes without credentials"]),
    );
    expect(identity.sources).toEqual([{ source: "www-apache", fix: expect.stringContaining("Authorization") }]);
    // The log has real client addresses and query strings: those checks ran.
    expect(notAssessable.map((b) => b.field)).not.toContain("client_ip");
    expect(notAssessable.map((b) => b.field)).not.toContain("query_string");
  });
});
