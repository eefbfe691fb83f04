// The hunt query language: Lucene/KQL as analysts write it
// (`actor:"user 20133" AND status:>=400 AND path:/v1/users/*`), parsed by
// liqe into a small tree of our own that the SQL compiler reads
// (services/hunt/compile.ts). An optional pipe aggregates the matches:
// `| stats count() by path, status`.
//
// liqe reads an unquoted value starting with "/" as a regular expression
// and cannot read one holding ":", "/" or several dots at all, yet paths,
// addresses, ranges and host names are what people hunt for. Before
// parsing, every bare value that is not a number or a plain word is put in
// quotes (and remembered, so its wildcards still work); regular expressions
// are not part of the language. Errors say where, in the text
// the analyst typed.
import { parse } from "liqe";
import type { LiqeQuery, ParserAst } from "liqe";

export type HuntOp = "=" | ">" | ">=" | "<" | "<=";

export type HuntTerm = {
  kind: "term";
  /** The field as written, lower-cased; null for free text. */
  field: string | null;
  op: HuntOp | "range";
  /** The value as written (unquoted); "" for a range. */
  value: string;
  range?: { min: number; max: number; minInclusive: boolean; maxInclusive: boolean };
  /** `*` and `?` in the value are wildcards (the analyst did not quote it). */
  wildcard: boolean;
  /** Where the term starts in the query, for errors found when compiling. */
  at: number;
};
export type HuntNode =
  | HuntTerm
  | { kind: "and" | "or"; left: HuntNode; right: HuntNode }
  | { kind: "not"; node: HuntNode };

export type HuntPipe = { stats: { by: string[]; at: number } };
export type ParsedHunt = { where: HuntNode | null; pipe: HuntPipe | null };

export class HuntQueryError extends Error {
  constructor(
    message: string,
    /** 0-based position in the query the analyst typed. */
    readonly position: number,
  ) {
    super(message);
    this.name = "HuntQueryError";
  }
}

/** Longest query accepted: a hunt is typed, not generated. */
export const MAX_QUERY_LENGTH = 2_000;

export function parseHunt(text: string): ParsedHunt {
  if (text.length > MAX_QUERY_LENGTH)
    throw new HuntQueryError(`A query is at most ${MAX_QUERY_LENGTH} characters.`, MAX_QUERY_LENGTH);
  // No stored text holds a NUL (Postgres refuses it): such a query can match nothing and is refused.
  const nul = text.indexOf("\0");
  if (nul !== -1) throw new HuntQueryError("The query holds a NUL character.", nul);
  const bar = pipeStart(text);
  const filter = bar === -1 ? text : text.slice(0, bar);
  const pipe = bar === -1 ? null : parsePipe(text.slice(bar + 1), bar + 1);
  return { where: parseFilter(filter), pipe };
}

/** The first "|" outside quotes, or -1. */
export function pipeStart(text: string): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "|") return i;
  }
  return -1;
}

const STATS = /^(\s*)stats\s+count\(\s*\)(?:\s+by\s+([a-z_][\w.]*(?:\s*,\s*[a-z_][\w.]*)*))?\s*$/i;

function parsePipe(text: string, offset: number): HuntPipe {
  const m = STATS.exec(text);
  if (!m)
    throw new HuntQueryError('After "|" Lantern understands `stats count()` or `stats count() by field, …`.', offset);
  const by = m[2] ? m[2].split(",").map((f) => f.trim().toLowerCase()) : [];
  if (by.length > 3) throw new HuntQueryError("Group by at most three fields.", offset);
  return { stats: { by, at: offset + m[1]!.length } };
}

function parseFilter(text: string): HuntNode | null {
  if (!text.trim()) return null;
  const quoted = protectValues(text);
  let ast: ParserAst;
  try {
    ast = parse(quoted.text);
  } catch (error) {
    throw syntaxError(error, quoted, text);
  }
  return toNode(ast as LiqeQuery, quoted, text);
}

type Quoted = {
  text: string;
  /** Offsets (in `text`) of the opening quotes Lantern added. */
  added: Set<number>;
  /** Offsets (in `text`) of every character Lantern inserted, ascending. */
  inserted: number[];
};

const FIELD = /^[A-Za-z_][\w.]*:(?:>=|<=|>|<|=)?/;
/** What liqe reads as written: a number, or a word (with wildcards). Anything else is quoted first. */
const PLAIN = /^(?:-?\d+(?:\.\d+)?|[\w*?-]+)$/;
const TERMINATORS = new Set([" ", "\t", "\n", "\r", "(", ")"]);

/** Quotes bare values liqe cannot read as written (paths, ranges, IPv6), remembering which. */
function protectValues(text: string): Quoted {
  let out = "";
  const added = new Set<number>();
  const inserted: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = closingQuote(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    // A leading "-" is NOT: it stays outside the quotes.
    if (TERMINATORS.has(c) || c === "[" || c === "{" || (c === "-" && (i === 0 || TERMINATORS.has(text[i - 1]!)))) {
      const end = c === "[" || c === "{" ? closingBracket(text, i) : i + 1;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const field = FIELD.exec(text.slice(i))?.[0] ?? "";
    out += field;
    i += field.length;
    if (field && (text[i] === '"' || text[i] === "'" || text[i] === "[" || text[i] === "{" || text[i] === "("))
      continue;
    let end = i;
    while (end < text.length && !TERMINATORS.has(text[end]!) && text[end] !== '"' && text[end] !== "'") end++;
    const value = text.slice(i, end);
    if (value && !PLAIN.test(value)) {
      added.add(out.length);
      inserted.push(out.length);
      out += '"';
      for (const ch of value) {
        if (ch === "\\" || ch === '"') {
          inserted.push(out.length);
          out += "\\";
        }
        out += ch;
      }
      inserted.push(out.length);
      out += '"';
    } else out += value;
    i = end;
  }
  return { text: out, added, inserted };
}

function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === text[start]) return i + 1;
  }
  return text.length;
}

function closingBracket(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) if (text[i] === "]" || text[i] === "}") return i + 1;
  return text.length;
}

/** The unquoted value starting at `start`, up to the next space or parenthesis. */
function bareWord(text: string, start: number): string {
  let end = start;
  while (end < text.length && !TERMINATORS.has(text[end]!)) end++;
  return text.slice(start, end);
}

/** A position in the quoted text, as a position in what the analyst typed. */
function original(q: Quoted, at: number): number {
  let shift = 0;
  for (const p of q.inserted) if (p < at) shift++;
  return Math.max(0, at - shift);
}

function syntaxError(error: unknown, q: Quoted, typed: string): HuntQueryError {
  const offset = (error as { offset?: number }).offset;
  if (typeof offset === "number") {
    // The parser stops after the token it could not take: point at that token's start.
    let at = Math.max(0, original(q, offset) - 1);
    while (at > 0 && !/\s/.test(typed[at - 1]!)) at--;
    const near = typed.slice(at, at + 12);
    return new HuntQueryError(`The query cannot be read at position ${at + 1}${near ? ` ("${near}")` : ""}.`, at);
  }
  return new HuntQueryError(
    "The query ends too early: a value, a closing parenthesis or a closing quote is missing.",
    typed.length,
  );
}

const OPS: Record<string, HuntOp> = { ":": "=", ":=": "=", ":>": ">", ":>=": ">=", ":<": "<", ":<=": "<=" };

function toNode(ast: LiqeQuery, q: Quoted, typed: string): HuntNode {
  switch (ast.type) {
    case "LogicalExpression":
      return withPrecedence(ast, q, typed);
    case "ParenthesizedExpression":
      return toNode(ast.expression as LiqeQuery, q, typed);
    case "UnaryOperator":
      return { kind: "not", node: toNode(ast.operand as LiqeQuery, q, typed) };
    case "Tag":
      return toTerm(ast, q);
    default:
      throw new HuntQueryError("Write something to search for on either side of AND, OR and NOT.", typed.length);
  }
}

/**
 * liqe reads AND and OR left to right with equal weight (`a OR b AND c` as
 * `(a OR b) AND c`); analysts expect KQL's and SQL's reading, AND before OR:
 * `a OR (b AND c)`. The chain outside parentheses is regrouped that way.
 */
function withPrecedence(ast: LiqeQuery, q: Quoted, typed: string): HuntNode {
  const operands: LiqeQuery[] = [];
  const ops: ("and" | "or")[] = [];
  const flatten = (node: LiqeQuery) => {
    if (node.type !== "LogicalExpression") return void operands.push(node);
    flatten(node.left as LiqeQuery);
    ops.push(node.operator.operator === "OR" ? "or" : "and");
    flatten(node.right as LiqeQuery);
  };
  flatten(ast);
  const groups: HuntNode[][] = [[toNode(operands[0]!, q, typed)]];
  ops.forEach((op, i) => {
    const next = toNode(operands[i + 1]!, q, typed);
    if (op === "or") groups.push([next]);
    else groups.at(-1)!.push(next);
  });
  const join = (kind: "and" | "or", nodes: HuntNode[]) =>
    nodes.reduce((left, right) => ({ kind, left, right }) as HuntNode);
  return join(
    "or",
    groups.map((g) => join("and", g)),
  );
}

function toTerm(tag: Extract<LiqeQuery, { type: "Tag" }>, q: Quoted): HuntTerm {
  const field = tag.field.type === "Field" ? tag.field.name.toLowerCase() : null;
  const at = original(q, tag.location.start);
  // Free text has no operator.
  const written = tag.operator?.operator ?? ":";
  const op = OPS[written] ?? "=";
  const e = tag.expression;
  if (e.type === "EmptyExpression")
    throw new HuntQueryError(`${field ?? "The term"}${written} needs a value after it.`, at);
  if (e.type === "RangeExpression")
    return { kind: "term", field, op: "range", value: "", range: e.range, wildcard: false, at };
  if (e.type === "RegexExpression")
    throw new HuntQueryError("Regular expressions are not supported: use * and ? wildcards.", at);
  const autoQuoted = e.quoted && q.added.has(e.location.start);
  // Unquoted values keep the text as typed (liqe turns 0200 into 200 and true into a boolean).
  const value = e.quoted ? e.value : bareWord(q.text, e.location.start);
  return { kind: "term", field, op, value, wildcard: !e.quoted || autoQuoted, at };
}

/** A field and value as a query term, quoted (and escaped) unless it is a plain word: what pivots add to a query. */
export function huntTerm(field: string, value: string): string {
  return /^[\w.-]+$/.test(value) ? `${field}:${value}` : `${field}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
