import type { ReactNode } from "react";

/** A column: `header` names it (and keys it); `head`, when given, is drawn instead (a select-all box). */
export type Column<T> = { header: string; head?: ReactNode; cell: (row: T) => ReactNode; width?: string };

/** The one table: columns described once, rows keyed by id. */
export function Table<T extends { id: string }>({
  columns,
  rows,
  empty,
  rowClass,
}: {
  columns: Column<T>[];
  rows: T[];
  empty?: ReactNode;
  /** A class per row: severity, the keyboard cursor. */
  rowClass?: (row: T) => string | undefined;
}) {
  if (rows.length === 0 && empty) return <p className="muted">{empty}</p>;
  return (
    // Wide tables scroll sideways inside their card rather than widening the page (a phone's 390 px).
    <div className="table-scroll">
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
    </div>
  );
}
