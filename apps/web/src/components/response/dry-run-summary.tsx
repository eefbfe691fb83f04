"use client";
import Link from "next/link";
import type { AlertDryRun, DryRun, FindingDryRun } from "@lantern/services/response/policy-dry-run";
import { severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge } from "@/components/ui/card";
import { formatCount, formatDate, formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";

type PolicyShape = { mode: string; actions: { block: { list: string } | null } };

/** What a policy would have done over the stored history, in a sentence, then the alerts or findings it matched. */
export function DryRunSummary({ run, policy }: { run: DryRun; policy: PolicyShape }) {
  return run.on === "finding" ? <FindingDryRunSummary run={run} /> : <AlertDryRunSummary run={run} policy={policy} />;
}

function FindingDryRunSummary({ run }: { run: FindingDryRun }) {
  const ws = useWorkspace();
  return (
    <div className="notice" data-testid="dry-run">
      <p style={{ marginTop: 0 }}>
        <strong>Dry run</strong> over {run.days} days of traffic ({formatDate(run.from)} to {formatDate(run.to)}): it
        would have told about <strong>{formatCount(run.findings, "finding")}</strong>
        {run.findings ? ` (${run.open} still open)` : ""}
        {run.notifications ? <>, in {formatCount(run.notifications, "notification")}</> : null}.
      </p>
      {run.sample.length > 0 && (
        <Table
          rows={run.sample.map((s) => ({ ...s, id: s.findingId }))}
          empty=""
          columns={[
            { header: "Finding", cell: (s) => <Link href={ws.href(`/findings/${s.findingId}`)}>{s.title}</Link> },
            { header: "Endpoint", cell: (s) => <span className="mono">{s.endpoint}</span> },
            {
              header: "Severity",
              cell: (s) => <Badge tone={severityTone(s.severity)}>{s.severity.toLowerCase()}</Badge>,
            },
            { header: "Status", cell: (s) => s.status.toLowerCase() },
            { header: "First seen", cell: (s) => <span className="nowrap">{formatDateTime(s.firstSeen)}</span> },
          ]}
        />
      )}
      <p className="muted" style={{ marginBottom: 0 }}>
        Run {formatDateTime(run.ranAt)} by {run.ranBy}.
      </p>
    </div>
  );
}

function AlertDryRunSummary({ run, policy }: { run: AlertDryRun; policy: PolicyShape }) {
  const ws = useWorkspace();
  const blocks = policy.actions.block;
  const verb = blocks?.list === "RATE_LIMIT" ? "rate-limited" : "blocked";
  const would =
    policy.mode === "AUTO"
      ? `would have ${verb}`
      : `would have suggested ${blocks?.list === "RATE_LIMIT" ? "rate-limiting" : "blocking"}`;
  const spared = run.spared.length;
  const sparedBy = [...new Set(run.spared.map((s) => s.allowedBy))];
  return (
    <div className="notice" data-testid="dry-run">
      <p style={{ marginTop: 0 }}>
        <strong>Dry run</strong> over {run.days} days of alerts ({formatDate(run.from)} to {formatDate(run.to)}): it
        would have acted on <strong>{formatCount(run.alerts, "alert")}</strong>
        {blocks ? (
          <>
            {" "}
            and {would} <strong>{formatCount(run.addresses, "address", "addresses")}</strong> and{" "}
            <strong>{formatCount(run.identities, "caller")}</strong>, who sent{" "}
            <strong>{formatCount(run.requests, "request")}</strong> in that time
          </>
        ) : null}
        {run.notifications ? <>; sent {formatCount(run.notifications, "notification")}</> : null}.{" "}
        {spared > 0
          ? `The allow list would have spared ${formatCount(spared, "of them", "of them")}: ${sparedBy.join(", ")}.`
          : blocks
            ? "Nothing it names is on the allow list."
            : ""}
        {run.capped > 0 &&
          ` ${formatCount(run.capped, "alert")} named more than 500 targets: a policy blocks the first 500; block the rest from the alert.`}
      </p>
      {run.sample.length > 0 && (
        <Table
          rows={run.sample.map((s) => ({ ...s, id: s.alertId }))}
          empty=""
          columns={[
            { header: "Alert", cell: (s) => <Link href={ws.href(`/alerts/${s.alertId}`)}>{s.title}</Link> },
            {
              header: "Severity",
              cell: (s) => <Badge tone={severityTone(s.severity)}>{s.severity.toLowerCase()}</Badge>,
            },
            { header: "Last seen", cell: (s) => <span className="nowrap">{formatDateTime(s.lastSeen)}</span> },
            ...(blocks ? [{ header: "Targets", cell: (s: { targets: number }) => s.targets }] : []),
          ]}
        />
      )}
      <p className="muted" style={{ marginBottom: 0 }}>
        Run {formatDateTime(run.ranAt)} by {run.ranBy}.
      </p>
    </div>
  );
}
