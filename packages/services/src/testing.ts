// Integration-test support: services over a fresh database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import { createTestDatabase, type TestDatabase } from "@lantern/db/testing";
import type { JobsClient } from "@lantern/jobs/client";
import { signUp } from "./accounts";
import type { RequestMeta, ServiceContext } from "./context";
import { detectUpload } from "./detection/detect-upload";
import { discoverUpload } from "./discovery/discover-upload";
import { huntUpload } from "./hunt/detectors";
import { processUpload } from "./ingest/process-upload";
import { spoolToDisk } from "./ingest/spool";
import { createUpload } from "./ingest/uploads";
import { judgeUploadPosture } from "./posture/judge-inventory";

export const testMeta: RequestMeta = { ip: "203.0.113.7", userAgent: "vitest" };

export async function createTestServices(
  options: { jobs?: JobsClient; mailEnabled?: boolean; signUpsPerHour?: number } = {},
): Promise<{
  ctx: ServiceContext;
  database: TestDatabase;
  drop(): Promise<void>;
}> {
  const database = await createTestDatabase();
  const ctx: ServiceContext = {
    db: database.db,
    jobs: options.jobs ?? null,
    config: {
      appUrl: "http://lantern.test",
      secret: "test-secret-0123456789abcdef",
      mailEnabled: options.mailEnabled ?? false,
      dataDir: mkdtempSync(join(tmpdir(), "lantern-test-data-")),
      // Tests sign up many people from one address; the sign-up limit has its own test.
      signUpsPerHour: options.signUpsPerHour ?? 10_000,
    },
  };
  return { ctx, database, drop: () => database.drop() };
}

/** A person and their workspace, signed up as the dashboard does; the workspace's tenant id. */
export async function testWorkspace(ctx: ServiceContext, name: string): Promise<string> {
  const slug = name.toLowerCase().replace(/\W+/g, "-");
  const signed = await signUp(
    ctx,
    { name, email: `${slug}@${slug}.test`, password: `${name} password 1`, workspaceName: name },
    testMeta,
  );
  return signed.workspace.tenantId;
}

/** Log lines as one upload, ingested into events (discovery and detection are left to the test); its id. */
export async function ingestLines(
  ctx: ServiceContext,
  tenantId: string,
  lines: string[],
  upload: { source: string; fileName?: string; formatSpec?: FormatSpec },
): Promise<string> {
  const file = await spoolToDisk(
    Readable.from([Buffer.from(`${lines.join("\n")}\n`)]),
    ctx.config.dataDir,
    tenantId,
    1e9,
  );
  const created = await createUpload(
    ctx,
    tenantId,
    {
      source: upload.source,
      fileName: upload.fileName ?? `${upload.source}.log`,
      via: "api",
      formatSpec: upload.formatSpec,
    },
    file,
  );
  await processUpload({ db: ctx.db, secret: ctx.config.secret }, tenantId, created.id);
  return created.id;
}

/**
 * Combined-format log lines through the pipeline's stages, as an upload is:
 * ingested, discovered, detected (saved hunts too), and with `posture`
 * judged; its id.
 */
export async function analyseLines(
  ctx: ServiceContext,
  tenantId: string,
  lines: string[],
  options: { fileName?: string; posture?: boolean } = {},
): Promise<string> {
  const uploadId = await ingestLines(ctx, tenantId, lines, {
    source: "edge",
    fileName: options.fileName,
    formatSpec: { id: "combined" },
  });
  await discoverUpload({ db: ctx.db }, tenantId, uploadId);
  await detectUpload({ db: ctx.db }, tenantId, uploadId);
  await huntUpload(ctx.db, tenantId, uploadId);
  if (options.posture) await judgeUploadPosture(ctx.db, tenantId, uploadId);
  return uploadId;
}
