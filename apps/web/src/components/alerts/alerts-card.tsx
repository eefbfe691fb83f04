"use client";
import Link from "next/link";
import { STATUS_LABEL, VERDICT_LABEL, severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";

type AlertRow = { id: string; title: string; severity: string; verdict: string; status: string; lastSeen: Date };

/** The alerts about one actor or endpoint, newest first, with the way into the queue filtered on it. */
export function AlertsCard({
  rows,
  filter,
  empty,
}: {
  rows: AlertRow[] | undefined;
  filter: { actor: string } | { endpoint: string };
  empty: string;
}) {
  const ws = useWorkspace();
  const queue = ws.href(`/alerts?${new URLSearchParams({ ...filter, status: "all" })}`);
  return (
    <Card title="Alerts" actions={rows?.length ? <Link href={queue}>Open these in the alert queue →</Link> : undefined}>
      <Table
        rows={rows ?? []}
        empty={rows ? empty : "Loading…"}
        columns={[
          {
            header: "Severity",
            cell: (x) => <Badge tone={severityTone(x.severity)}>{x.severity.toLowerCase()}</Badge>,
          },
          { header: "Alert", cell: (x) => <Link href={ws.href(`/alerts/${x.id}`)}>{x.title}</Link> },
          { header: "Verdict", cell: (x) => VERDICT_LABEL[x.verdict] },
          { header: "Status", cell: (x) => STATUS_LABEL[x.status] },
          { header: "Last seen", cell: (x) => formatDateTime(x.lastSeen) },
        ]}
      />
    </Card>
  );
}
