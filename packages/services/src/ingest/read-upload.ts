// Ingestion's read: the spooled file, line by line (plain or gzip, within
// the read limits) or as a HAR capture's entries, each line parsed and
// handed to the judge; lines an earlier run committed are skipped (headers
// still configure the parser, and the readiness sample is rebuilt).
import { readFile } from "node:fs/promises";
import { parseHar } from "@lantern/engine/formats/har";
import { createParser, type FormatSpec } from "@lantern/engine/formats/registry";
import { createLineSplitter, type Line } from "@lantern/engine/lines";
import type { BatchWriter } from "./batch-writer";
import type { LineJudge } from "./line-judge";
import { isGzip, openUpload } from "./read-file";
import { expandedByteLimit, type ReadLimits, stoppedNotice } from "./read-limits";
import type { Progress } from "./upload-progress";

/** `failed`: the upload cannot go on, with why; `notice`: it stopped short of the file's end (a read limit). */
export type ReadOutcome = { failed?: string; notice?: string };

export type ReadInput = {
  upload: { storagePath: string; sizeBytes: number };
  spec: FormatSpec;
  judge: LineJudge;
  writer: BatchWriter;
  progress: Progress;
  limits: ReadLimits;
  /** Lines an earlier run already committed: read again, not written again. */
  resumeAfter: number;
};

const MAX_HAR_BYTES = 256 * 1024 * 1024;
const YIELD_EVERY_LINES = 1_000;

export function readUpload(input: ReadInput): Promise<ReadOutcome> {
  return input.spec.id === "har" ? readHar(input) : readLines(input);
}

async function readHar({ upload, judge, writer, progress, resumeAfter }: ReadInput): Promise<ReadOutcome> {
  if (upload.sizeBytes > MAX_HAR_BYTES)
    return { failed: "HAR files over 256 MB are not supported; split the capture." };
  const har = parseHar(await readFile(upload.storagePath, "utf8"));
  if ("error" in har) return { failed: har.error };
  const rejected = new Map(har.rejected.map((r) => [r.index, r.reason]));
  const total = har.records.length + har.rejected.length;
  let recordIndex = 0;
  for (let index = 0; index < total; index++) {
    const lineNo = index + 1;
    const reason = rejected.get(index);
    const record = reason ? undefined : har.records[recordIndex++];
    if (lineNo <= resumeAfter) continue;
    writer.countLine();
    if (reason) judge.reject(reason, lineNo, `HAR entry ${lineNo}`);
    else judge.accept(record!, lineNo, `HAR entry ${lineNo}`);
    if (writer.full) await writer.commit();
  }
  progress.bytesRead = upload.sizeBytes;
  return {};
}

async function readLines({ upload, spec, judge, writer, progress, limits, resumeAfter }: ReadInput) {
  let parser: ReturnType<typeof createParser>;
  try {
    parser = createParser(spec);
  } catch (error) {
    return { failed: `The format chosen for this upload cannot be used: ${(error as Error).message}` };
  }
  const splitter = createLineSplitter();
  let lineNo = 0;
  let fileBytes = 0;
  const gzip = await isGzip(upload.storagePath);
  const byteLimit = expandedByteLimit(limits, upload.sizeBytes, gzip);
  let expandedBytes = 0;
  let notice: string | undefined;
  const stream = await openUpload(upload.storagePath, (n) => (fileBytes += n), gzip);
  const handle = (line: Line) => {
    lineNo++;
    if (lineNo <= resumeAfter) {
      // Already committed by an earlier run. Headers still configure the
      // parser, and the readiness report still needs its sample.
      if (!("text" in line)) return;
      if (line.text.startsWith("#") || judge.wantsSample) {
        const parsed = parser.parseLine(line.text);
        if (parsed.ok === true) judge.resample(parsed.record, line.text);
      }
      return;
    }
    writer.countLine();
    if (!("text" in line)) return judge.reject(line.rejected, lineNo, line.sample);
    const parsed = parser.parseLine(line.text);
    if (parsed.ok === "skip") return;
    if (parsed.ok === false) return judge.reject(parsed.reason, lineNo, line.text);
    judge.accept(parsed.record, lineNo, line.text, line.text);
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
        if (writer.full) {
          progress.bytesRead = Math.max(progress.bytesRead, fileBytes);
          await writer.commit();
        }
      }
      if (notice) break;
    }
    if (notice) fileBytes = upload.sizeBytes;
    else for (const line of splitter.end()) handle(line);
  } catch (error) {
    if (!isDamagedGzip(error)) throw error;
    progress.bytesRead = fileBytes;
    await writer.commit();
    await writer.settle();
    return {
      failed:
        `The compressed file is damaged or cut short (${(error as Error).message}). ` +
        `The first ${progress.linesRead.toLocaleString("en")} lines were read and their events kept; upload the complete file to add the rest.`,
    };
  }
  progress.bytesRead = fileBytes;
  return { notice };
}

const isDamagedGzip = (error: unknown) =>
  (error as { code?: string }).code === "Z_BUF_ERROR" ||
  /unexpected end of file|incorrect header check|invalid/i.test((error as Error).message);
