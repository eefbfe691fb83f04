// The one way an upload fails: FAILED with a message people read, its
// spooled file (which may hold secrets in clear) removed, the events it
// committed kept. Only an unfinished upload fails, so a second call (a
// retry, the sweep after the job) changes nothing.
import { rm } from "node:fs/promises";
import { type Db, withTenant } from "@lantern/db/client";

/** Statuses that hold a pending slot and have a job working (or waiting) on them. */
export const UNFINISHED_STATUSES = ["RECEIVED", "PROCESSING"] as const;

type Kept = { linesRead: number; linesAccepted: number };

/**
 * `error`: the message, or how to word it from what was kept. Returns false
 * when the upload had already reached a final state.
 */
export async function failUpload(
  db: Db,
  tenantId: string,
  uploadId: string,
  error: string | ((kept: Kept) => string),
): Promise<boolean> {
  const unfinished = { id: uploadId, tenantId, status: { in: [...UNFINISHED_STATUSES] } };
  const upload = await withTenant(db, tenantId, async (tx) => {
    const found = await tx.upload.findFirst({ where: unfinished, select: { linesRead: true, linesAccepted: true } });
    if (!found) return null;
    const updated = await tx.upload.updateMany({
      where: unfinished,
      data: {
        status: "FAILED",
        error: typeof error === "string" ? error : error(found),
        completedAt: new Date(),
        progressAt: new Date(),
      },
    });
    return updated.count === 1
      ? tx.upload.findUniqueOrThrow({ where: { id: uploadId }, select: { storagePath: true } })
      : null;
  });
  if (!upload) return false;
  await rm(upload.storagePath, { force: true });
  return true;
}

/** A job that stopped for good (retries exhausted, or stopped too often): the reason, and what was kept. */
export const stoppedError = (reason: string) => (found: Kept) => {
  const kept =
    found.linesRead > 0
      ? ` The first ${found.linesRead.toLocaleString("en")} lines were read and their ${found.linesAccepted.toLocaleString("en")} events kept.`
      : "";
  return `Processing stopped: ${reason}.${kept}`;
};
