// Ingestion's judgement of one parsed line: normalised into an event (or
// rejected with a reason and, for the first few of each reason, a redacted
// sample people can read), counted into the upload's progress, and kept for
// the readiness report's sample.
import type { RawRecord, RejectReason } from "@lantern/engine/formats/record";
import { type ApiEvent, type NormalizeOptions, normalizeRecord } from "@lantern/engine/normalize/event";
import { redactLine } from "@lantern/engine/normalize/redact";
import { visibleText } from "@lantern/engine/normalize/visible-text";
import type { BatchWriter } from "./batch-writer";
import type { Progress } from "./upload-progress";

const SAMPLES_PER_REASON = 3;
/** Events the readiness report looks at. */
export const READINESS_SAMPLE = 2_000;

export class LineJudge {
  readonly sample: { record: RawRecord; event: ApiEvent }[] = [];

  constructor(
    private readonly progress: Progress,
    private readonly options: NormalizeOptions,
    private readonly writer: BatchWriter,
  ) {}

  reject(reason: RejectReason, lineNo: number, text: string): void {
    const { progress } = this;
    progress.linesRejected++;
    progress.rejectReasons[reason] = (progress.rejectReasons[reason] ?? 0) + 1;
    if (progress.rejectSamples.filter((s) => s.reason === reason).length < SAMPLES_PER_REASON) {
      progress.rejectSamples.push({ reason, line: lineNo, sample: visibleText(redactLine(text)) });
    }
  }

  /** `line` is the raw line (none for HAR entries); `text` is what a rejection sample shows. */
  accept(record: RawRecord, lineNo: number, text: string, line?: string): void {
    const normalized = normalizeRecord(record, this.options, line);
    if (!normalized.ok) {
      this.reject(normalized.reason, lineNo, text);
      return;
    }
    const { event } = normalized;
    const { progress } = this;
    progress.linesAccepted++;
    progress.timeFrom = progress.timeFrom === null ? event.ts : Math.min(progress.timeFrom, event.ts);
    progress.timeTo = progress.timeTo === null ? event.ts : Math.max(progress.timeTo, event.ts);
    if (this.sample.length < READINESS_SAMPLE) this.sample.push({ record, event });
    this.writer.add(event, lineNo);
  }

  /** A line an earlier run committed: only the readiness sample still needs it. */
  resample(record: RawRecord, line: string): void {
    if (this.sample.length >= READINESS_SAMPLE) return;
    const normalized = normalizeRecord(record, this.options, line);
    if (normalized.ok) this.sample.push({ record, event: normalized.event });
  }

  get wantsSample(): boolean {
    return this.sample.length < READINESS_SAMPLE;
  }
}
