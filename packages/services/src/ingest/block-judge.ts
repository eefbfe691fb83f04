// Ingestion's judgement, a block of lines at a time: each line parsed, then
// normalised into an event encoded for COPY, or rejected with a reason (and,
// for the first few of each reason, a redacted sample people can read). A
// block is judged whole in one place, in the reading thread or on a parse
// thread (parse-pool.ts), and the reader applies the judged blocks in order
// (BatchWriter.apply), so where a block ran changes nothing that is stored.
import { EventBatch, type EncodedRows } from "@lantern/db/event-writer";
import type { RawRecord, RejectReason } from "@lantern/engine/formats/record";
import { createParser, type FormatSpec } from "@lantern/engine/formats/registry";
import type { Line } from "@lantern/engine/lines";
import { type ApiEvent, type NormalizeOptions, normalizeRecord } from "@lantern/engine/normalize/event";
import { redactLine } from "@lantern/engine/normalize/redact";
import { visibleText } from "@lantern/engine/normalize/visible-text";

/** Rejected lines shown per reason, over the whole upload. */
export const SAMPLES_PER_REASON = 3;
/** Events the readiness report looks at. */
export const READINESS_SAMPLE = 2_000;

export type RejectSample = { reason: RejectReason; line: number; sample: string };
export type SampleEvent = { record: RawRecord; event: ApiEvent };

export type LineBlock = {
  /** The line number of lines[0]. */
  firstLineNo: number;
  lines: Line[];
  /** Lines up to this number were committed by an earlier run: read again only for the readiness sample. */
  resumeAfter: number;
  /** Events the readiness sample still wanted when the block was sent. */
  sampleWanted: number;
};

export type JudgedBlock = {
  /** Lines counted by this run (those after resumeAfter), accepted or not. */
  read: number;
  accepted: number;
  rejected: number;
  rejectReasons: Record<string, number>;
  /** At most SAMPLES_PER_REASON per reason, in line order. */
  rejectSamples: RejectSample[];
  timeFrom: number | null;
  timeTo: number | null;
  rows: EncodedRows;
  sample: SampleEvent[];
};

/**
 * Judges lines or records into the block being built; take() hands it over
 * and starts the next. The parser is kept from block to block: a format may
 * keep state across lines (CloudFront's #Fields header).
 */
export class BlockJudge {
  private readonly parser: ReturnType<typeof createParser> | null;
  private block!: JudgedBlock;
  private batch!: EventBatch;
  private sampleWanted = 0;

  /** Throws with a readable message when the format cannot be used. `spec` null: records come parsed (HAR). */
  constructor(
    spec: FormatSpec | null,
    private readonly options: NormalizeOptions,
    private readonly tenantId: string,
    private readonly uploadId: string,
  ) {
    this.parser = spec ? createParser(spec) : null;
    this.begin(0);
  }

  judgeLines(block: LineBlock): JudgedBlock {
    this.begin(block.sampleWanted);
    let lineNo = block.firstLineNo;
    for (const line of block.lines) {
      if (lineNo <= block.resumeAfter) this.readAgain(line);
      else this.judgeLine(line, lineNo);
      lineNo++;
    }
    return this.take();
  }

  /** Starts a block whose readiness sample may take up to `sampleWanted` events. */
  begin(sampleWanted: number): void {
    this.sampleWanted = sampleWanted;
    this.batch = new EventBatch(this.tenantId, this.uploadId);
    this.block = {
      read: 0,
      accepted: 0,
      rejected: 0,
      rejectReasons: {},
      rejectSamples: [],
      timeFrom: null,
      timeTo: null,
      rows: this.batch.encoded(),
      sample: [],
    };
  }

  /** Lines judged into the block being built. */
  get read(): number {
    return this.block.read;
  }

  take(): JudgedBlock {
    this.block.rows = this.batch.encoded();
    return this.block;
  }

  /** `line` is the raw line (none for HAR entries); `text` is what a rejection sample shows. */
  accept(record: RawRecord, lineNo: number, text: string, line?: string): void {
    const block = this.block;
    block.read++;
    const normalized = normalizeRecord(record, this.options, line);
    if (!normalized.ok) {
      this.rejectCounted(normalized.reason, lineNo, text);
      return;
    }
    const { event } = normalized;
    block.accepted++;
    block.timeFrom = block.timeFrom === null ? event.ts : Math.min(block.timeFrom, event.ts);
    block.timeTo = block.timeTo === null ? event.ts : Math.max(block.timeTo, event.ts);
    if (block.sample.length < this.sampleWanted) block.sample.push({ record, event });
    this.batch.add(event, lineNo);
  }

  reject(reason: RejectReason, lineNo: number, text: string): void {
    this.block.read++;
    this.rejectCounted(reason, lineNo, text);
  }

  private rejectCounted(reason: RejectReason, lineNo: number, text: string): void {
    const block = this.block;
    block.rejected++;
    const seen = (block.rejectReasons[reason] = (block.rejectReasons[reason] ?? 0) + 1);
    if (seen <= SAMPLES_PER_REASON)
      block.rejectSamples.push({ reason, line: lineNo, sample: visibleText(redactLine(text)) });
  }

  private judgeLine(line: Line, lineNo: number): void {
    if (!("text" in line)) {
      this.reject(line.rejected, lineNo, line.sample);
      return;
    }
    const parsed = this.parser!.parseLine(line.text);
    if (parsed.ok === "skip") this.block.read++;
    else if (parsed.ok === false) this.reject(parsed.reason, lineNo, line.text);
    else this.accept(parsed.record, lineNo, line.text, line.text);
  }

  /** A line an earlier run committed: headers still configure the parser, and the readiness sample still needs it. */
  private readAgain(line: Line): void {
    if (!("text" in line)) return;
    if (!line.text.startsWith("#") && this.block.sample.length >= this.sampleWanted) return;
    const parsed = this.parser!.parseLine(line.text);
    if (parsed.ok !== true || this.block.sample.length >= this.sampleWanted) return;
    const normalized = normalizeRecord(parsed.record, this.options, line.text);
    if (normalized.ok) this.block.sample.push({ record: parsed.record, event: normalized.event });
  }
}
