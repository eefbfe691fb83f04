"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { detectorLabel, STATUS_LABEL, severityTone, VERDICT_LABEL } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { type Column, Table } from "@/components/ui/table";

export type QueueRow = {
  id: string;
  title: string;
  severity: string;
  risk: number;
  verdict: string;
  status: string;
  detector: string;
  occurrences: number;
  lastSeen: Date;
  actor: { id: string; label: string } | null;
  assignee: { name: string | null; email: string } | null;
};

/** The selection: one box per row and one for the whole page. */
export type Selection = {
  has: (id: string) => boolean;
  toggle: (id: string) => void;
  setAll: (ids: string[], on: boolean) => void;
};

export const sevClass = (severity: string) =>
  severity === "CRITICAL" ? "sev-critical" : severity === "HIGH" ? "sev-high" : undefined;

/** A page of the queue: the worst marked at their edge, the keyboard's row outlined. */
export function QueueTable({
  rows,
  selection,
  cursor,
  empty,
}: {
  rows: QueueRow[];
  selection: Selection;
  cursor: string | null;
  empty: ReactNode;
}) {
  const ws = useWorkspace();
  const all = rows.length > 0 && rows.every((r) => selection.has(r.id));
  const select: Column<QueueRow>[] = ws.can("alerts.triage")
    ? [
        {
          header: "Select",
          head: (
            <input
              type="checkbox"
              aria-label="Select every alert on this page"
              checked={all}
              onChange={() =>
                selection.setAll(
                  rows.map((r) => r.id),
                  !all,
                )
              }
            />
          ),
          width: "28px",
          cell: (a) => (
            <input
              type="checkbox"
              aria-label={`Select ${a.title}`}
              checked={selection.has(a.id)}
              onChange={() => selection.toggle(a.id)}
            />
          ),
        },
      ]
    : [];
  return (
    <Table
      rows={rows}
      empty={empty}
      rowClass={(a) => [sevClass(a.severity), a.id === cursor && "row-cursor"].filter(Boolean).join(" ") || undefined}
      columns={[
        ...select,
        {
          header: "Severity",
          cell: (a) => <Badge tone={severityTone(a.severity)}>{a.severity.toLowerCase()}</Badge>,
        },
        { header: "Risk", cell: (a) => <span title="Severity weighted by confidence, 0 to 100">{a.risk}</span> },
        {
          header: "Alert",
          cell: (a) => (
            <>
              <Link href={ws.href(`/alerts/${a.id}`)}>
                <strong>{a.title}</strong>
              </Link>
              <div className="muted">
                {detectorLabel(a.detector)}
                {a.actor ? ` · ${a.actor.label}` : ""}
                {a.occurrences > 1 ? ` · ${a.occurrences} times` : ""}
              </div>
            </>
          ),
        },
        { header: "Verdict", cell: (a) => VERDICT_LABEL[a.verdict] },
        { header: "Status", cell: (a) => STATUS_LABEL[a.status] },
        {
          header: "Assignee",
          cell: (a) => (a.assignee ? a.assignee.name || a.assignee.email : <span className="muted">—</span>),
        },
        { header: "Last seen", cell: (a) => <span className="nowrap">{formatDateTime(a.lastSeen)}</span> },
      ]}
    />
  );
}
