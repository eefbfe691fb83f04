// The ingestion stage for one upload: detect the format, then read the file
// (read-upload), judge its lines (block-judge: normalise or reject) and commit
// events in batches with the upload's progress (batch-writer), so a job that
// dies and is retried resumes exactly after the last committed line: nothing
// is lost and nothing is written twice. It ends COMPLETED with the readiness
// report and any notice, or FAILED with why (fail-upload).
import { rm } from "node:fs/promises";
import { type Db, type Prisma, withTenant } from "@lantern/db/client";
import { detectFormat } from "@lantern/engine/formats/detect";
import { FORMAT_LABELS, type FormatSpec } from "@lantern/engine/formats/registry";
import { type Cidr, parseCidr } from "@lantern/engine/normalize/ip";
import { readinessReport } from "@lantern/engine/readiness";
import { BatchWriter, SliceDone } from "./batch-writer";
import { DEFAULT_EVENT_RETENTION_DAYS } from "./event-retention";
import { failUpload } from "./fail-upload";
import type { SampleEvent } from "./block-judge";
import { countryLookup, countryTable } from "./geoip";
import { defaultParseThreads } from "./parse-pool";
import { readHead } from "./read-file";
import { DEFAULT_READ_LIMITS, type ReadLimits } from "./read-limits";
import { readUpload } from "./read-upload";
import { tenantHashKey } from "./tenant-key";
import { type Progress, storedProgress } from "./upload-progress";

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
  /** Parse threads for a large file (default: defaultParseThreads(), for files of 32 MB and more). */
  parseThreads?: { count: number; fromBytes: number };
};

const PARSE_THREADS_FROM_BYTES = 32 * 1024 * 1024;

export type ProcessOutcome = {
  status: "COMPLETED" | "FAILED" | "SKIPPED" | "CONTINUE";
  linesRead: number;
  linesAccepted: number;
  linesRejected: number;
};

const MIN_CONFIDENCE = 0.5;
/** Lines dated further ahead than this are a wrong clock or time zone (time zones span 26 h). */
const FUTURE_TOLERANCE_MS = 48 * 3_600_000;
const UNRECOGNISED =
  "Lantern could not recognise the format of this file: no supported format matched its first lines. If it is an access log, upload it again and choose its format (for a custom nginx or Apache format, paste the log_format or LogFormat line).";

type Upload = NonNullable<Awaited<ReturnType<typeof loadUpload>>>;

const outcome = (status: ProcessOutcome["status"], p: Omit<ProcessOutcome, "status">): ProcessOutcome => ({
  status,
  linesRead: p.linesRead,
  linesAccepted: p.linesAccepted,
  linesRejected: p.linesRejected,
});

export async function processUpload(deps: ProcessDeps, tenantId: string, uploadId: string): Promise<ProcessOutcome> {
  const upload = await loadUpload(deps.db, tenantId, uploadId);
  if (!upload || upload.status === "COMPLETED" || upload.status === "FAILED" || upload.status === "DUPLICATE") {
    return outcome("SKIPPED", upload ?? { linesRead: 0, linesAccepted: 0, linesRejected: 0 });
  }
  const progress = storedProgress(upload);
  const fail = async (error: string) => {
    await failUpload(deps.db, tenantId, uploadId, error);
    return outcome("FAILED", progress);
  };
  if (upload.status === "RECEIVED") {
    await updateUpload(deps.db, tenantId, uploadId, { status: "PROCESSING", startedAt: new Date() });
  }
  if (Number(upload.sizeBytes) === 0) return fail("The file is empty.");
  const spec = await formatOf(deps.db, tenantId, upload);
  if (typeof spec === "string") return fail(spec);

  const tenant = await withTenant(deps.db, tenantId, (tx) =>
    tx.tenant.findUnique({ where: { id: tenantId }, select: { trustedProxyCidrs: true, eventRetentionDays: true } }),
  );
  const normalizeOptions = {
    tenantKey: tenantHashKey(deps.secret, tenantId),
    countryOf: await countryLookup(),
    trustedProxies: (tenant?.trustedProxyCidrs ?? []).map(parseCidr).filter((c): c is Cidr => c !== null),
    latestTime: Date.now() + FUTURE_TOLERANCE_MS,
  };
  const writer = new BatchWriter(deps.db, tenantId, uploadId, progress, {
    // A slice ends on a commit, so a batch is never longer than a slice.
    batchLines: Math.min(deps.batchLines ?? 20_000, deps.sliceLines ?? Infinity),
    sliceLines: deps.sliceLines,
    shouldYield: deps.shouldYield,
    afterCommit: deps.afterCommit,
  });
  const sample: SampleEvent[] = [];
  const threads = deps.parseThreads ?? { count: defaultParseThreads(), fromBytes: PARSE_THREADS_FROM_BYTES };

  let notice: string | undefined;
  try {
    const read = await readUpload({
      upload: { id: uploadId, tenantId, storagePath: upload.storagePath, sizeBytes: Number(upload.sizeBytes) },
      spec,
      normalize: normalizeOptions,
      threads: { ...threads, countries: threads.count > 0 ? await countryTable() : null },
      writer,
      sample,
      progress,
      limits: { ...DEFAULT_READ_LIMITS, ...deps.limits },
      resumeAfter: progress.linesRead,
    });
    if (read.failed) return fail(read.failed);
    notice = read.notice;
    await writer.commit();
    await writer.settle();
  } catch (error) {
    // A commit still running finishes (or fails) before this run reports anything.
    await writer.abandon();
    // Other errors (database down, disk) propagate: the job retries and resumes from the last commit.
    if (!(error instanceof SliceDone)) throw error;
    return outcome("CONTINUE", progress);
  }

  const refused = nothingRead(progress, spec);
  if (refused) return fail(refused);
  const oldEvents = retentionNotice(progress, tenant?.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS, new Date());
  await updateUpload(deps.db, tenantId, uploadId, {
    status: "COMPLETED",
    completedAt: new Date(),
    readiness: readinessReport(spec.id, sample) as unknown as Prisma.InputJsonValue,
    notice: [notice, oldEvents].filter(Boolean).join(" ") || null,
  });
  // The spooled file is only needed until the upload reaches a final state.
  await rm(upload.storagePath, { force: true });
  return outcome("COMPLETED", progress);
}

const loadUpload = (db: Db, tenantId: string, uploadId: string) =>
  withTenant(db, tenantId, (tx) => tx.upload.findFirst({ where: { id: uploadId, tenantId } }));

const updateUpload = (db: Db, tenantId: string, uploadId: string, data: Prisma.UploadUpdateInput) =>
  withTenant(db, tenantId, (tx) =>
    tx.upload.update({ where: { id: uploadId }, data: { ...data, progressAt: new Date() } }),
  );

/** The format chosen at upload, or detected from the file's first lines (and kept); a string says why neither. */
async function formatOf(db: Db, tenantId: string, upload: Upload): Promise<FormatSpec | string> {
  if (upload.formatSpec) return upload.formatSpec as FormatSpec;
  const detection = detectFormat(await readHead(upload.storagePath));
  if (!detection.spec || detection.confidence < MIN_CONFIDENCE) {
    return detection.sampledLines === 0 ? "The file has no readable lines." : UNRECOGNISED;
  }
  await updateUpload(db, tenantId, upload.id, {
    formatSpec: detection.spec as Prisma.InputJsonValue,
    detectedConfidence: detection.confidence,
  });
  return detection.spec;
}

/** Why a file read to its end gave nothing to keep, if it did not. */
function nothingRead(progress: Progress, spec: FormatSpec): string | null {
  if (progress.linesAccepted === 0 && progress.linesRejected > 0) {
    const top = Object.entries(progress.rejectReasons).sort((a, b) => b[1] - a[1])[0]!;
    return (
      `None of the ${progress.linesRejected.toLocaleString("en")} lines could be read as ${FORMAT_LABELS[spec.id]} (most common reason: ${top[0].replace(/_/g, " ")}). ` +
      "Check the format chosen for this upload."
    );
  }
  return progress.linesRead === 0 ? "The file has no lines." : null;
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
