// Ingestion's write: events gathered into batches, each committed with the
// upload's progress (upload-progress.ts). One batch commits while the next
// is parsed: Postgres loads rows on one core while this process parses on
// the other. Commits stay in order (each waits for the one before), so the
// resume point is always exact. A turn (slice) ends on a commit.
import type { Db } from "@lantern/db/client";
import { EventBatch } from "@lantern/db/event-writer";
import { type JudgedBlock, SAMPLES_PER_REASON } from "./block-judge";
import { commitBatch, type Progress, progressUpdate } from "./upload-progress";

/** Thrown by commit() when the turn is over and others are waiting: the run stops with CONTINUE. */
export class SliceDone extends Error {}

export type BatchWriterOptions = {
  batchLines: number;
  /** Lines per turn; none: one turn reads the whole file. */
  sliceLines?: number;
  /** Asked when a turn ends: stop only if it says so. Without it, every turn's end stops the run. */
  shouldYield?: () => Promise<boolean>;
  afterCommit?: (linesRead: number) => void | Promise<void>;
};

export class BatchWriter {
  private batch: EventBatch;
  /** Lines read into the open batch (accepted or not). */
  private batchRead = 0;
  private readonly partitions = new Set<string>();
  private inflight: Promise<void> = Promise.resolve();
  private sliceEnd: number;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly uploadId: string,
    private readonly progress: Progress,
    private readonly options: BatchWriterOptions,
  ) {
    this.batch = new EventBatch(tenantId, uploadId);
    this.sliceEnd = options.sliceLines ? progress.linesRead + options.sliceLines : Infinity;
  }

  /** A judged block's lines, counted into the progress, and its events into the open batch; blocks come in line order. */
  apply(judged: JudgedBlock): void {
    const { progress } = this;
    this.batchRead += judged.read;
    this.batch.absorb(judged.rows);
    progress.linesAccepted += judged.accepted;
    progress.linesRejected += judged.rejected;
    for (const [reason, n] of Object.entries(judged.rejectReasons))
      progress.rejectReasons[reason] = (progress.rejectReasons[reason] ?? 0) + n;
    for (const s of judged.rejectSamples)
      if (progress.rejectSamples.filter((r) => r.reason === s.reason).length < SAMPLES_PER_REASON)
        progress.rejectSamples.push(s);
    if (judged.timeFrom !== null) progress.timeFrom = Math.min(progress.timeFrom ?? judged.timeFrom, judged.timeFrom);
    if (judged.timeTo !== null) progress.timeTo = Math.max(progress.timeTo ?? judged.timeTo, judged.timeTo);
  }

  /** Lines per batch: a block of lines is never longer, so commits fall where they did line by line. */
  get batchLines(): number {
    return this.options.batchLines;
  }

  get full(): boolean {
    return this.batchRead >= this.options.batchLines;
  }

  /** Queues the open batch's commit; at a turn's end, waits for it and may throw SliceDone. */
  async commit(): Promise<void> {
    if (this.batchRead === 0) return;
    await this.inflight;
    const { progress, batch } = this;
    const days = [...batch.dayCounts.keys()].filter((d) => !this.partitions.has(d));
    for (const [day, n] of batch.dayCounts) progress.dayCounts[day] = (progress.dayCounts[day] ?? 0) + n;
    const snapshot = progressUpdate(progress, this.batchRead);
    const done = commitBatch(this.db, this.tenantId, this.uploadId, batch, days, snapshot).then(async () => {
      for (const d of days) this.partitions.add(d);
      await this.options.afterCommit?.(snapshot.next);
    });
    // Handled here so a failure waits, without an unhandled-rejection crash, for the next await to throw it.
    done.catch(() => {});
    this.inflight = done;
    progress.linesRead = snapshot.next;
    this.batch = new EventBatch(this.tenantId, this.uploadId);
    this.batchRead = 0;
    if (progress.linesRead >= this.sliceEnd) {
      await this.inflight;
      if (!this.options.shouldYield || (await this.options.shouldYield())) throw new SliceDone();
      this.sliceEnd += this.options.sliceLines!;
    }
  }

  /** Waits for the last commit (throws its error). */
  settle(): Promise<void> {
    return this.inflight;
  }

  /** Waits for a commit still running to finish or fail, without throwing: the run is reporting something else. */
  async abandon(): Promise<void> {
    await this.inflight.catch(() => {});
  }
}
