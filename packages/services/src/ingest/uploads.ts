// Upload records: created when a file or batch arrives, read by the
// dashboard, the REST API and the CLI to show progress and results.
import { rm } from "node:fs/promises";
import { newId } from "@lantern/db/ids";
import { withTenant, type Prisma } from "@lantern/db/client";
import type { FormatSpec } from "@lantern/engine/formats/registry";
import type { ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { visibleText } from "@lantern/engine/normalize/visible-text";
import type { Readable } from "node:stream";
import { spoolToDisk, type SpooledFile } from "./spool";
import { type UploadMarks, stagesOf } from "../pipeline/progress";
import { startPipeline } from "../pipeline/start";

export type NewUpload = {
  source: string;
  fileName: string;
  via: "dashboard" | "api" | "cli";
  formatSpec?: FormatSpec | null;
  createdById?: string | null;
};

/**
 * Records an upload and queues it. A file already ingested into this
 * workspace (same SHA-256) is recorded as a duplicate and not processed again.
 */
export async function createUpload(ctx: ServiceContext, tenantId: string, input: NewUpload, file: SpooledFile) {
  const id = newId("upload");
  const upload = await withTenant(ctx.db, tenantId, async (tx) => {
    const original = await tx.upload.findFirst({
      where: { tenantId, contentSha256: file.sha256, status: { in: ["RECEIVED", "PROCESSING", "COMPLETED"] } },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    return tx.upload.create({
      data: {
        id,
        tenantId,
        source: input.source,
        fileName: input.fileName,
        via: input.via,
        formatSpec: (input.formatSpec ?? undefined) as Prisma.InputJsonValue | undefined,
        sizeBytes: BigInt(file.sizeBytes),
        contentSha256: file.sha256,
        storagePath: file.path,
        createdById: input.createdById ?? null,
        ...(original ? { status: "DUPLICATE" as const, duplicateOfId: original.id, completedAt: new Date() } : {}),
      },
      select: { id: true, status: true, duplicateOfId: true },
    });
  });
  // A duplicate's content is already in; its copy on disk is not needed.
  if (upload.status === "DUPLICATE") await rm(file.path, { force: true });
  else if (ctx.jobs) await startPipeline(ctx.jobs, { tenantId, uploadId: id });
  return upload;
}

/** Uploads waiting or running per workspace before new ones are refused (whichever way they come). */
export const MAX_PENDING_UPLOADS = 50;

/**
 * Stores an incoming file (at most `maxBytes`) and records the upload: the
 * one way files arrive (dashboard, REST, CLI). A workspace with
 * MAX_PENDING_UPLOADS still waiting is refused before anything is written.
 */
export async function receiveUpload(
  ctx: ServiceContext,
  tenantId: string,
  body: Readable,
  input: NewUpload,
  maxBytes = Number.MAX_SAFE_INTEGER,
) {
  const pending = await countPendingUploads(ctx, tenantId);
  if (pending >= MAX_PENDING_UPLOADS) {
    body.destroy();
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `${pending} uploads are still waiting to be processed in this workspace; retry in a minute.`,
      { retryAfterSeconds: 60 },
    );
  }
  const file = await spoolToDisk(body, ctx.config.dataDir, tenantId, maxBytes);
  // The file name is the uploader's: shown in the dashboard, so made visible like any logged text.
  return createUpload(ctx, tenantId, { ...input, fileName: visibleText(input.fileName) }, file);
}

const UPLOAD_VIEW = {
  id: true,
  source: true,
  fileName: true,
  via: true,
  formatSpec: true,
  detectedConfidence: true,
  status: true,
  error: true,
  sizeBytes: true,
  bytesRead: true,
  linesRead: true,
  linesAccepted: true,
  linesRejected: true,
  rejectReasons: true,
  rejectSamples: true,
  timeFrom: true,
  timeTo: true,
  readiness: true,
  duplicateOfId: true,
  createdAt: true,
  startedAt: true,
  completedAt: true,
  notice: true,
  discoveredAt: true,
  discoveredLine: true,
  detectedAt: true,
  detectedLine: true,
  postureAt: true,
} as const;

export type UploadView = Awaited<ReturnType<typeof getUpload>>;

export async function getUpload(ctx: ServiceContext, tenantId: string, uploadId: string) {
  const upload = await withTenant(ctx.db, tenantId, (tx) =>
    tx.upload.findFirst({ where: { id: uploadId, tenantId }, select: UPLOAD_VIEW }),
  );
  if (!upload) throw notFound("Upload");
  return toView(upload);
}

export async function listUploads(ctx: ServiceContext, tenantId: string, limit = 50) {
  const rows = await withTenant(ctx.db, tenantId, (tx) =>
    tx.upload.findMany({
      where: { tenantId },
      orderBy: { createdAt: "desc" },
      take: Math.min(limit, 200),
      select: UPLOAD_VIEW,
    }),
  );
  return rows.map(toView);
}

type UploadRow = Omit<UploadMarks, "sizeBytes" | "bytesRead"> & { sizeBytes: bigint; bytesRead: bigint };

function toView<T extends UploadRow>(row: T) {
  const marks = { ...row, sizeBytes: Number(row.sizeBytes), bytesRead: Number(row.bytesRead) };
  const stages = stagesOf(marks);
  return {
    ...marks,
    stages,
    /** Ingestion's share done (bytes read). */
    progress: stages[0]!.progress,
    /** Discovery's share done (lines added to the inventory). */
    discovery: stages[1]!.progress,
  };
}

/** Uploads of this workspace still waiting or being processed (for back-pressure). */
export async function countPendingUploads(ctx: ServiceContext, tenantId: string): Promise<number> {
  return withTenant(ctx.db, tenantId, (tx) =>
    tx.upload.count({ where: { tenantId, status: { in: ["RECEIVED", "PROCESSING"] } } }),
  );
}
