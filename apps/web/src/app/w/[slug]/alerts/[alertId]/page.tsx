"use client";
import { RequestsTable } from "@/components/ui/requests-table";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { detectorLabel, STATUS_LABEL, VERDICT_LABEL, severityTone } from "@/components/alerts/alert-labels";
import { MeasuresChart } from "@/components/alerts/measures-chart";
import { SequenceSteps } from "@/components/alerts/sequence-steps";
import { SignedInCard } from "@/components/alerts/signed-in-card";
import { TrafficChart } from "@/components/charts/traffic-chart";
import { TriagePanel } from "@/components/alerts/triage-panel";
import { QueueStepper, useNextAfterTriage, useQueuePlace } from "@/components/alerts/queue-stepper";
import { BlockPanel } from "@/components/response/block-panel";
import { PolicyMatches } from "@/components/response/policy-matches";
import { TicketLinks, ticketText } from "@/components/response/ticket-links";
import { huntTerm } from "@lantern/engine/hunt/query";
import { huntHref } from "@/lib/hunt-suggest";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { useWorkspace } from "@/components/shell/workspace-context";
import { useTRPC } from "@/lib/trpc";

/** The alert's span, carried to the pages it links to (the actor's chart shades it). */
const windowQuery = (from: Date, to: Date) =>
  new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() }).toString();

/** What a history entry says, in words. */
function activityText(kind: string, detail: Record<string, unknown>): string {
  if (kind === "raised") return "Raised";
  if (kind === "merged") return `Happened again (${String(detail.from ?? "")} to ${String(detail.to ?? "")})`;
  if (kind === "reopened") return "Happened again after it was closed: reopened";
  if (kind === "suppressed")
    return `The same pattern happened again (${String(detail.from ?? "")} to ${String(detail.to ?? "")}); kept quiet by what this false positive taught`;
  if (kind === "unsuppressed") return "Its suppression was removed: the pattern alerts again";
  if (kind === "assigned") return detail.to ? `Assigned to ${String(detail.to)}` : "Unassigned";
  if (kind === "status")
    return `Status ${STATUS_LABEL[String(detail.from)] ?? ""} → ${STATUS_LABEL[String(detail.to)] ?? ""}${detail.reason ? `: ${String(detail.reason)}` : ""}`;
  if (kind === "comment") return String(detail.text ?? "");
  if (kind === "policy") return policyText(detail);
  if (kind === "ticket") return ticketText(detail);
  return kind;
}

function policyText(detail: Record<string, unknown>): string {
  const n = (key: string) => Number(detail[key] ?? 0);
  const what =
    detail.state === "applied"
      ? `blocked ${n("blocked")}`
      : detail.state === "suggested"
        ? `suggested blocking ${n("suggested")}`
        : "notified";
  return `Policy “${String(detail.policy ?? "")}” ${what}${n("spared") ? ` (${n("spared")} spared by the allow list)` : ""}`;
}

/** One alert: why it was raised, against which norm, the requests behind it, and its triage. */
export default function AlertPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const { alertId } = useParams<{ alertId: string }>();
  const alert = useQuery({ ...trpc.alerts.get.queryOptions({ alertId }), retry: false });
  const place = useQueuePlace(alertId);
  const next = useNextAfterTriage(alertId, place);
  const back = <Link href={place?.href ?? ws.href("/alerts")}>← Alerts</Link>;
  if (alert.error) {
    return (
      <>
        <PageHeader title="Alert" description={back} />
        <EmptyState title="No such alert">It may belong to another workspace, or the link is wrong.</EmptyState>
      </>
    );
  }
  const a = alert.data;
  if (!a) return <p className="muted">Loading…</p>;
  return (
    <>
      <PageHeader
        title={a.title}
        description={
          <>
            {back} · {detectorLabel(a.detector)} · {formatDateTime(a.firstSeen)} to {formatDateTime(a.lastSeen)}
            {a.occurrences > 1 ? ` · ${a.occurrences} times` : ""}
          </>
        }
      />
      <QueueStepper alertId={a.id} place={place} />
      <div className="row" style={{ gap: 12, marginBottom: 16 }} data-testid="alert-badges">
        <Badge tone={severityTone(a.severity)}>{a.severity.toLowerCase()}</Badge>
        <Badge tone={a.verdict === "ATTACK" ? "danger" : "accent"}>{VERDICT_LABEL[a.verdict]}</Badge>
        <span>confidence {Math.round(a.confidence * 100)}%</span>
        <span title="Severity weighted by confidence, 0 to 100; the actor's risk is its riskiest alert's">
          risk {a.risk}
        </span>
        <span data-testid="alert-status">status: {STATUS_LABEL[a.status]}</span>
        <span>assignee: {a.assignee ? a.assignee.name || a.assignee.email : "nobody"}</span>
        <TicketLinks tickets={a.tickets} />
        <Link
          data-testid="hunt-alert"
          href={ws.href(
            huntHref(
              a.actor ? huntTerm("actor", a.actor.label) : a.endpoint ? huntTerm("endpoint", a.endpoint.label) : "",
              a.firstSeen,
              a.lastSeen,
            ),
          )}
        >
          Hunt these requests
        </Link>
      </div>
      <Card title="What happened">
        <p data-testid="alert-explanation">{a.explanation}</p>
        <div className="row" style={{ gap: 24 }}>
          {a.actor && (
            <div>
              Actor:{" "}
              <Link href={ws.href(`/actors/${a.actor.id}?${windowQuery(a.firstSeen, a.lastSeen)}`)}>
                <strong>{a.actor.label}</strong>
              </Link>{" "}
              <span className="muted">
                ({a.actor.calls.toLocaleString("en")} calls, seen {formatDateTime(a.actor.firstSeen)} to{" "}
                {formatDateTime(a.actor.lastSeen)}
                {a.actor.countries.length ? `, from ${a.actor.countries.join(", ")}` : ""})
              </span>{" "}
              · <Link href={ws.href(`/alerts?actor=${a.actor.id}&status=all`)}>all its alerts</Link>
            </div>
          )}
          {a.endpoint && (
            <div>
              Endpoint:{" "}
              <Link href={ws.href(`/inventory/${a.endpoint.id}`)} className="mono">
                {a.endpoint.label}
              </Link>{" "}
              · <Link href={ws.href(`/alerts?endpoint=${a.endpoint.id}&status=all`)}>all alerts on it</Link>
            </div>
          )}
        </div>
      </Card>
      {a.timeline.subject && (
        <Card title={a.timeline.subject === "actor" ? "Its actor hour by hour" : "Its endpoint hour by hour"}>
          <TrafficChart
            testId="alert-timeline"
            step="hour"
            points={a.timeline.points.map((p) => ({
              at: p.at,
              calls: p.calls,
              clientErrors: p.refused,
              serverErrors: p.errors,
            }))}
            names={
              a.timeline.subject === "actor"
                ? { clientErrors: "refused (401/403)", serverErrors: "other errors" }
                : { clientErrors: "4xx", serverErrors: "5xx" }
            }
            highlights={[{ from: a.firstSeen, to: a.lastSeen, label: "this alert" }]}
          />
        </Card>
      )}
      <SignedInCard signIns={a.signIns} />
      {a.detector === "sequence" && (
        <Card title="Its steps against its peers'">
          <SequenceSteps facts={a.facts} />
        </Card>
      )}
      {a.measures.length > 0 && (
        <Card title="Against the norm">
          <MeasuresChart measures={a.measures} />
          <ul>
            {a.measures.map((m) => (
              <li key={m.name}>
                {m.name}: <strong>{Math.round(m.value).toLocaleString("en")}</strong> where{" "}
                {Math.round(m.typical).toLocaleString("en")} ± {Math.round(m.spread).toLocaleString("en")} is usual{" "}
                <span className="muted">({m.basis})</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <TriagePanel
        key={`${a.status}-${a.assignee?.id ?? ""}`}
        alertId={a.id}
        status={a.status}
        assigneeId={a.assignee?.id ?? null}
        onClosed={next}
      />
      <PolicyMatches alertId={a.id} />
      {ws.can("response.manage") && a.blockable.length > 0 && (
        <Card title="Block at the gateway">
          <BlockPanel targets={a.blockable} alertId={a.id} actorId={a.actor?.id} alertAddresses={a.addressCount} />
        </Card>
      )}
      <Card title="History">
        <ul data-testid="alert-history">
          {a.activity.map((x) => (
            <li key={x.id}>
              {formatDateTime(x.at)} · {x.by ?? "Lantern"}: {activityText(x.kind, x.detail)}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={`Requests behind it (${a.events.length})`}>
        <RequestsTable
          // The query as stored: secret values were masked at ingestion; page sizes and the like are often the evidence.
          rows={a.events.map((e) => ({
            ...e,
            target: `${e.path}${e.query?.length ? `?${e.query.map((q) => `${q.name}=${q.value}`).join("&")}` : ""}`,
          }))}
          empty="The requests have passed the workspace's retention."
          window={{ from: a.firstSeen, to: a.lastSeen }}
        />
      </Card>
    </>
  );
}
