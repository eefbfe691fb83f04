// Compiles a log-format template (a list of literal text and fields) into a
// line parser. nginx log_format, Apache LogFormat and Envoy format strings
// are all read into this shape, so there is one matcher for all of them.
import type { Setter } from "./fields";
import { emptyRecord, reject, type Parsed, type RejectReason } from "./record";

export type Segment = { literal: string } | { field: string; setter: Setter };

export type CompiledTemplate = {
  parse: (line: string) => Parsed;
  /** The fields the template logs, by their name in the source dialect. */
  fields: string[];
};

/**
 * One field of the template with the literal text before it. The literal is
 * matched where a run of spaces in the template matches a run of one or more
 * spaces in the line (servers pad some fields). The field runs up to the
 * first character of the literal that follows it; a quoted field (one
 * between double quotes) up to its closing quote, honouring backslash
 * escapes; a field at the end of the line takes the rest. One shape for every
 * step keeps the scan loop monomorphic.
 */
type Step = { before: string; stop: string | null; quoted: boolean; setter: Setter; failure: RejectReason };

const SPACE = 32;
const BACKSLASH = 92;

/**
 * A hand-written scanner rather than one regular expression: at a few hundred
 * thousand lines a second the capture array, the per-field dispatch and the
 * unescape pass showed up in profiles (bench/README.md). Adjacent fields with
 * no literal between them cannot be told apart and are rejected up front.
 */
export function compileTemplate(segments: Segment[]): CompiledTemplate {
  const merged = mergeLiterals(segments);
  const steps: Step[] = [];
  const fields: string[] = [];
  let before = "";
  for (let i = 0; i < merged.length; i++) {
    const seg = merged[i]!;
    if ("literal" in seg) {
      before = seg.literal;
      continue;
    }
    const next = merged[i + 1];
    if (next && "field" in next)
      throw new Error(`fields ${seg.field} and ${next.field} are adjacent with nothing between them`);
    const stop = next && "literal" in next ? next.literal[0]! : null;
    const quoted = stop === '"' && before.endsWith('"');
    steps.push({ before, stop, quoted, setter: seg.setter, failure: failureReason(seg.field) });
    fields.push(seg.field);
    before = "";
  }
  const after = before;
  return { fields, parse: (line) => scan(steps, after, line) };
}

function failureReason(field: string): RejectReason {
  if (/time/i.test(field)) return "bad_timestamp";
  if (/request|%r|method/i.test(field)) return "bad_request_line";
  return "format_mismatch";
}

const MISMATCH = reject("format_mismatch");

function scan(steps: Step[], after: string, line: string): Parsed {
  const record = emptyRecord();
  const length = line.length;
  // Most lines have no backslash at all, so no field needs unescaping.
  const anyBackslash = line.indexOf("\\") !== -1;
  let pos = 0;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s]!;
    if (step.before.length !== 0) {
      pos = matchLiteral(step.before, line, pos);
      if (pos < 0) return MISMATCH;
    }
    let end: number;
    if (step.quoted) {
      end = line.indexOf('"', pos);
      // A quote preceded by an odd number of backslashes is part of the value.
      while (anyBackslash && end !== -1 && escapedAt(line, end, pos)) end = line.indexOf('"', end + 1);
    } else {
      end = step.stop === null ? length : line.indexOf(step.stop, pos);
    }
    if (end < 0) return MISMATCH;
    const raw = line.slice(pos, end);
    if (!step.setter(record, anyBackslash && step.quoted ? unescapeQuoted(raw) : raw)) return reject(step.failure);
    pos = end;
  }
  if (after.length !== 0) {
    pos = matchLiteral(after, line, pos);
    if (pos < 0) return MISMATCH;
  }
  // Trailing whitespace is tolerated; anything else means the line is longer than the format.
  while (pos < length && isSpace(line.charCodeAt(pos))) pos++;
  return pos === length ? { ok: true, record } : MISMATCH;
}

function escapedAt(line: string, index: number, from: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= from && line.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

const isSpace = (c: number) => c === SPACE || c === 9 || c === 13;

/** The position after `text` matched at `pos` in `line`, or -1. */
function matchLiteral(text: string, line: string, pos: number): number {
  // Usually the line has exactly the template's text. A run of extra spaces
  // can then only follow its last character (any earlier space is followed by
  // a non-space in both).
  if (line.startsWith(text, pos)) {
    pos += text.length;
    if (text.charCodeAt(text.length - 1) === SPACE) while (line.charCodeAt(pos) === SPACE) pos++;
    return pos;
  }
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === SPACE) {
      if (line.charCodeAt(pos) !== SPACE) return -1;
      while (line.charCodeAt(pos) === SPACE) pos++;
      while (text.charCodeAt(i) === SPACE) i++;
      continue;
    }
    if (line.charCodeAt(pos) !== c) return -1;
    pos++;
    i++;
  }
  return pos;
}

function mergeLiterals(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    const last = out[out.length - 1];
    if ("literal" in seg) {
      if (!seg.literal) continue;
      if (last && "literal" in last) last.literal += seg.literal;
      else out.push({ literal: seg.literal });
    } else out.push(seg);
  }
  return out;
}

/** Undoes the escaping servers apply inside quoted fields: \" \\ and \xHH. */
function unescapeQuoted(value: string): string {
  if (!value.includes("\\")) return value;
  return value.replace(/\\x([0-9a-fA-F]{2})|\\(["\\])/g, (_, hex: string | undefined, ch: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : ch!,
  );
}
