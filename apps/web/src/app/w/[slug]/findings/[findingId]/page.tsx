"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { errorDetails, useTRPC } from "@/lib/trpc";

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
          First found {formatDateTime(f.firstSeen)}, last judged {formatDateTime(f.lastSeen)}
          {f.resolvedAt ? `, resolved ${formatDateTime(f.resolvedAt)}` : ""}.
        </p>
      </Card>
      <Card title="How to fix it">
        <p data-testid="finding-fix">{f.fix}</p>
      </Card>
      <RiskPanel
        finding={{ id: f.id, status: f.status, reason: f.acceptedReason, until: f.acceptedUntil }}
        canManage={ws.can("findings.manage")}
      />
    </>
  );
}

/** Accepting the risk (with a reason and how long), or taking it back. */
function RiskPanel({
  finding,
  canManage,
}: {
  finding: { id: string; status: string; reason: string | null; until: Date | string | null };
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [days, setDays] = useState("90");
  // The finding and the lists it appears in (the open list must drop it at once).
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.findings.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.findings.list.queryKey() }),
    ]);
  const accept = useMutation(trpc.findings.accept.mutationOptions({ onSuccess: refresh }));
  const reopen = useMutation(trpc.findings.reopen.mutationOptions({ onSuccess: refresh }));
  const { message, fields } = errorDetails(accept.error ?? reopen.error);
  if (finding.status === "ACCEPTED") {
    return (
      <Card title="Risk accepted">
        <p data-testid="accepted-reason">
          {finding.reason} (until {formatDateTime(finding.until)})
        </p>
        {canManage && (
          <Button onClick={() => reopen.mutate({ findingId: finding.id })} disabled={reopen.isPending}>
            Open it again
          </Button>
        )}
      </Card>
    );
  }
  if (finding.status !== "OPEN" || !canManage) return null;
  return (
    <Card title="Accept the risk">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate({ findingId: finding.id, reason, days: Number(days) });
        }}
      >
        <FormError message={message} />
        <Field
          id="reason"
          label="Why this risk is accepted"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fields.reason}
        />
        <Field
          id="days"
          label="For how many days"
          type="number"
          min={1}
          max={365}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fields.days}
          hint="It opens again on its own after that if it still holds."
        />
        <Button type="submit" variant="primary" disabled={accept.isPending}>
          Accept the risk
        </Button>
      </form>
    </Card>
  );
}
