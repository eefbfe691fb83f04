"use client";
import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { RequiresPermission } from "@/components/shell/requires-permission";
import { useTRPC } from "@/lib/trpc";

export default function JobsPage() {
  return (
    <RequiresPermission permission="workspace.manage" what="see background jobs">
      <FailedJobs />
    </RequiresPermission>
  );
}

function FailedJobs() {
  const trpc = useTRPC();
  const failed = useQuery(trpc.workspace.failedJobs.queryOptions());
  return (
    <Card title="Failed background jobs">
      <p className="muted">
        Jobs that failed after all their retries (kept 30 days). Mail delivery and clean-ups for this workspace run in
        the background.
      </p>
      <Table
        rows={failed.data ?? []}
        empty={failed.isPending ? "Loading…" : "No failed jobs. Everything ran."}
        columns={[
          { header: "Job", cell: (j) => <code>{j.name}</code> },
          { header: "Failed", cell: (j) => formatDateTime(j.failedAt) },
          { header: "Attempts", cell: (j) => j.attemptsMade },
          { header: "Reason", cell: (j) => j.failedReason },
        ]}
      />
    </Card>
  );
}
