"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { EventsPerDayChart } from "@/components/charts/events-per-day-chart";
import { ReadinessReport, type Readiness } from "@/components/ingest/readiness-report";
import { useWorkspace } from "@/components/shell/workspace-context";
import { useTRPC } from "@/lib/trpc";

/** One data source: how ready its logs are for API security, its traffic per day and its uploads. */
export default function DataSourcePage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const name = decodeURIComponent(useParams<{ source: string }>().source);
  const source = useQuery({ ...trpc.uploads.source.queryOptions({ source: name }), retry: false });
  const uploads = useQuery(trpc.uploads.list.queryOptions());
  const back = <Link href={ws.href("/data-sources")}>← Data sources</Link>;

  if (source.error) {
    return (
      <>
        <PageHeader title={name} description={back} />
        <EmptyState title="No such data source">
          This workspace has received nothing under the source name “{name}”.
        </EmptyState>
      </>
    );
  }
  const s = source.data;
  if (!s) return <p className="muted">Loading…</p>;
  return (
    <>
      <PageHeader
        title={s.source}
        description={
          <>
            {back} · {s.formats.join(", ") || "format not known yet"}
          </>
        }
      />
      <div className="row" style={{ gap: 24, marginBottom: 16 }} data-testid="source-figures">
        <div>
          <strong>{s.events.toLocaleString("en")}</strong> <span className="muted">events</span>
        </div>
        <div>
          <strong>{s.uploads.toLocaleString("en")}</strong>{" "}
          <span className="muted">uploads{s.failedUploads ? `, ${s.failedUploads} failed` : ""}</span>
        </div>
        <div>
          <span className="muted">latest traffic</span> {s.lastEventAt ? formatDateTime(s.lastEventAt) : "—"}
        </div>
      </div>
      <Card title="Log readiness">
        {s.report ? (
          <>
            <p className="muted">
              From the latest completed upload, {s.readiness!.fileName}
              {s.readiness!.completedAt ? ` (${formatDateTime(s.readiness!.completedAt)})` : ""}: what these servers log
              today.
            </p>
            <ReadinessReport report={s.report as Readiness} />
          </>
        ) : (
          <p className="muted">No upload from this source has completed yet.</p>
        )}
      </Card>
      <Card title="Events per day">
        {s.eventsPerDay.length ? (
          <EventsPerDayChart data={s.eventsPerDay} />
        ) : (
          <p className="muted">No events kept from this source.</p>
        )}
      </Card>
      <Card title="Uploads">
        <Table
          rows={(uploads.data ?? []).filter((u) => u.source === s.source)}
          empty="Loading…"
          columns={[
            { header: "File", cell: (u) => <strong>{u.fileName}</strong> },
            {
              header: "Status",
              cell: (u) => (
                <Badge tone={u.status === "COMPLETED" ? "ok" : u.status === "FAILED" ? "danger" : undefined}>
                  {u.status.toLowerCase()}
                </Badge>
              ),
            },
            { header: "Events", cell: (u) => u.linesAccepted.toLocaleString("en") },
            {
              header: "Readiness",
              cell: (u) => (u.readiness ? `${(u.readiness as { score: number }).score}/100` : "—"),
            },
            { header: "Uploaded", cell: (u) => formatDateTime(u.createdAt) },
          ]}
        />
      </Card>
    </>
  );
}
