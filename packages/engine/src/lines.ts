// Splits a byte stream into lines, chunk by chunk, without holding more than
// one line in memory. A line longer than the limit is dropped (and counted)
// rather than buffered; bytes that are not UTF-8 reject only their line.
import type { RejectReason } from "./formats/record";

export type Line = { text: string } | { rejected: Extract<RejectReason, "line_too_long" | "invalid_utf8">; sample: string };

export const MAX_LINE_BYTES = 64 * 1024;

export type LineSplitter = {
  /** The complete lines in `chunk` (plus what earlier chunks left over). */
  push(chunk: Uint8Array): Line[];
  /** The last line, if the stream did not end with a newline. */
  end(): Line[];
};

const NEWLINE = 0x0a;

export function createLineSplitter(maxLineBytes = MAX_LINE_BYTES): LineSplitter {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lenient = new TextDecoder("utf-8");
  let parts: Uint8Array[] = [];
  let partsBytes = 0;
  let overlong = false;
  let overlongHead: Uint8Array | null = null;

  function finish(bytes: Uint8Array): Line {
    // Strip a Windows line ending.
    const body = bytes.length && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
    try {
      return { text: decoder.decode(body) };
    } catch {
      return { rejected: "invalid_utf8", sample: lenient.decode(body.subarray(0, 200)) };
    }
  }

  function take(segment: Uint8Array, complete: boolean, out: Line[]) {
    if (overlong) {
      if (complete) {
        out.push({ rejected: "line_too_long", sample: `${lenient.decode(overlongHead!.subarray(0, 200))}…` });
        overlong = false;
        overlongHead = null;
      }
      return;
    }
    if (partsBytes + segment.length > maxLineBytes) {
      overlong = true;
      overlongHead = parts.length ? concat(parts, partsBytes) : segment.slice(0, 200);
      parts = [];
      partsBytes = 0;
      if (complete) take(new Uint8Array(0), true, out);
      return;
    }
    if (!complete) {
      // Copy: the caller may reuse the chunk's memory.
      parts.push(segment.slice());
      partsBytes += segment.length;
      return;
    }
    const line = parts.length ? concat([...parts, segment], partsBytes + segment.length) : segment;
    parts = [];
    partsBytes = 0;
    out.push(finish(line));
  }

  return {
    push(chunk) {
      const out: Line[] = [];
      let start = 0;
      for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
        take(chunk.subarray(start, i), true, out);
        start = i + 1;
      }
      if (start < chunk.length) take(chunk.subarray(start), false, out);
      return out;
    },
    end() {
      const out: Line[] = [];
      if (overlong || partsBytes > 0) take(new Uint8Array(0), true, out);
      return out.filter((l) => !("text" in l) || l.text.length > 0);
    },
  };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
