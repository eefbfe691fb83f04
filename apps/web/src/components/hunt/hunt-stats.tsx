"use client";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Table } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/trpc";

type Stats = RouterOutputs["hunt"]["stats"];

/** The `| stats count() by …` table: one row per combination, most first; a value pivots the hunt. */
export function HuntStats({ stats, onPivot }: { stats: Stats; onPivot: (term: string) => void }) {
  const ws = useWorkspace();
  const total = stats.rows.reduce((n, r) => n + r.n, 0);
  return (
    <div data-testid="hunt-stats">
      <Table
        rows={stats.rows.map((r, i) => ({ ...r, id: String(i) }))}
        empty="Nothing to count."
        columns={[
          ...stats.by.map((field, i) => ({
            header: field,
            cell: (r: Stats["rows"][number]) => {
              const v = r.values[i]!;
              return (
                <span className="row" style={{ gap: 6 }}>
                  <button
                    type="button"
                    className="link-button mono wrap-anywhere"
                    onClick={() => onPivot(v.query)}
                    title={`Add ${v.query}`}
                  >
                    {v.label}
                  </button>
                  {v.href && <Link href={ws.href(v.href)}>↗</Link>}
                </span>
              );
            },
          })),
          {
            header: "count",
            cell: (r: Stats["rows"][number]) => <span className="nowrap">{r.n.toLocaleString("en")}</span>,
          },
          {
            header: "share",
            cell: (r: Stats["rows"][number]) => (
              <span className="nowrap">{`${total ? ((r.n / total) * 100).toFixed(1) : "0"} %`}</span>
            ),
          },
        ]}
      />
    </div>
  );
}
