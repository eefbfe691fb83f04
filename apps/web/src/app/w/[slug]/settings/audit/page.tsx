"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditAction } from "@lantern/services/audit";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { SignInChart } from "@/components/charts/sign-in-chart";
import { RequiresPermission } from "@/components/shell/requires-permission";
import { useTRPC } from "@/lib/trpc";

export default function AuditPage() {
  return (
    <RequiresPermission permission="audit.read" what="browse the audit log">
      <AuditLog />
    </RequiresPermission>
  );
}

function AuditLog() {
  const trpc = useTRPC();
  const [action, setAction] = useState<AuditAction | "">("");
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const activity = useQuery(trpc.audit.signInActivity.queryOptions());
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { action: action || undefined, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <>
      <Card title="Sign-ins, last 14 days">
        {activity.data ? <SignInChart data={activity.data} /> : <p className="muted">Loading…</p>}
      </Card>
      <Card
        title="Audit log"
        actions={
          <select
            aria-label="Filter by action"
            value={action}
            onChange={(e) => setAction(e.target.value as AuditAction | "")}
          >
            <option value="">All actions</option>
            {actions.data?.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        }
      >
        <Table
          rows={entries}
          empty={log.isPending ? "Loading…" : "No entries."}
          columns={[
            { header: "When", width: "170px", cell: (e) => formatDateTime(e.createdAt) },
            { header: "Who", cell: (e) => e.actorLabel },
            {
              header: "What",
              cell: (e) => (
                <>
                  <span data-action={e.action}>{e.description}</span>
                  {detail(e.metadata) && <div className="muted">{detail(e.metadata)}</div>}
                </>
              ),
            },
            { header: "From", cell: (e) => <span className="mono">{e.ip ?? "—"}</span> },
          ]}
        />
        {log.hasNextPage && (
          <div style={{ marginTop: 12 }}>
            <Button onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              Load more
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}

/** A one-line summary of an entry's details (email, role change, token name). */
function detail(metadata: unknown): string | null {
  const m = (metadata ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof m.email === "string") parts.push(m.email);
  if (typeof m.from === "string" && typeof m.to === "string") parts.push(`${m.from} → ${m.to}`);
  else if (typeof m.role === "string") parts.push(m.role);
  if (typeof m.name === "string") parts.push(m.name);
  if (typeof m.reason === "string") parts.push(`limit: ${m.reason}`);
  return parts.length ? parts.join(" · ") : null;
}
