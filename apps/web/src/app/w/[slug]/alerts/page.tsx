"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { detectorLabel, STATUS_LABEL, VERDICT_LABEL, severityTone } from "@/components/alerts/alert-labels";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { Table } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { pollWhileEmpty } from "@/lib/poll-while-empty";
import { errorText, useTRPC } from "@/lib/trpc";

const PAGE_SIZE = 50;
type Status = "open" | "all" | "NEW" | "INVESTIGATING" | "RESOLVED" | "FALSE_POSITIVE";
const STATUSES: readonly Status[] = ["open", "all", "NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"];
type When = "" | "24h" | "7d" | "30d";
const WHEN_LABEL: Record<Exclude<When, "">, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};
const WHEN_MS: Record<Exclude<When, "">, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

/** The alert queue shared by SecOps and developers: filter, select, act. */
export default function AlertsPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  // The actor profile, an endpoint and an alert link here with ?actor=…, ?endpoint=… (and ?status=all).
  const params = useSearchParams();
  const [status, setStatus] = useState<Status>(STATUSES.find((s) => s === params.get("status")) ?? "open");
  const [actor, setActor] = useState(params.get("actor") ?? "");
  const [endpoint, setEndpoint] = useState(params.get("endpoint") ?? "");
  const [when, setWhen] = useState<When>("");
  // From the moment the range was chosen, not each render: the query key stays put.
  const from = useMemo(() => (when ? new Date(Date.now() - WHEN_MS[when]) : undefined), [when]);
  const [verdict, setVerdict] = useState<"" | "ATTACK" | "SUSPICIOUS" | "BENIGN_EXPLAINED">("");
  const [severity, setSeverity] = useState<"" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL">("");
  const [detector, setDetector] = useState("");
  const [assignee, setAssignee] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const members = useQuery(trpc.members.list.queryOptions());
  const everything = useQuery({
    ...trpc.alerts.list.queryOptions({ status: "all", pageSize: 10 }),
    refetchInterval: pollWhileEmpty((a) => a.total === 0),
  });
  const alerts = useQuery({
    ...trpc.alerts.list.queryOptions({
      status,
      verdict: verdict || undefined,
      severity: severity || undefined,
      detector: detector || undefined,
      assignee: assignee || undefined,
      actor: actor || undefined,
      endpoint: endpoint || undefined,
      from,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    enabled: Boolean(everything.data?.total),
  });
  const bulk = useMutation(
    trpc.alerts.bulkUpdate.mutationOptions({
      onSuccess: () => {
        setSelected(new Set());
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() });
      },
    }),
  );

  if (everything.data && everything.data.total === 0) {
    return (
      <FeatureEmptyState
        title="Alerts"
        description="Abuse detected by behavioural models, with a verdict and an explanation."
        emptyTitle="No alerts yet"
        emptyBody="Lantern learns how each actor and endpoint normally behaves and alerts on credential stuffing, object enumeration and data harvesting. It judges every upload once it is in the inventory: upload an access log."
      />
    );
  }
  const data = alerts.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
      setSelected(new Set());
    };
  // A cleared filter leaves the address too, so a reload does not bring it back.
  const dropParam = (name: string) => {
    const next = new URLSearchParams(params);
    next.delete(name);
    window.history.replaceState(null, "", next.size ? `?${next}` : window.location.pathname);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          <>
            Abuse detected in your traffic: what happened, against which norm, and the requests behind it. Benign
            patterns your team taught Lantern are under <Link href={ws.href("/alerts/suppressions")}>suppressions</Link>
            .
          </>
        }
      />
      <Card>
        <div className="row" style={{ marginBottom: 12 }}>
          <select aria-label="Status" value={status} onChange={(e) => reset(setStatus)(e.target.value as Status)}>
            <option value="open">Open (new or investigating)</option>
            <option value="all">All statuses</option>
            {Object.entries(STATUS_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <select
            aria-label="Verdict"
            value={verdict}
            onChange={(e) => reset(setVerdict)(e.target.value as typeof verdict)}
          >
            <option value="">Any verdict</option>
            {Object.entries(VERDICT_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <select
            aria-label="Severity"
            value={severity}
            onChange={(e) => reset(setSeverity)(e.target.value as typeof severity)}
          >
            <option value="">Any severity</option>
            {["CRITICAL", "HIGH", "MEDIUM", "LOW"].map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
          <select aria-label="Detector" value={detector} onChange={(e) => reset(setDetector)(e.target.value)}>
            <option value="">Any detector</option>
            {(data?.detectors ?? []).map((d) => (
              <option key={d} value={d}>
                {detectorLabel(d)}
              </option>
            ))}
          </select>
          <select aria-label="Assignee" value={assignee} onChange={(e) => reset(setAssignee)(e.target.value)}>
            <option value="">Anyone</option>
            <option value="none">Unassigned</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </select>
          <select aria-label="Last seen" value={when} onChange={(e) => reset(setWhen)(e.target.value as When)}>
            <option value="">Any time</option>
            {Object.entries(WHEN_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          {actor && (
            <FilterChip
              label={`Actor: ${data ? (data.about.actor?.label ?? "unknown actor") : "…"}`}
              onClear={() => {
                dropParam("actor");
                reset(setActor)("");
              }}
            />
          )}
          {endpoint && (
            <FilterChip
              label={`Endpoint: ${data ? (data.about.endpoint?.label ?? "unknown endpoint") : "…"}`}
              onClear={() => {
                dropParam("endpoint");
                reset(setEndpoint)("");
              }}
            />
          )}
        </div>
        {ws.can("alerts.triage") && selected.size > 0 && (
          <div className="row" style={{ marginBottom: 12 }} data-testid="bulk-actions">
            <span>{selected.size} selected</span>
            <Button
              small
              disabled={bulk.isPending}
              onClick={() => bulk.mutate({ alertIds: [...selected], status: "INVESTIGATING" })}
            >
              Investigating
            </Button>
            <Button
              small
              disabled={bulk.isPending}
              onClick={() => bulk.mutate({ alertIds: [...selected], status: "RESOLVED" })}
            >
              Resolve
            </Button>
            {bulk.error && (
              <span className="form-error" role="alert">
                {errorText(bulk.error)}
              </span>
            )}
          </div>
        )}
        <Table
          rows={data?.rows ?? []}
          empty={alerts.isPending ? "Loading…" : "No alert matches."}
          columns={[
            ...(ws.can("alerts.triage")
              ? [
                  {
                    header: "",
                    width: "28px",
                    cell: (a: { id: string; title: string }) => (
                      <input
                        type="checkbox"
                        aria-label={`Select ${a.title}`}
                        checked={selected.has(a.id)}
                        onChange={() => toggle(a.id)}
                      />
                    ),
                  },
                ]
              : []),
            {
              header: "Severity",
              cell: (a) => <Badge tone={severityTone(a.severity)}>{a.severity.toLowerCase()}</Badge>,
            },
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
            { header: "Last seen", cell: (a) => formatDateTime(a.lastSeen) },
          ]}
        />
        <Pager
          page={page}
          pages={pages}
          onPage={setPage}
          testId="alerts-count"
          summary={data ? formatCount(data.total, "alert") : "… alerts"}
        />
      </Card>
    </>
  );
}

/** A filter that came with the link (an actor, an endpoint): named, and removable. */
function FilterChip({ label, onClear }: { label: string; onClear: () => void }) {
  return (
    <span className="badge" data-testid="alerts-filter">
      {label}{" "}
      <button type="button" className="link-button" aria-label={`Clear ${label}`} onClick={onClear}>
        ×
      </button>
    </span>
  );
}
