// The ingestion pipeline for one upload: detect the format, parse and
// normalise line by line, and commit events in batches with COPY. Each
// batch's events and the upload's progress commit in one transaction, so a
// job that dies and is retried resumes exactly after the last committed
// line: nothing is lost and nothing is written twice.
import { readFile, rm } from "node:fs/promises";
import { withTenant, type Db, type Prisma } from "@lantern/db/client";
import { copyBatch, ensurePartitions, EventBatch } from "@lantern/db/event-writer";
import { detectFormat } from "@lantern/engine/formats/detect";
import { parseHar } from "@lantern/engine/formats/har";
import type { RawRecord, RejectReason } from "@lantern/engine/formats/record";
import { createParser, FORMAT_LABELS, type FormatSpec } from "@lantern/engine/formats/registry";
import { createLineSplitter, type Line } from "@lantern/engine/lines";
import { normalizeRecord, type ApiEvent } from "@lantern/engine/normalize/event";
import { parseCidr, type Cidr } from "@lantern/engine/normalize/ip";
import { redactLine } from "@lantern/engine/normalize/redact";
import { visibleText } from "@lantern/engine/normalize/visible-text";
import { readinessReport } from "@lantern/engine/readiness";
import { countryLookup } from "./geoip";
import { isGzip, openUpload, readHead } from "./read-file";
import { DEFAULT_READ_LIMITS, expandedByteLimit, stoppedNotice, type ReadLimits } from "./read-limits";
import { tenantHashKey } from "./tenant-key";

export type ProcessDeps = {
  db: Db;
  secret: string;
  /** Lines per committed batch (default 20,000). */
  batchLines?: number;
  /** Called after each commit; tests use it to crash a run half-way. */
  afterCommit?: (linesRead: number) => void | Promise<void>;
  /**
   * Lines one run may read before it stops with CONTINUE, so the job can go
   * to the back of the queue and other workspaces' uploads get their turn.
   */
  sliceLines?: number;
  /**
   * Asked when a slice ends: stop and requeue only if it says so (other
   * uploads are waiting). Without it, every slice end stops the run.
   */
  shouldYield?: () => Promise<boolean>;
  /** Bounds on lines and decompressed bytes (DEFAULT_READ_LIMITS for what is not given). */
  limits?: Partial<ReadLimits>;
};

export type ProcessOutcome = {
  status: "COMPLETED" | "FAILED" | "SKIPPED" | "CONTINUE";
  linesRead: number;
  linesAccepted: number;
  linesRejected: number;
};

class SliceDone extends Error {}

const MIN_CONFIDENCE = 0.5;
const SAMPLES_PER_REASON = 3;
const READINESS_SAMPLE = 2_000;
const YIELD_EVERY_LINES = 1_000;
const MAX_HAR_BYTES = 256 * 1024 * 1024;
/** Lines dated further ahead than this are a wrong clock or time zone (time zones span 26 h). */
const FUTURE_TOLERANCE_MS = 48 * 3_600_000;

type Progress = {
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

export async function processUpload(deps: ProcessDeps, tenantId: string, uploadId: string): Promise<ProcessOutcome> {
  const upload = await withTenant(deps.db, tenantId, (tx) =>
    tx.upload.findFirst({ where: { id: uploadId, tenantId } }),
  );
  if (!upload || upload.status === "COMPLETED" || upload.status === "FAILED" || upload.status === "DUPLICATE") {
    return {
      status: "SKIPPED",
      linesRead: upload?.linesRead ?? 0,
      linesAccepted: upload?.linesAccepted ?? 0,
      linesRejected: upload?.linesRejected ?? 0,
    };
  }
  const progress: Progress = {
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
  const update = (data: Prisma.UploadUpdateInput) =>
    withTenant(deps.db, tenantId, (tx) =>
      tx.upload.update({ where: { id: uploadId }, data: { ...data, progressAt: new Date() } }),
    );
  // The spooled file is only needed until the upload reaches a final state.
  const removeFile = () => rm(upload.storagePath, { force: true });
  const fail = async (error: string): Promise<ProcessOutcome> => {
    await update({ status: "FAILED", error, completedAt: new Date() });
    await removeFile();
    return {
      status: "FAILED",
      linesRead: progress.linesRead,
      linesAccepted: progress.linesAccepted,
      linesRejected: progress.linesRejected,
    };
  };
  if (upload.status === "RECEIVED") await update({ status: "PROCESSING", startedAt: new Date() });

  if (Number(upload.sizeBytes) === 0) return fail("The file is empty.");

  let spec = upload.formatSpec as FormatSpec | null;
  if (!spec) {
    const detection = detectFormat(await readHead(upload.storagePath));
    if (!detection.spec || detection.confidence < MIN_CONFIDENCE) {
      return fail(
        detection.sampledLines === 0
          ? "The file has no readable lines."
          : "Lantern could not recognise the format of this file: no supported format matched its first lines. If it is an access log, upload it again and choose its format (for a custom nginx or Apache format, paste the log_format or LogFormat line).",
      );
    }
    spec = detection.spec;
    await update({ formatSpec: spec as Prisma.InputJsonValue, detectedConfidence: detection.confidence });
  }

  const key = tenantHashKey(deps.secret, tenantId);
  const countryOf = await countryLookup();
  const tenant = await withTenant(deps.db, tenantId, (tx) =>
    tx.tenant.findUnique({ where: { id: tenantId }, select: { trustedProxyCidrs: true, eventRetentionDays: true } }),
  );
  const trustedProxies = (tenant?.trustedProxyCidrs ?? []).map(parseCidr).filter((c): c is Cidr => c !== null);
  const normalizeOptions = { tenantKey: key, countryOf, trustedProxies, latestTime: Date.now() + FUTURE_TOLERANCE_MS };
  const sample: { record: RawRecord; event: ApiEvent }[] = [];
  let batch = new EventBatch(tenantId, uploadId);
  let batchRead = 0;
  // A slice ends on a commit, so a batch is never longer than a slice.
  const batchLines = Math.min(deps.batchLines ?? 20_000, deps.sliceLines ?? Infinity);
  // Lines an earlier run already committed: read again, not written again.
  const resumeAfter = progress.linesRead;

  const rejectLine = (reason: RejectReason, lineNo: number, text: string) => {
    progress.linesRejected++;
    progress.rejectReasons[reason] = (progress.rejectReasons[reason] ?? 0) + 1;
    if (progress.rejectSamples.filter((s) => s.reason === reason).length < SAMPLES_PER_REASON) {
      progress.rejectSamples.push({ reason, line: lineNo, sample: visibleText(redactLine(text)) });
    }
  };
  /** `line` is the raw line (none for HAR entries); `text` is what a rejection sample shows. */
  const acceptRecord = (record: RawRecord, lineNo: number, text: string, line?: string) => {
    const normalized = normalizeRecord(record, normalizeOptions, line);
    if (!normalized.ok) return rejectLine(normalized.reason, lineNo, text);
    const event = normalized.event;
    progress.linesAccepted++;
    progress.timeFrom = progress.timeFrom === null ? event.ts : Math.min(progress.timeFrom, event.ts);
    progress.timeTo = progress.timeTo === null ? event.ts : Math.max(progress.timeTo, event.ts);
    if (sample.length < READINESS_SAMPLE) sample.push({ record, event });
    batch.add(event, lineNo);
  };
  let sliceEnd = deps.sliceLines ? progress.linesRead + deps.sliceLines : Infinity;
  // Set when a read limit stopped the upload short: shown with the completed upload.
  let notice: string | null = null;
  // One batch commits while the next is parsed: Postgres loads rows on one
  // core while this process parses on the other. Commits stay in order
  // (each waits for the one before), so the resume point is always exact.
  const partitions = new Set<string>();
  let inflight: Promise<void> = Promise.resolve();
  const settle = () => inflight;
  const commit = async () => {
    if (batchRead === 0) return;
    await inflight;
    const days = [...batch.dayCounts.keys()].filter((d) => !partitions.has(d));
    for (const [day, n] of batch.dayCounts) progress.dayCounts[day] = (progress.dayCounts[day] ?? 0) + n;
    const snapshot = progressUpdate(progress, batchRead);
    const done = commitBatch(deps.db, tenantId, uploadId, batch, days, snapshot).then(async () => {
      for (const d of days) partitions.add(d);
      await deps.afterCommit?.(snapshot.next);
    });
    // Handled here so a failure waits, without an unhandled-rejection crash, for the next await to throw it.
    done.catch(() => {});
    inflight = done;
    progress.linesRead = snapshot.next;
    batch = new EventBatch(tenantId, uploadId);
    batchRead = 0;
    if (progress.linesRead >= sliceEnd) {
      await inflight;
      if (!deps.shouldYield || (await deps.shouldYield())) throw new SliceDone();
      sliceEnd += deps.sliceLines!;
    }
  };

  try {
    if (spec.id === "har") {
      if (Number(upload.sizeBytes) > MAX_HAR_BYTES)
        return fail("HAR files over 256 MB are not supported; split the capture.");
      const har = parseHar(await readFile(upload.storagePath, "utf8"));
      if ("error" in har) return fail(har.error);
      const rejected = new Map(har.rejected.map((r) => [r.index, r.reason]));
      const total = har.records.length + har.rejected.length;
      let recordIndex = 0;
      for (let index = 0; index < total; index++) {
        const lineNo = index + 1;
        const reason = rejected.get(index);
        const record = reason ? undefined : har.records[recordIndex++];
        if (lineNo <= resumeAfter) continue;
        batchRead++;
        if (reason) rejectLine(reason, lineNo, `HAR entry ${lineNo}`);
        else acceptRecord(record!, lineNo, `HAR entry ${lineNo}`);
        if (batchRead >= batchLines) await commit();
      }
      progress.bytesRead = Number(upload.sizeBytes);
    } else {
      let parser: ReturnType<typeof createParser>;
      try {
        parser = createParser(spec);
      } catch (error) {
        return fail(`The format chosen for this upload cannot be used: ${(error as Error).message}`);
      }
      const splitter = createLineSplitter();
      let lineNo = 0;
      let fileBytes = 0;
      const limits = { ...DEFAULT_READ_LIMITS, ...deps.limits };
      const gzip = await isGzip(upload.storagePath);
      const byteLimit = expandedByteLimit(limits, Number(upload.sizeBytes), gzip);
      let expandedBytes = 0;
      const stream = await openUpload(upload.storagePath, (n) => (fileBytes += n), gzip);
      const handle = (line: Line) => {
        lineNo++;
        if (lineNo <= resumeAfter) {
          // Already committed by an earlier run. Headers still configure the
          // parser, and the readiness report still needs its sample.
          if (!("text" in line)) return;
          if (line.text.startsWith("#") || sample.length < READINESS_SAMPLE) {
            const parsed = parser.parseLine(line.text);
            if (parsed.ok === true && sample.length < READINESS_SAMPLE) {
              const normalized = normalizeRecord(parsed.record, normalizeOptions, line.text);
              if (normalized.ok) sample.push({ record: parsed.record, event: normalized.event });
            }
          }
          return;
        }
        batchRead++;
        if (!("text" in line)) return rejectLine(line.rejected, lineNo, line.sample);
        const parsed = parser.parseLine(line.text);
        if (parsed.ok === "skip") return;
        if (parsed.ok === false) return rejectLine(parsed.reason, lineNo, line.text);
        acceptRecord(parsed.record, lineNo, line.text, line.text);
      };
      try {
        for await (const chunk of stream) {
          expandedBytes += (chunk as Buffer).length;
          if (expandedBytes > byteLimit.bytes) {
            notice = stoppedNotice(byteLimit.ratio ? "ratio" : "bytes", limits, lineNo);
            break;
          }
          for (const line of splitter.push(chunk as Buffer)) {
            if (lineNo >= limits.maxLines) {
              notice = stoppedNotice("lines", limits, lineNo);
              break;
            }
            handle(line);
            // Let I/O run now and then: the batch being committed is written to
            // Postgres' socket only when the event loop gets a turn, and a 1 MB
            // chunk is many milliseconds of parsing.
            if (lineNo % YIELD_EVERY_LINES === 0) await new Promise(setImmediate);
            if (batchRead >= batchLines) {
              progress.bytesRead = Math.max(progress.bytesRead, fileBytes);
              await commit();
            }
          }
          if (notice) break;
        }
        if (notice) fileBytes = Number(upload.sizeBytes);
        else for (const line of splitter.end()) handle(line);
      } catch (error) {
        if (
          (error as { code?: string }).code !== "Z_BUF_ERROR" &&
          !/unexpected end of file|incorrect header check|invalid/i.test((error as Error).message)
        )
          throw error;
        progress.bytesRead = fileBytes;
        await commit();
        await settle();
        return fail(
          `The compressed file is damaged or cut short (${(error as Error).message}). ` +
            `The first ${progress.linesRead.toLocaleString("en")} lines were read and their events kept; upload the complete file to add the rest.`,
        );
      }
      progress.bytesRead = fileBytes;
    }
    await commit();
    await settle();
  } catch (error) {
    // A commit still running finishes (or fails) before this run reports anything.
    await inflight.catch(() => {});
    // Other errors (database down, disk) propagate: the job retries and resumes from the last commit.
    if (!(error instanceof SliceDone)) throw error;
    return {
      status: "CONTINUE",
      linesRead: progress.linesRead,
      linesAccepted: progress.linesAccepted,
      linesRejected: progress.linesRejected,
    };
  }

  if (progress.linesAccepted === 0 && progress.linesRejected > 0) {
    const top = Object.entries(progress.rejectReasons).sort((a, b) => b[1] - a[1])[0]!;
    return fail(
      `None of the ${progress.linesRejected.toLocaleString("en")} lines could be read as ${FORMAT_LABELS[spec.id]} (most common reason: ${top[0].replace(/_/g, " ")}). ` +
        "Check the format chosen for this upload.",
    );
  }
  if (progress.linesRead === 0) return fail("The file has no lines.");
  const readiness = readinessReport(spec.id, sample);
  const oldEvents = retentionNotice(progress, tenant?.eventRetentionDays ?? 30, new Date());
  const notices = [notice, oldEvents].filter(Boolean).join(" ") || null;
  await update({
    status: "COMPLETED",
    completedAt: new Date(),
    readiness: readiness as unknown as Prisma.InputJsonValue,
    notice: notices,
  });
  await removeFile();
  return {
    status: "COMPLETED",
    linesRead: progress.linesRead,
    linesAccepted: progress.linesAccepted,
    linesRejected: progress.linesRejected,
  };
}

const longDate = (ms: number) =>
  new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * Events older than the workspace's retention are kept for analysis (a
 * forensic upload of last year's incident is a real need), counted from the
 * upload: see trimWorkspaceEvents. The uploader is told, with the date they go.
 */
function retentionNotice(progress: Progress, retentionDays: number, now: Date): string | null {
  if (progress.timeFrom === null || progress.timeFrom >= now.getTime() - retentionDays * 86_400_000) return null;
  const until = longDate(now.getTime() + retentionDays * 86_400_000);
  return (
    `Its events date from ${longDate(progress.timeFrom)} to ${longDate(progress.timeTo!)}, older than this workspace's ${retentionDays}-day retention: ` +
    `they are kept for analysis for ${retentionDays} days from this upload, until ${until}, then deleted.`
  );
}

type ProgressUpdate = { previous: number; next: number; values: unknown[] };

/** The progress columns as they stand now, for a commit that runs later. */
function progressUpdate(progress: Progress, batchRead: number): ProgressUpdate {
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
async function commitBatch(
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
