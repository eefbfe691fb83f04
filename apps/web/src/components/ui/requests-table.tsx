"use client";
import { huntTerm } from "@lantern/engine/hunt/query";
import Link from "next/link";
import { useState } from "react";
import { collapseRequests } from "@/lib/collapse-requests";
import { huntHref } from "@/lib/hunt-suggest";
import { Button } from "./button";
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

type Shown = RequestRow & { id: string; alike: number; addresses: number; runKey: string; isFirst: boolean };

/**
 * Stored requests as evidence (an alert's, a finding's), each linked to its
 * own page. Requests alike in all but their ids are folded under the first,
 * with a count that opens them; the client's address is a hunt over the
 * window given (the alert's), or the hour around the request.
 */
export function RequestsTable({
  rows,
  empty,
  window,
}: {
  rows: RequestRow[];
  empty: string;
  window?: { from: Date | string; to: Date | string };
}) {
  const ws = useWorkspace();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const runs = collapseRequests(rows);
  const folded = runs.reduce((n, r) => n + (open.has(key(r.first)) ? 0 : r.rest.length), 0);
  const shown: Shown[] = runs.flatMap((r) => {
    const runKey = key(r.first);
    const addresses = new Set([r.first, ...r.rest].map((e) => e.clientIp)).size;
    const first = { ...r.first, id: runKey, alike: r.rest.length, addresses, runKey, isFirst: true };
    if (!open.has(runKey)) return [first];
    return [first, ...r.rest.map((e) => ({ ...e, id: key(e), alike: 0, addresses: 1, runKey, isFirst: false }))];
  });
  const toggle = (runKey: string) => {
    const next = new Set(open);
    if (next.has(runKey)) next.delete(runKey);
    else next.add(runKey);
    setOpen(next);
  };
  const addressHref = (e: RequestRow, ip: string) => {
    const at = new Date(e.ts).getTime();
    return ws.href(
      huntHref(huntTerm("ip", ip), window?.from ?? new Date(at - 3_600_000), window?.to ?? new Date(at + 3_600_000)),
    );
  };
  return (
    <>
      {folded > 0 && (
        <p className="muted">
          {rows.length.toLocaleString("en")} requests, shown as {runs.length.toLocaleString("en")} kinds: requests alike
          but for their ids are folded.{" "}
          <Button small onClick={() => setOpen(new Set(runs.map((r) => key(r.first))))}>
            Show all {rows.length.toLocaleString("en")}
          </Button>
        </p>
      )}
      <Table
        rows={shown}
        empty={empty}
        rowClass={(e) => (e.isFirst ? undefined : "group-member")}
        columns={[
          { header: "Time", cell: (e) => <span className="nowrap">{formatDateTime(e.ts)}</span> },
          {
            header: "Request",
            cell: (e) => (
              <>
                <Link
                  className="mono"
                  href={ws.href(requestHref(e))}
                  title={`Every field of this request (line ${e.line} of its upload)`}
                >
                  {e.method} {e.host ?? ""}
                  {e.target}
                </Link>
                {e.alike > 0 && (
                  <>
                    {" "}
                    <Button small aria-expanded={open.has(e.runKey)} onClick={() => toggle(e.runKey)}>
                      {open.has(e.runKey)
                        ? "fold"
                        : `+${e.alike.toLocaleString("en")} alike${e.addresses > 1 ? ` from ${e.addresses.toLocaleString("en")} addresses` : ""}`}
                    </Button>
                  </>
                )}
              </>
            ),
          },
          { header: "Status", cell: (e) => e.status ?? "—" },
          {
            header: "Client",
            cell: (e) =>
              e.clientIp ? (
                <Link className="mono" href={addressHref(e, e.clientIp)} title="Hunt this address's requests">
                  {e.clientIp}
                </Link>
              ) : (
                "—"
              ),
          },
          { header: "Bytes", cell: (e) => (e.responseBytes === null ? "—" : e.responseBytes.toLocaleString("en")) },
          { header: "User agent", cell: (e) => <span className="muted">{e.userAgent ?? ""}</span> },
        ]}
      />
    </>
  );
}

const key = (r: { uploadId: string; line: number }) => `${r.uploadId}:${r.line}`;
