// Compiles a log-format template (a list of literal text and fields) into a
// line parser. nginx log_format, Apache LogFormat and Envoy format strings
// are all read into this shape, so there is one matcher for all of them.
import type { Setter } from "./fields";
import { reject, type Parsed, type RawRecord } from "./record";

export type Segment = { literal: string } | { field: string; setter: Setter };

export type CompiledTemplate = {
  parse: (line: string) => Parsed;
  /** The fields the template logs, by their name in the source dialect. */
  fields: string[];
  /** The anchored regular expression, for debugging and tests. */
  pattern: RegExp;
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Each field matches up to the first character of the literal that follows
 * it (a quoted field up to its closing quote, honouring backslash escapes);
 * a field at the end of the line takes the rest. Adjacent fields with no
 * literal between them cannot be told apart and are rejected up front.
 */
export function compileTemplate(segments: Segment[]): CompiledTemplate {
  const merged = mergeLiterals(segments);
  let source = "^";
  const setters: Setter[] = [];
  const fields: string[] = [];
  for (let i = 0; i < merged.length; i++) {
    const seg = merged[i]!;
    if ("literal" in seg) {
      // Runs of spaces in a template match runs of spaces in the line.
      source += escapeRegex(seg.literal).replace(/ +/g, " +");
      continue;
    }
    const next = merged[i + 1];
    if (next && "field" in next) throw new Error(`fields ${seg.field} and ${next.field} are adjacent with nothing between them`);
    const stop = next && "literal" in next ? next.literal[0]! : null;
    const prev = merged[i - 1];
    const quoted = stop === '"' && prev && "literal" in prev && prev.literal.endsWith('"');
    // Quoted fields use the "unrolled loop" form, which V8 matches without backtracking per character.
    source += stop === null ? "(.*)" : quoted ? '([^"\\\\]*(?:\\\\.[^"\\\\]*)*)' : `([^${escapeRegex(stop)}]*)`;
    setters.push(seg.setter);
    fields.push(seg.field);
  }
  const pattern = new RegExp(source + "\\s*$");
  return {
    pattern,
    fields,
    parse(line) {
      const m = pattern.exec(line);
      if (!m) return reject("format_mismatch");
      const record: RawRecord = {};
      for (let i = 0; i < setters.length; i++) {
        if (!setters[i]!(record, unescape(m[i + 1]!))) {
          return reject(/time/i.test(fields[i]!) ? "bad_timestamp" : /request|%r|method/i.test(fields[i]!) ? "bad_request_line" : "format_mismatch");
        }
      }
      return { ok: true, record };
    },
  };
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
function unescape(value: string): string {
  if (!value.includes("\\")) return value;
  return value.replace(/\\x([0-9a-fA-F]{2})|\\(["\\])/g, (_, hex: string | undefined, ch: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : ch!,
  );
}
