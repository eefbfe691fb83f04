// An upload's ingestion progress: what has been read, kept and rejected, its
// time span and events per day. Kept in memory while lines are read, and
// committed in the same transaction as each batch of events, so a job that
// dies and is retried resumes exactly after the last committed line.
import type { Db } from "@lantern/db/client";
import { copyBatch, type EventBatch, ensurePartitions } from "@lantern/db/event-writer";
import type { RejectReason } from "@lantern/engine/formats/record";

export type Progress = {
  linesRead: number;
  linesAccepted: number;
  linesRejected: number;
  bytesRead: number;
  rejectReasons: Record<string, number>;
  rejectSamples: { reason: RejectReason; line: number; sample: string }[];
  timeFrom: number | null;
  timeTo: number | null;
  dayCounts: Record<string, number>;
};

type StoredProgress = {
  linesRead: number;
  linesAccepted: number;
  linesRejected: number;
  bytesRead: bigint;
  rejectReasons: unknown;
  rejectSamples: unknown;
  timeFrom: Date | null;
  timeTo: Date | null;
  dayCounts: unknown;
};

/** The progress an earlier run committed (all zero for a new upload). */
export function storedProgress(upload: StoredProgress): Progress {
  return {
    linesRead: upload.linesRead,
    linesAccepted: upload.linesAccepted,
    linesRejected: upload.linesRejected,
    bytesRead: Number(upload.bytesRead),
    rejectReasons: (upload.rejectReasons ?? {}) as Record<string, number>,
    rejectSamples: (upload.rejectSamples ?? []) as Progress["rejectSamples"],
    timeFrom: upload.timeFrom?.getTime() ?? null,
    timeTo: upload.timeTo?.getTime() ?? null,
    dayCounts: (upload.dayCounts ?? {}) as Record<string, number>,
  };
}

export type ProgressUpdate = { previous: number; next: number; values: unknown[] };

/** The progress columns as they stand now, for a commit that runs later. */
export function progressUpdate(progress: Progress, batchRead: number): ProgressUpdate {
  const previous = progress.linesRead;
  const next = previous + batchRead;
  return {
    previous,
    next,
    values: [
      next,
      progress.linesAccepted,
      progress.linesRejected,
      progress.bytesRead,
      JSON.stringify(progress.rejectReasons),
      JSON.stringify(progress.rejectSamples),
      progress.timeFrom === null ? null : new Date(progress.timeFrom),
      progress.timeTo === null ? null : new Date(progress.timeTo),
      JSON.stringify(progress.dayCounts),
    ],
  };
}

/**
 * One transaction: the batch's events, then the upload's progress, updated
 * only if nobody else moved it since we read it.
 */
export async function commitBatch(
  db: Db,
  tenantId: string,
  uploadId: string,
  batch: EventBatch,
  newDays: string[],
  update: ProgressUpdate,
) {
  const client = await db.unsafeBulkPool.connect();
  try {
    // Partitions first, outside the batch transaction: creating one locks the parent table.
    await ensurePartitions(client, newDays.sort());
    await client.query("BEGIN");
    await copyBatch(client, batch);
    const result = await client.query(
      `UPDATE uploads SET "linesRead" = $1, "linesAccepted" = $2, "linesRejected" = $3, "bytesRead" = $4,
         "rejectReasons" = $5, "rejectSamples" = $6, "timeFrom" = $7, "timeTo" = $8, "dayCounts" = $9,
         "progressAt" = now()
       WHERE id = $10 AND "tenantId" = $11 AND "linesRead" = $12`,
      [...update.values, uploadId, tenantId, update.previous],
    );
    if (result.rowCount !== 1)
      throw new Error(`upload ${uploadId} moved past line ${update.previous} in another run; this run stops`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
