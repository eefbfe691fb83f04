// Ingestion's read: the spooled file, line by line (plain or gzip, within
// the read limits) or as a HAR capture's entries, in blocks judged by
// block-judge (in this thread, or on parse threads for a large file) and
// applied in line order; lines an earlier run committed are read again only
// for headers and the readiness sample.
import type { Readable } from "node:stream";
import { readFile } from "node:fs/promises";
import { parseHar } from "@lantern/engine/formats/har";
import { type FormatSpec, keepsStateAcrossLines } from "@lantern/engine/formats/registry";
import { createLineSplitter, type Line } from "@lantern/engine/lines";
import type { CountryTable } from "@lantern/engine/normalize/country";
import type { NormalizeOptions } from "@lantern/engine/normalize/event";
import type { BatchWriter } from "./batch-writer";
import { BlockJudge, type JudgedBlock, type LineBlock, READINESS_SAMPLE, type SampleEvent } from "./block-judge";
import { ParsePool } from "./parse-pool";
import { isGzip, openUpload } from "./read-file";
import { expandedByteLimit, type ReadLimits, stoppedNotice } from "./read-limits";
import type { Progress } from "./upload-progress";

/** `failed`: the upload cannot go on, with why; `notice`: it stopped short of the file's end (a read limit). */
export type ReadOutcome = { failed?: string; notice?: string };

export type ParseThreads = {
  /** Threads for a large file; 0 judges every file in the reading thread. */
  count: number;
  /** Smaller files are judged in the reading thread: a thread takes about a third of a second to start. */
  fromBytes: number;
  /** The country table the threads look addresses up in (the reading thread's lookup is a function). */
  countries: CountryTable | null;
};

export type ReadInput = {
  upload: { id: string; tenantId: string; storagePath: string; sizeBytes: number };
  spec: FormatSpec;
  normalize: NormalizeOptions;
  threads: ParseThreads;
  writer: BatchWriter;
  progress: Progress;
  /** The readiness report's sample, filled up to READINESS_SAMPLE events. */
  sample: SampleEvent[];
  limits: ReadLimits;
  /** Lines an earlier run already committed: read again, not written again. */
  resumeAfter: number;
};

const MAX_HAR_BYTES = 256 * 1024 * 1024;
/** Lines per judged block: small enough to keep every thread busy, large enough that sending one costs little. */
const BLOCK_LINES = 2_000;

export function readUpload(input: ReadInput): Promise<ReadOutcome> {
  return input.spec.id === "har" ? readHar(input) : readLines(input);
}

const sampleWanted = (sample: SampleEvent[]) => Math.max(0, READINESS_SAMPLE - sample.length);

/** A judged block into the upload's progress and open batch, committed when the batch is full. */
async function apply(input: ReadInput, judged: JudgedBlock): Promise<void> {
  const { writer, sample } = input;
  writer.apply(judged);
  for (const s of judged.sample) if (sample.length < READINESS_SAMPLE) sample.push(s);
  if (writer.full) await writer.commit();
}

async function readHar(input: ReadInput): Promise<ReadOutcome> {
  const { upload, writer, progress, resumeAfter } = input;
  if (upload.sizeBytes > MAX_HAR_BYTES)
    return { failed: "HAR files over 256 MB are not supported; split the capture." };
  const har = parseHar(await readFile(upload.storagePath, "utf8"));
  if ("error" in har) return { failed: har.error };
  const rejected = new Map(har.rejected.map((r) => [r.index, r.reason]));
  const total = har.records.length + har.rejected.length;
  const judge = new BlockJudge(null, input.normalize, upload.tenantId, upload.id);
  judge.begin(sampleWanted(input.sample));
  let recordIndex = 0;
  for (let index = 0; index < total; index++) {
    const lineNo = index + 1;
    const reason = rejected.get(index);
    const record = reason ? undefined : har.records[recordIndex++];
    if (lineNo <= resumeAfter) continue;
    if (reason) judge.reject(reason, lineNo, `HAR entry ${lineNo}`);
    else judge.accept(record!, lineNo, `HAR entry ${lineNo}`);
    if (judge.read >= writer.batchLines) {
      await apply(input, judge.take());
      judge.begin(sampleWanted(input.sample));
    }
  }
  await apply(input, judge.take());
  progress.bytesRead = upload.sizeBytes;
  return {};
}

/** Where blocks are judged, and how many may be out at once. */
type Judging = { judge(block: LineBlock): Promise<JudgedBlock>; inFlight: number; close(): Promise<void> };

/** Throws with a readable message when the format cannot be used. */
function judgingFor({ upload, spec, normalize, threads }: ReadInput): Judging {
  // Built even when threads judge: it checks the format here, where the error can be reported.
  const inline = new BlockJudge(spec, normalize, upload.tenantId, upload.id);
  if (threads.count === 0 || upload.sizeBytes < threads.fromBytes || keepsStateAcrossLines(spec)) {
    return {
      // A turn for I/O before each block: the batch being committed reaches Postgres' socket only then.
      judge: async (block) => {
        await new Promise(setImmediate);
        return inline.judgeLines(block);
      },
      inFlight: 1,
      close: async () => {},
    };
  }
  const pool = new ParsePool(threads.count, {
    spec,
    tenantId: upload.tenantId,
    uploadId: upload.id,
    tenantKey: Buffer.from(normalize.tenantKey),
    trustedProxies: normalize.trustedProxies ?? [],
    latestTime: normalize.latestTime,
    countries: threads.countries,
  });
  return { judge: (block) => pool.judge(block), inFlight: 2 * pool.size, close: () => pool.close() };
}

async function readLines(input: ReadInput): Promise<ReadOutcome> {
  let judging: Judging;
  try {
    judging = judgingFor(input);
  } catch (error) {
    return { failed: `The format chosen for this upload cannot be used: ${(error as Error).message}` };
  }
  try {
    return await readBlocks(input, judging);
  } finally {
    await judging.close();
  }
}

/** The file's lines, gathered into blocks, judged, and applied in line order as the answers come. */
class LinesInOrder {
  lineNo = 0;
  private block: Line[] = [];
  private readonly judged: Promise<JudgedBlock>[] = [];
  private readonly blockLines: number;

  constructor(
    private readonly input: ReadInput,
    private readonly judging: Judging,
    /** Called before each block is applied: the progress bar's bytes. */
    private readonly beforeApply: () => void,
  ) {
    this.blockLines = Math.min(BLOCK_LINES, input.writer.batchLines);
  }

  async push(line: Line): Promise<void> {
    this.lineNo++;
    this.block.push(line);
    if (this.block.length === this.blockLines) await this.send();
  }

  /** Sends the last block and applies every answer. */
  async finish(): Promise<void> {
    await this.send();
    while (this.judged.length) await this.applyOldest();
  }

  private async send(): Promise<void> {
    const lines = this.block;
    if (lines.length === 0) return;
    this.block = [];
    const firstLineNo = this.lineNo - lines.length + 1;
    const { resumeAfter, sample } = this.input;
    this.judged.push(this.judging.judge({ firstLineNo, lines, resumeAfter, sampleWanted: sampleWanted(sample) }));
    if (this.judged.length >= this.judging.inFlight) await this.applyOldest();
  }

  private async applyOldest(): Promise<void> {
    const next = await this.judged.shift()!;
    this.beforeApply();
    await apply(this.input, next);
  }
}

async function readBlocks(input: ReadInput, judging: Judging): Promise<ReadOutcome> {
  const { upload, writer, progress, limits } = input;
  const splitter = createLineSplitter();
  const gzip = await isGzip(upload.storagePath);
  const byteLimit = expandedByteLimit(limits, upload.sizeBytes, gzip);
  let fileBytes = 0;
  let expandedBytes = 0;
  let notice: string | undefined;
  const lines = new LinesInOrder(input, judging, () => {
    progress.bytesRead = Math.max(progress.bytesRead, fileBytes);
  });
  const damaged: { error?: Error } = {};
  const stream = await openUpload(upload.storagePath, (n) => (fileBytes += n), gzip);
  for await (const chunk of untilDamaged(stream, damaged)) {
    expandedBytes += chunk.length;
    if (expandedBytes > byteLimit.bytes) {
      notice = stoppedNotice(byteLimit.ratio ? "ratio" : "bytes", limits, lines.lineNo);
      break;
    }
    for (const line of splitter.push(chunk)) {
      if (lines.lineNo >= limits.maxLines) {
        notice = stoppedNotice("lines", limits, lines.lineNo);
        break;
      }
      await lines.push(line);
    }
    if (notice) break;
  }
  if (!notice && !damaged.error) for (const line of splitter.end()) await lines.push(line);
  await lines.finish();
  progress.bytesRead = notice ? upload.sizeBytes : fileBytes;
  if (!damaged.error) return { notice };
  await writer.commit();
  await writer.settle();
  return {
    failed:
      `The compressed file is damaged or cut short (${damaged.error.message}). ` +
      `The first ${progress.linesRead.toLocaleString("en")} lines were read and their events kept; upload the complete file to add the rest.`,
  };
}

/**
 * The stream's chunks until it ends or turns out to be damaged gzip (kept in
 * `damaged`): what was read before the damage is kept. Errors of the reader's
 * own work are not caught here.
 */
async function* untilDamaged(stream: Readable, damaged: { error?: Error }): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if (!isDamagedGzip(error)) throw error;
    damaged.error = error as Error;
  }
}

const isDamagedGzip = (error: unknown) =>
  (error as { code?: string }).code === "Z_BUF_ERROR" ||
  /unexpected end of file|incorrect header check|invalid/i.test((error as Error).message);
