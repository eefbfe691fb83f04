// How much one upload may expand to. A few kilobytes of gzip can hold tens
// of millions of empty or identical lines (gzip reaches ~1,000:1); real
// access logs compress 5–30:1. Past a limit the upload stops reading,
// keeps and analyses what it read, and says where and why it stopped.
import { formatBytes } from "../format-bytes";

export type ReadLimits = {
  /** Lines one upload may hold (LANTERN_MAX_UPLOAD_LINES). */
  maxLines: number;
  /** Decompressed bytes one upload may hold (LANTERN_MAX_EXPANDED_BYTES). */
  maxExpandedBytes: number;
  /** Decompressed bytes per compressed byte a .gz may expand to (LANTERN_MAX_EXPANSION_RATIO). */
  maxExpansionRatio: number;
};

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLines: 100_000_000,
  maxExpandedBytes: 100 * 1024 ** 3,
  maxExpansionRatio: 200,
};

/** The decompressed bytes a file of `sizeBytes` may give, and which limit sets that. */
export function expandedByteLimit(
  limits: ReadLimits,
  sizeBytes: number,
  gzip: boolean,
): { bytes: number; ratio: boolean } {
  const byRatio = gzip ? sizeBytes * limits.maxExpansionRatio : Infinity;
  return byRatio < limits.maxExpandedBytes
    ? { bytes: byRatio, ratio: true }
    : { bytes: limits.maxExpandedBytes, ratio: false };
}

/** What the uploader is told when a limit stopped the read. */
export function stoppedNotice(limit: "lines" | "bytes" | "ratio", limits: ReadLimits, linesKept: number): string {
  const kept = `The first ${linesKept.toLocaleString("en")} lines were read and analysed; the rest was not read.`;
  if (limit === "lines")
    return `Stopped at ${limits.maxLines.toLocaleString("en")} lines, the most one upload may hold. ${kept} Split the file to send the rest.`;
  if (limit === "bytes")
    return `Stopped at ${formatBytes(limits.maxExpandedBytes)} of decompressed content, the most one upload may hold. ${kept} Split the file to send the rest.`;
  return (
    `Stopped: the compressed file expanded to more than ${limits.maxExpansionRatio} times its size, which access logs never do ` +
    `(it looks like a decompression bomb, or a log of empty or identical lines). ${kept}`
  );
}
