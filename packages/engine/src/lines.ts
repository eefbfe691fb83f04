// Splits a byte stream into lines, chunk by chunk, without holding more than
// one line in memory. A line longer than the limit is dropped (and counted)
// rather than buffered. Bytes that are not UTF-8 are written as \xNN, the
// way Apache logs them: they are usually an attack's payload (a 2004
// honeypot's WebDAV overflow probes are raw binary), and the request that
// carried them must not disappear from the log.
import type { RejectReason } from "./formats/record";

export type Line = { text: string } | { rejected: Extract<RejectReason, "line_too_long">; sample: string };

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
      return { text: escapeInvalidUtf8(body) };
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

const hex = (byte: number) => `\\x${byte.toString(16).padStart(2, "0")}`;

/** The length of the well-formed UTF-8 sequence starting at `i` (RFC 3629), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
    const ok = cont(1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && cont(2);
    return ok ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok = cont(1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3);
    return ok ? 4 : 0;
  }
  return 0;
}

/** A line that is not UTF-8, with its valid characters kept and every other byte written as \xNN. */
export function escapeInvalidUtf8(bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8");
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n === 0) {
      out += hex(bytes[i]!);
      i++;
    } else {
      out += n === 1 ? String.fromCharCode(bytes[i]!) : decoder.decode(bytes.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}
