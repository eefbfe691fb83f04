import type { ReactNode } from "react";

/** A column: `header` names it (and keys it); `head`, when given, is drawn instead (a select-all box). */
export type Column<T> = { header: string; head?: ReactNode; cell: (row: T) => ReactNode; width?: string };

/** The one table: columns described once, rows keyed by id. */
export function Table<T extends { id: string }>({
  columns,
  rows,
  empty,
  rowClass,
  label = "Table",
}: {
  columns: Column<T>[];
  rows: T[];
  empty?: ReactNode;
  /** A class per row: severity, the keyboard cursor. */
  rowClass?: (row: T) => string | undefined;
  /** What the table holds, for screen readers (its scrolling box is a named region). */
  label?: string;
}) {
  if (rows.length === 0 && empty) return <p className="muted">{empty}</p>;
  return (
    // Wide tables scroll sideways inside their card rather than widening the page (a phone's 390 px);
    // the scrolling box takes focus so the keyboard can scroll it too (WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} style={c.width ? { width: c.width } : undefined}>
                {c.head ?? c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-row-id={row.id} className={rowClass?.(row)}>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
