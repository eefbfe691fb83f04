// The address parameters a list page keeps in a person's saved view (its
// filters, sort and grouping; never the page number or a pivot's id). Shared
// by the service that stores views and the pages that save and compare them,
// so the two keep the same names; no imports, so a page can load it.
export const VIEW_PARAMS = {
  alerts: ["status", "verdict", "severity", "minSeverity", "detector", "assignee", "when", "sort", "group"],
} as const;
export type ViewPage = keyof typeof VIEW_PARAMS;

/** The part of a query a view keeps: its page's parameters, each once, in a stable order, short values only. */
export function viewQuery(page: ViewPage, query: string | URLSearchParams): string {
  const given = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const name of VIEW_PARAMS[page]) {
    const value = given.get(name);
    if (value && value.length <= 200) kept.set(name, value);
  }
  return kept.toString();
}
