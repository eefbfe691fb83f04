"use client";
import { RequestsTable } from "@/components/ui/requests-table";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { AcceptPanel, FindingActivity, OwnerAndComments } from "@/components/findings/finding-triage";
import { TicketLinks } from "@/components/response/ticket-links";
import { formatDateTime } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";

const CONFIDENCE: Record<string, string> = {
  observed: "observed in the traffic",
  inferred: "inferred from the traffic",
  spec: "from the spec only",
};

/** One finding: what was seen, the figures behind it, the fix, and accepting the risk. */
export default function FindingPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const { findingId } = useParams<{ findingId: string }>();
  const finding = useQuery({ ...trpc.findings.get.queryOptions({ findingId }), retry: false });
  const back = <Link href={ws.href("/findings")}>← Findings</Link>;
  if (finding.error) {
    return (
      <>
        <PageHeader title="Finding" description={back} />
        <EmptyState title="No such finding">It may belong to another workspace, or the link is wrong.</EmptyState>
      </>
    );
  }
  const f = finding.data;
  if (!f) return <p className="muted">Loading…</p>;
  return (
    <>
      <PageHeader
        title={f.title}
        description={
          <>
            {back} · <Link href={ws.href(`/inventory/${f.endpoint.id}`)}>{f.endpoint.label}</Link>
          </>
        }
      />
      <div className="row" style={{ gap: 12, marginBottom: 16 }} data-testid="finding-badges">
        <Badge tone={severityTone(f.severity)}>{f.severity.toLowerCase()}</Badge>
        <span>
          {f.owasp} {f.owaspName}
        </span>
        <span className="muted">{CONFIDENCE[f.confidence] ?? f.confidence}</span>
        <span className="muted" data-testid="finding-status">
          {f.status.toLowerCase()}
        </span>
        <TicketLinks tickets={f.tickets} />
      </div>
      <Card title="What was seen">
        <p data-testid="finding-detail">{f.detail}</p>
        <dl className="facts">
          {Object.entries(f.facts as Record<string, unknown>).map(([name, value]) => (
            <div key={name} className="row" style={{ gap: 8 }}>
              <dt className="muted">{name}</dt>
              <dd className="mono">{Array.isArray(value) ? value.join(", ") || "—" : String(value)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">
          First seen in traffic {formatDateTime(f.firstSeen)}, last seen {formatDateTime(f.lastSeen)}
          {f.resolvedAt ? `, resolved ${formatDateTime(f.resolvedAt)}` : ""}. It resolves itself after 7 days of traffic
          without new evidence.
        </p>
        <p className="muted" data-testid="endpoint-risk">
          The endpoint's risk score: {f.endpoint.riskScore.toFixed(1)} / 10 (
          <Link href={ws.href(`/inventory/${f.endpoint.id}`)}>why</Link>).
        </p>
      </Card>
      {f.confidence !== "spec" && (
        <Card title={`Requests that show it (${f.samples.length})`}>
          <p className="muted">
            From the day before it was last seen; personal data in the path or query is masked, secrets were masked on
            arrival.
          </p>
          <div data-testid="finding-samples">
            <RequestsTable
              rows={f.samples}
              empty="No stored request shows it: they have passed the workspace's retention."
            />
          </div>
        </Card>
      )}
      <Card title="How to fix it">
        <p data-testid="finding-fix">{f.fix}</p>
        {f.fixes.length > 0 && (
          <dl className="stack" data-testid="finding-fixes">
            {f.fixes.map((x) => (
              <div key={x.family}>
                <dt>
                  <strong>{x.label}</strong>
                </dt>
                <dd style={{ margin: 0 }}>{x.fix}</dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
      <AcceptPanel
        finding={{ id: f.id, status: f.status, reason: f.acceptedReason, until: f.acceptedUntil }}
        canManage={ws.can("findings.manage")}
      />
      <OwnerAndComments findingId={f.id} ownerId={f.ownerId} canManage={ws.can("findings.manage")} />
      <FindingActivity activity={f.activity} />
    </>
  );
}
