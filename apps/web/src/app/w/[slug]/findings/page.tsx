"use client";
import { MemberOptions } from "@/components/shell/member-options";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { OwaspCategory } from "@lantern/engine/posture/types";
import { useState } from "react";
import { severityTone } from "@/components/alerts/alert-labels";
import { OwaspChart } from "@/components/findings/owasp-chart";
import { NotAssessableCard } from "@/components/findings/not-assessable-card";
import { PostureCard } from "@/components/findings/posture-card";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { Pager } from "@/components/ui/pager";
import { Table } from "@/components/ui/table";
import { pollWhileEmpty } from "@/lib/poll-while-empty";
import { useTRPC } from "@/lib/trpc";

const PAGE_SIZE = 50;
type Status = "OPEN" | "ACCEPTED" | "RESOLVED" | "all";
const STATUS_LABEL: Record<Status, string> = {
  OPEN: "Open",
  ACCEPTED: "Accepted risks",
  RESOLVED: "Resolved",
  all: "All statuses",
};
type Severity = "" | "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";

/** Posture findings shared by developers and SecOps: what is weak in each API and how to fix it. */
export default function FindingsPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const [status, setStatus] = useState<Status>("OPEN");
  const [severity, setSeverity] = useState<Severity>("");
  const [owasp, setOwasp] = useState<OwaspCategory | "">("");
  const [owner, setOwner] = useState("");
  const [page, setPage] = useState(1);
  const everything = useQuery({
    ...trpc.findings.list.queryOptions({ status: "all", pageSize: 10 }),
    refetchInterval: pollWhileEmpty((f) => f.total === 0),
  });
  const findings = useQuery({
    ...trpc.findings.list.queryOptions({
      status,
      severity: severity || undefined,
      owasp: owasp || undefined,
      owner: owner || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    enabled: Boolean(everything.data?.total),
  });

  if (everything.data && everything.data.total === 0) {
    return (
      <>
        <FeatureEmptyState
          title="Findings"
          description="Posture risks in your APIs and how to fix them."
          emptyTitle="No findings"
          emptyBody="After every upload Lantern judges each endpoint of the inventory with passive checks mapped to the OWASP API Top 10: sensitive data served without credentials, admin routes open to the internet, credentials and personal data in URLs, unpaged lists, shadow and zombie endpoints. None of them has found anything here yet; upload an access log if you have not."
        />
        <NotAssessableCard />
      </>
    );
  }
  const data = findings.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  return (
    <>
      <PageHeader
        title="Findings"
        description="What traffic shows is weak in each API before anyone attacks it, and how to fix it. Judged again after every upload: a finding not seen in 7 days of traffic resolves itself, and opens again if it comes back."
      />
      <PostureCard />
      <NotAssessableCard />
      <Card title="By OWASP API Security Top 10 (2023) category">
        {data && <OwaspChart categories={data.byOwasp} />}
        <p className="muted" data-testid="severity-counts">
          {data?.bySeverity.map((s) => `${s.count.toLocaleString("en")} ${s.severity.toLowerCase()}`).join(" · ")}
        </p>
      </Card>
      <Card>
        <div className="row" style={{ marginBottom: 12 }}>
          <select aria-label="Status" value={status} onChange={(e) => reset(setStatus)(e.target.value as Status)}>
            {Object.entries(STATUS_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <select
            aria-label="Severity"
            value={severity}
            onChange={(e) => reset(setSeverity)(e.target.value as Severity)}
          >
            <option value="">Any severity</option>
            {["CRITICAL", "HIGH", "MEDIUM", "LOW"].map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
          <select
            aria-label="OWASP category"
            value={owasp}
            onChange={(e) => reset(setOwasp)(e.target.value as OwaspCategory | "")}
          >
            <option value="">Any OWASP category</option>
            {(data?.byOwasp ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.id} {c.name}
              </option>
            ))}
          </select>
          <select aria-label="Owner" value={owner} onChange={(e) => reset(setOwner)(e.target.value)}>
            <option value="">Anyone's</option>
            <option value="none">Nobody's</option>
            <MemberOptions />
          </select>
        </div>
        <p className="muted" data-testid="findings-count">
          {data ? formatCount(data.total, "finding") : "Loading…"}
        </p>
        {data && (
          <Table
            rows={data.rows}
            empty="No finding matches these filters."
            columns={[
              {
                header: "Severity",
                width: "90px",
                cell: (f) => <Badge tone={severityTone(f.severity)}>{f.severity.toLowerCase()}</Badge>,
              },
              {
                header: "Finding",
                cell: (f) => (
                  <>
                    <Link href={ws.href(`/findings/${f.id}`)}>{f.title}</Link>
                    <div className="muted mono">{f.endpoint.label}</div>
                  </>
                ),
              },
              { header: "OWASP", width: "80px", cell: (f) => f.owasp },
              { header: "Confidence", width: "100px", cell: (f) => f.confidence },
              { header: "Status", width: "100px", cell: (f) => f.status.toLowerCase() },
              { header: "Owner", width: "130px", cell: (f) => f.owner ?? <span className="muted">nobody</span> },
              { header: "Last seen in traffic", width: "170px", cell: (f) => formatDateTime(f.lastSeen) },
            ]}
          />
        )}
        <Pager page={page} pages={pages} onPage={setPage} />
      </Card>
    </>
  );
}
