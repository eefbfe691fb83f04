"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink, Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { UploadPanel } from "@/components/ingest/upload-panel";
import { UploadResult } from "@/components/ingest/upload-result";
import { uploadPhase } from "@/components/ingest/upload-phase";
import { useWorkspace } from "@/components/shell/workspace-context";
import { useTRPC } from "@/lib/trpc";

export default function DataSourcesPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  // As often as an upload's card while one is in progress, so the table and the card say the same.
  const uploads = useQuery({
    ...trpc.uploads.list.queryOptions(),
    refetchInterval: (q) => ((q.state.data ?? []).some((u) => uploadPhase(u).busy) ? 2000 : 10_000),
  });
  const sources = useQuery({ ...trpc.uploads.sources.queryOptions(), refetchInterval: 5000 });
  const [open, setOpen] = useState<string | null>(null);
  const rows = uploads.data ?? [];

  return (
    <>
      <PageHeader
        title="Data sources"
        description={
          <>
            Where this workspace's API traffic comes from, and how good those logs are for API security. Files are
            uploaded here; <Link href={ws.href("/docs/shippers")}>streaming from a log shipper</Link> is set up in three
            steps.
          </>
        }
      />
      {ws.can("data.ingest") ? (
        <UploadPanel />
      ) : (
        <div className="notice" role="note">
          Your role cannot upload logs. Owners, Admins, Analysts and Developers can.
        </div>
      )}
      {rows.length === 0 && !uploads.isPending ? (
        <EmptyState
          title="No logs yet"
          action={
            ws.can("tokens.manage") ? (
              <ButtonLink href={ws.href("/settings/tokens")}>Create an ingest token</ButtonLink>
            ) : undefined
          }
        >
          Upload web server, load balancer, CDN or API gateway access logs above, or{" "}
          <Link href={ws.href("/docs/shippers")}>stream them from Fluent Bit, Vector or curl</Link> with an API token
          that has the ingest scope.
        </EmptyState>
      ) : (
        <>
          {(sources.data ?? []).length > 0 && (
            <Card title="Sources">
              <Table
                rows={(sources.data ?? []).map((src) => ({ ...src, id: src.source }))}
                columns={[
                  {
                    header: "Source",
                    cell: (src) => (
                      <Link href={ws.href(`/data-sources/${encodeURIComponent(src.source)}`)}>
                        <strong>{src.source}</strong>
                      </Link>
                    ),
                  },
                  { header: "Formats", cell: (src) => src.formats.join(", ") || "—" },
                  { header: "Events", cell: (src) => src.events.toLocaleString("en") },
                  {
                    header: "Readiness",
                    cell: (src) =>
                      src.readiness ? (
                        <Badge
                          tone={src.readiness.score >= 70 ? "ok" : src.readiness.score < 40 ? "danger" : undefined}
                        >
                          {src.readiness.score}/100
                        </Badge>
                      ) : (
                        "—"
                      ),
                  },
                  {
                    header: "Latest traffic",
                    cell: (src) => (src.lastEventAt ? formatDateTime(src.lastEventAt) : "—"),
                  },
                  { header: "Last upload", cell: (src) => formatDateTime(src.lastUploadAt) },
                ]}
              />
            </Card>
          )}
          <Card title="Uploads">
            <Table
              rows={rows}
              empty="Loading…"
              columns={[
                {
                  header: "File",
                  cell: (u) => (
                    <>
                      <strong>{u.fileName}</strong>
                      <div className="muted">
                        {u.source} · {u.via}
                      </div>
                    </>
                  ),
                },
                { header: "Format", cell: (u) => (u.formatSpec ? (u.formatSpec as { id: string }).id : "—") },
                {
                  header: "Status",
                  cell: (u) => {
                    const phase = uploadPhase(u);
                    return (
                      <Badge tone={phase.tone}>
                        <span data-testid="upload-phase">{phase.label}</span>
                      </Badge>
                    );
                  },
                },
                {
                  header: "Events",
                  cell: (u) =>
                    `${u.linesAccepted.toLocaleString("en")}${u.linesRejected ? ` (${u.linesRejected.toLocaleString("en")} rejected)` : ""}`,
                },
                {
                  header: "Readiness",
                  cell: (u) => (u.readiness ? `${(u.readiness as { score: number }).score}/100` : "—"),
                },
                { header: "Uploaded", cell: (u) => formatDateTime(u.createdAt) },
                {
                  header: "",
                  width: "90px",
                  cell: (u) => (
                    <Button small onClick={() => setOpen(open === u.id ? null : u.id)}>
                      {open === u.id ? "Hide" : "Details"}
                    </Button>
                  ),
                },
              ]}
            />
            {open && (
              <div style={{ marginTop: 16 }}>
                <UploadResult uploadId={open} />
              </div>
            )}
          </Card>
        </>
      )}
    </>
  );
}
