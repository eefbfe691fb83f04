"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { TrafficChart } from "@/components/charts/traffic-chart";
import { ButtonLink } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { detectorLabel, severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { useTRPC } from "@/lib/trpc";

/** The workspace at a glance once traffic is in; the first steps until then. */
export default function OverviewPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const overview = useQuery(trpc.inventory.overview.queryOptions({ range: "30d" }));
  const alerts = useQuery(trpc.alerts.summary.queryOptions());
  const posture = useQuery(trpc.findings.posture.queryOptions({ days: 90 }));
  const o = overview.data;
  const a = alerts.data;
  const p = posture.data;
  // Until the figures are in, nothing is claimed: not "upload your first log" beside a full workspace.
  if (overview.isPending) {
    return (
      <>
        <PageHeader title="Overview" description={`${ws.name}: your APIs, their risks and who is abusing them.`} />
        <p className="muted" role="status">
          Loading the workspace's figures…
        </p>
      </>
    );
  }
  if (o && o.endpoints > 0) {
    const tile = (value: number | string, label: string, href: string, tone?: "danger") => (
      <Link href={ws.href(href)} className="tile" data-testid="overview-tile">
        <strong style={tone && typeof value === "number" && value > 0 ? { color: "var(--danger)" } : undefined}>
          {typeof value === "number" ? value.toLocaleString("en") : value}
        </strong>
        <span className="muted">{label}</span>
      </Link>
    );
    return (
      <>
        <PageHeader
          title="Overview"
          description={`${ws.name}: your APIs, their risks and who is abusing them, at a glance.`}
        />
        <div className="tiles" data-testid="overview-figures">
          {a && tile(a.open, "open alerts", "/alerts", "danger")}
          {a && tile(a.critical + a.high, "critical or high", "/alerts?minSeverity=HIGH&sort=severity", "danger")}
          {p && tile(p.score, "posture score (of 100)", "/findings")}
          {p && tile(p.open.critical + p.open.high, "critical or high findings", "/findings", "danger")}
          {tile(o.services, "services", "/inventory")}
          {tile(o.endpoints, "endpoints", "/inventory")}
          {o.specs > 0 ? (
            <>
              {tile(o.shadow, "shadow APIs (not in a spec)", "/inventory?spec=shadow", "danger")}
              {tile(o.zombie, "zombie APIs", "/inventory?spec=zombie", "danger")}
            </>
          ) : (
            tile("No spec", "uploaded yet: shadow and zombie APIs need one", "/inventory#specs")
          )}
          {tile(o.unauthenticated, "unauthenticated endpoints", "/inventory?auth=unauthenticated")}
          {tile(
            o.unauthenticatedSensitive,
            "unauthenticated with sensitive data",
            "/inventory?auth=unauthenticated&sensitive=any",
            "danger",
          )}
          {tile(o.sensitive, "endpoints carrying sensitive data", "/inventory?sensitive=any")}
        </div>
        {a && a.latest.length > 0 && (
          <Card title="Latest open alerts">
            <ul className="stack" data-testid="overview-alerts">
              {a.latest.map((x) => (
                <li key={x.id}>
                  <Badge tone={severityTone(x.severity)}>{x.severity.toLowerCase()}</Badge>{" "}
                  <Link href={ws.href(`/alerts/${x.id}`)}>{x.title}</Link>
                  <span className="muted">
                    {" "}
                    · {detectorLabel(x.detector)}
                    {x.actor ? ` · ${x.actor.label}` : ""} · {formatDateTime(x.lastSeen)}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        )}
        <Card
          title={`Traffic, last 30 days of data${o.traffic.to ? ` (to ${o.traffic.to.toISOString().slice(0, 10)})` : ""}`}
        >
          <TrafficChart points={o.traffic.points} step={o.traffic.step} testId="overview-traffic-chart" />
        </Card>
      </>
    );
  }
  const steps = [
    {
      title: "Upload your first access log",
      body: "Lantern starts from the logs you already have: nginx, Apache, AWS ALB, CloudFront, API Gateway, Envoy, Kong or JSON lines. From them it builds your API inventory and learns how each caller behaves.",
      action: (
        <ButtonLink variant="primary" href={ws.href("/data-sources")}>
          Go to Data sources
        </ButtonLink>
      ),
      show: ws.can("data.ingest"),
    },
    {
      title: "Invite your team",
      body: "Security analysts triage alerts and developers fix the APIs they own, in the same dashboard. Give each teammate the role they need.",
      action: <ButtonLink href={ws.href("/settings/members")}>Invite teammates</ButtonLink>,
      show: ws.can("members.manage"),
    },
    {
      title: "Stream logs continuously",
      body: "Create an API token with the ingest scope for Fluent Bit, Vector or your own shipper, so the inventory and detections stay current.",
      action: <ButtonLink href={ws.href("/settings/tokens")}>Create an API token</ButtonLink>,
      show: ws.can("tokens.manage"),
    },
  ].filter((s) => s.show);

  return (
    <>
      <PageHeader
        title="Overview"
        description={`${ws.name}: your APIs, their risks and who is abusing them, at a glance.`}
      />
      {steps.length > 0 ? (
        <div className="grid-2">
          {steps.map((s, i) => (
            <Card key={s.title} title={`${i + 1}. ${s.title}`}>
              <p className="muted">{s.body}</p>
              {s.action}
            </Card>
          ))}
        </div>
      ) : (
        <Card title="Nothing to show yet">
          <p className="muted">
            No traffic has been ingested into {ws.name} yet. Once an Owner, Admin, Analyst or Developer uploads access
            logs, services, endpoints and alerts appear here.
          </p>
        </Card>
      )}
    </>
  );
}
