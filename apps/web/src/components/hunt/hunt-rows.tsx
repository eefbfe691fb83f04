"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { formatDateTime } from "@/components/ui/format";
import { requestHref } from "@/components/ui/requests-table";
import { type Column, Table } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/trpc";

type Row = RouterOutputs["hunt"]["rows"][number];

export const HUNT_COLUMNS = ["time", "request", "status", "ip", "country", "actor", "ua", "bytes", "latency"] as const;
export type HuntColumn = (typeof HUNT_COLUMNS)[number];
export const DEFAULT_COLUMNS: HuntColumn[] = ["time", "request", "status", "ip", "actor", "ua"];
const HEADERS: Record<HuntColumn, string> = {
  time: "Time",
  request: "Request",
  status: "Status",
  ip: "Address",
  country: "Country",
  actor: "Actor",
  ua: "User agent",
  bytes: "Bytes",
  latency: "ms",
};

/** The newest matching requests, in the columns chosen; each opens its own page. */
export function HuntRows({ rows, columns }: { rows: Row[]; columns: HuntColumn[] }) {
  const ws = useWorkspace();
  const cells: Record<HuntColumn, (r: Row) => ReactNode> = {
    time: (r) => <span className="nowrap">{formatDateTime(r.ts)}</span>,
    request: (r) => (
      <Link className="mono wrap-anywhere" href={ws.href(requestHref(r))} title="Every field of this request">
        {r.method} {r.host ?? ""}
        {r.path}
      </Link>
    ),
    status: (r) => r.status ?? "—",
    ip: (r) => <span className="mono">{r.ip ?? "—"}</span>,
    country: (r) => r.country ?? "—",
    actor: (r) => (r.actor ? <Link href={ws.href(`/actors/${r.actor.id}`)}>{r.actor.label}</Link> : "—"),
    ua: (r) => (
      <span className="muted cut" title={r.userAgent ?? ""}>
        {r.userAgent ?? ""}
      </span>
    ),
    bytes: (r) => (r.responseBytes === null ? "—" : r.responseBytes.toLocaleString("en")),
    latency: (r) => (r.latencyMs === null ? "—" : Math.round(r.latencyMs).toLocaleString("en")),
  };
  const shown: Column<Row & { id: string }>[] = columns.map((c) => ({ header: HEADERS[c], cell: cells[c] }));
  return (
    <div data-testid="hunt-rows" style={{ overflowX: "auto" }}>
      <Table
        rows={rows.map((r) => ({ ...r, id: `${r.uploadId}:${r.line}` }))}
        columns={shown}
        empty="No request matches."
      />
    </div>
  );
}

/** Which columns the table shows (kept in the URL with the hunt). */
export function ColumnPicker({ columns, onChange }: { columns: HuntColumn[]; onChange: (c: HuntColumn[]) => void }) {
  return (
    <details>
      <summary className="muted">Columns</summary>
      <div className="checks" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(120px, 1fr))" }}>
        {HUNT_COLUMNS.map((c) => (
          <label key={c} className="checkbox">
            <input
              type="checkbox"
              checked={columns.includes(c)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? HUNT_COLUMNS.filter((x) => x === c || columns.includes(x))
                    : columns.filter((x) => x !== c),
                )
              }
            />
            {HEADERS[c]}
          </label>
        ))}
      </div>
    </details>
  );
}
