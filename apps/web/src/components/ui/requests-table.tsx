"use client";
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

/** Stored requests as evidence (an alert's, a finding's): one row each, with the upload and line they came from. */
export function RequestsTable({ rows, empty }: { rows: RequestRow[]; empty: string }) {
  return (
    <Table
      rows={rows.map((e) => ({ ...e, id: `${e.uploadId}:${e.line}` }))}
      empty={empty}
      columns={[
        { header: "Time", cell: (e) => formatDateTime(e.ts) },
        {
          header: "Request",
          cell: (e) => (
            <span className="mono">
              {e.method} {e.host ?? ""}
              {e.target}
            </span>
          ),
        },
        { header: "Status", cell: (e) => e.status ?? "—" },
        { header: "Client", cell: (e) => e.clientIp ?? "—" },
        { header: "Bytes", cell: (e) => (e.responseBytes === null ? "—" : e.responseBytes.toLocaleString("en")) },
        { header: "User agent", cell: (e) => <span className="muted">{e.userAgent ?? ""}</span> },
        {
          header: "Source line",
          cell: (e) => (
            <span className="muted mono" title="The upload and line number the request was read from">
              {e.uploadId}:{e.line}
            </span>
          ),
        },
      ]}
    />
  );
}
