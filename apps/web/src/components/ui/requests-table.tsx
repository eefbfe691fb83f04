"use client";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import { formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";

export type RequestRow = {
  uploadId: string;
  line: number;
  ts: Date | string;
  method: string;
  host: string | null;
  /** Path and query as shown: secrets were masked at ingestion, personal data where the page masks it. */
  target: string;
  status: number | null;
  clientIp: string | null;
  userAgent: string | null;
  responseBytes: number | null;
};

/** The page of one stored request. */
export const requestHref = (r: { uploadId: string; line: number }) =>
  `/requests/${encodeURIComponent(r.uploadId)}/${r.line}`;

/** Stored requests as evidence (an alert's, a finding's): one row each, linked to the request's own page. */
export function RequestsTable({ rows, empty }: { rows: RequestRow[]; empty: string }) {
  const ws = useWorkspace();
  return (
    <Table
      rows={rows.map((e) => ({ ...e, id: `${e.uploadId}:${e.line}` }))}
      empty={empty}
      columns={[
        { header: "Time", cell: (e) => <span className="nowrap">{formatDateTime(e.ts)}</span> },
        {
          header: "Request",
          cell: (e) => (
            <Link
              className="mono"
              href={ws.href(requestHref(e))}
              title={`Every field of this request (line ${e.line} of its upload)`}
            >
              {e.method} {e.host ?? ""}
              {e.target}
            </Link>
          ),
        },
        { header: "Status", cell: (e) => e.status ?? "—" },
        { header: "Client", cell: (e) => e.clientIp ?? "—" },
        { header: "Bytes", cell: (e) => (e.responseBytes === null ? "—" : e.responseBytes.toLocaleString("en")) },
        { header: "User agent", cell: (e) => <span className="muted">{e.userAgent ?? ""}</span> },
      ]}
    />
  );
}
