// Completion for the hunt box: field names while a word is typed, values
// (the facets' top values) after "field:". Pure, so it is tested alone.
import { pipeStart } from "@lantern/engine/hunt/query";

export type Suggestion = { label: string; hint: string; insert: string };

type FieldInfo = { name: string; about: string; aliases?: string[] };

/** The word being typed at the caret: from the last space or parenthesis before it. */
export function wordAt(text: string, caret: number): { start: number; word: string } {
  let start = caret;
  while (start > 0 && !/[\s()]/.test(text[start - 1]!)) start--;
  // A leading "-" (NOT) is not part of the field name.
  if (text[start] === "-") start++;
  return { start, word: text.slice(start, caret) };
}

/** Up to `max` completions of the word at the caret, with the text that replaces it. */
export function suggest(
  text: string,
  caret: number,
  fields: FieldInfo[],
  values: Record<string, { value: string; query: string }[]>,
  max = 8,
): Suggestion[] {
  const { word } = wordAt(text, caret);
  const colon = word.indexOf(":");
  if (colon === -1) {
    if (!word) return [];
    const lower = word.toLowerCase();
    return fields
      .filter((f) => [f.name, ...(f.aliases ?? [])].some((n) => n.startsWith(lower)) && f.name !== lower)
      .slice(0, max)
      .map((f) => ({ label: `${f.name}:`, hint: f.about, insert: `${f.name}:` }));
  }
  const field = word.slice(0, colon).toLowerCase();
  const typed = word
    .slice(colon + 1)
    .replace(/^"/, "")
    .toLowerCase();
  return (values[field] ?? [])
    .filter((v) => v.value?.toLowerCase().startsWith(typed) && v.query.startsWith(`${field}:`))
    .slice(0, max)
    .map((v) => ({ label: v.query, hint: "seen in these results", insert: v.query }));
}

/** The text with the word at the caret replaced by `insert`, and where the caret goes. */
export function applySuggestion(text: string, caret: number, insert: string): { text: string; caret: number } {
  const { start } = wordAt(text, caret);
  const next = `${text.slice(0, start)}${insert}${text.slice(caret)}`;
  return { text: next, caret: start + insert.length };
}

/** The query with one more term: ANDed on, or the term alone for an empty query. */
export function withTerm(query: string, term: string, negate = false): string {
  const bar = pipeStart(query);
  const base = (bar === -1 ? query : query.slice(0, bar)).trim();
  const added = negate ? `NOT ${term}` : term;
  const next = base ? `${/\bOR\b/.test(base) ? `(${base})` : base} AND ${added}` : added;
  return bar === -1 ? next : `${next} ${query.slice(bar).trim()}`;
}

/** The Hunt page for a query over a time range (a minute either side, so the edges' requests are in). */
export function huntHref(q: string, from: Date | string, to: Date | string): string {
  const minute = 60_000;
  const params = new URLSearchParams({
    q,
    from: new Date(new Date(from).getTime() - minute).toISOString(),
    to: new Date(new Date(to).getTime() + minute).toISOString(),
  });
  return `/hunt?${params}`;
}
