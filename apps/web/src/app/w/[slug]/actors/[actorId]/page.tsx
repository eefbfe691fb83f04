"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import { ACTOR_KIND_LABEL, riskTone } from "@/components/alerts/actor-labels";
import { AlertsCard } from "@/components/alerts/alerts-card";
import { BlockPanel } from "@/components/response/block-panel";
import { TrafficChart } from "@/components/charts/traffic-chart";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { useWorkspace } from "@/components/shell/workspace-context";
import { ActorSessions } from "@/components/alerts/actor-sessions";
import { RelatedActors } from "@/components/alerts/related-actors";
import { requestHref } from "@/components/ui/requests-table";
import { huntHref } from "@/lib/hunt-suggest";
import { useTRPC } from "@/lib/trpc";
import { huntTerm } from "@lantern/engine/hunt/query";
import { countryName } from "@lantern/engine/detection/geo";

/** One actor: what it is made of (linked identities and why), its traffic, and its alerts. */
export default function ActorPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const { actorId } = useParams<{ actorId: string }>();
  const focus = useFocusWindow();
  const actor = useQuery({ ...trpc.actors.get.queryOptions({ actorId }), retry: false });
  const back = <Link href={ws.href("/actors")}>← Actors</Link>;
  if (actor.error) {
    return (
      <>
        <PageHeader title="Actor" description={back} />
        <EmptyState title="No such actor">
          It may have been folded into another actor when its identities were linked.
        </EmptyState>
      </>
    );
  }
  const a = actor.data;
  if (!a) return <p className="muted">Loading…</p>;
  // The header's countries are the places list's: one source, so the two never disagree.
  const located = a.places.filter((p) => p.kind === "country").map((p) => p.place);
  const countries = located.length ? located : a.countries;
  return (
    <>
      <PageHeader
        title={a.label}
        description={
          <>
            {back} · {ACTOR_KIND_LABEL[a.kind] ?? a.kind}
          </>
        }
      />
      <div className="row" style={{ gap: 24, marginBottom: 16 }} data-testid="actor-figures">
        <div>
          risk <Badge tone={riskTone(a.riskScore)}>{Math.round(a.riskScore)}</Badge>{" "}
          <RiskWhy riskScore={a.riskScore} alerts={a.alerts} />
        </div>
        <div>
          <strong>{a.calls.toLocaleString("en")}</strong> <span className="muted">calls</span>
        </div>
        <div>
          <span className="muted">seen</span> {formatDateTime(a.firstSeen)} <span className="muted">to</span>{" "}
          {formatDateTime(a.lastSeen)}
        </div>
        <div>
          <span className="muted">countries</span> {countries.map((c) => `${countryName(c)} (${c})`).join(", ") || "—"}
        </div>
        <Link data-testid="hunt-actor" href={ws.href(huntHref(huntTerm("actor", a.label), a.firstSeen, a.lastSeen))}>
          Hunt its requests
        </Link>
      </div>
      <Card title="Calls per day">
        <TrafficChart
          testId="actor-traffic-chart"
          step="day"
          points={a.traffic.map((d) => ({
            at: d.at,
            calls: d.calls,
            clientErrors: d.failures,
            serverErrors: d.errors - d.failures,
          }))}
          names={{ clientErrors: "refused (401/403)", serverErrors: "other errors" }}
          highlights={focus ? [{ ...focus, label: "the alert" }] : []}
        />
      </Card>
      <Card
        title={`Endpoints it calls and objects it touched (${a.endpoints.length.toLocaleString("en")}${a.endpoints.length === 100 ? "+" : ""})`}
      >
        <Table
          rows={a.endpoints}
          empty="None in the inventory yet."
          columns={[
            {
              header: "Endpoint",
              cell: (e) => (
                <Link href={ws.href(`/inventory/${e.id}`)} className="mono">
                  {e.label}
                </Link>
              ),
            },
            { header: "Calls", cell: (e) => e.calls.toLocaleString("en") },
            {
              header: "Refused (401/403)",
              cell: (e) => (e.failures ? e.failures.toLocaleString("en") : <span className="muted">0</span>),
            },
            {
              header: "Objects touched",
              cell: (e) =>
                e.objects ? (
                  <span data-testid="actor-objects" title={`e.g. ${e.objects.examples.join(", ")}`}>
                    {e.objects.count.toLocaleString("en")}
                    {e.objects.ownedByOthers > 0 && (
                      <strong style={{ color: "var(--danger)" }}>
                        {" "}
                        · {e.objects.ownedByOthers.toLocaleString("en")} belong to others
                      </strong>
                    )}
                  </span>
                ) : (
                  <span className="muted">—</span>
                ),
            },
            { header: "First used", cell: (e) => formatDateTime(e.firstSeen) },
            { header: "Last used", cell: (e) => formatDateTime(e.lastSeen) },
          ]}
        />
      </Card>
      <Card title="Where it calls from">
        <p className="muted">
          Countries of its addresses, the clients it called with
          {a.kind === "api_key" || a.kind === "consumer" ? ", and the networks (/24) its calls came from" : ""}: a call
          from somewhere new, or with a new client, is judged against these.
        </p>
        <Table
          rows={a.places.map((p) => ({ ...p, id: `${p.kind}:${p.place}` }))}
          empty={
            a.kind === "ip" ? "An address is one place: its country is above." : "No call from a located address yet."
          }
          columns={[
            {
              header: "Place or client",
              cell: (p) =>
                p.kind === "country" ? (
                  `${countryName(p.place)} (${p.place})`
                ) : p.kind === "agent" ? (
                  `client: ${p.place}`
                ) : (
                  <span className="mono">{p.place}</span>
                ),
            },
            { header: "Calls", cell: (p) => p.calls.toLocaleString("en") },
            { header: "First", cell: (p) => formatDateTime(p.firstSeen) },
            { header: "Last", cell: (p) => formatDateTime(p.lastSeen) },
          ]}
        />
      </Card>
      <Card title={`Identities linked to it (${a.identities.total.toLocaleString("en")})`}>
        <p className="muted">
          Credentials and addresses seen in the same requests as this actor. Credentials are listed by kind: their
          values are never stored.
        </p>
        <Table
          rows={a.identities.shown.map((l, i) => ({ ...l, id: String(i) }))}
          empty="None: every request named this actor directly."
          columns={[
            {
              header: "Identity",
              cell: (l) =>
                l.address ? (
                  <Link
                    className="mono"
                    title="Hunt this address's requests"
                    href={ws.href(huntHref(huntTerm("ip", l.address), a.firstSeen, a.lastSeen))}
                  >
                    {l.address}
                  </Link>
                ) : (
                  (ACTOR_KIND_LABEL[l.kind] ?? l.kind)
                ),
            },
            { header: "Requests together", cell: (l) => l.together.toLocaleString("en") },
            {
              header: "Linked by",
              cell: (l) => <Link href={ws.href(requestHref(l.via))}>the first request carrying both</Link>,
            },
          ]}
        />
      </Card>
      <ActorSessions actor={a} />
      <RelatedActors actorId={a.id} />
      <AlertsCard rows={a.alerts} filter={{ actor: a.id }} empty="No alert about this actor." />
      {ws.can("response.manage") && (
        <Card title="Block at the gateway">
          {a.blockable.length > 0 ? (
            <BlockPanel targets={a.blockable} actorId={a.id} />
          ) : (
            <p className="muted">
              Nothing of this actor can be given to a gateway: it is known by a session or token that changes, and no
              address was linked to it.
            </p>
          )}
        </Card>
      )}
    </>
  );
}

/** Where the risk number comes from: the riskiest of its alerts, severity weighted by confidence. */
function RiskWhy({
  riskScore,
  alerts,
}: {
  riskScore: number;
  alerts: { id: string; title: string; severity: string; confidence: number; risk: number }[];
}) {
  const ws = useWorkspace();
  const worst = alerts.reduce<(typeof alerts)[number] | null>((w, x) => (!w || x.risk > w.risk ? x : w), null);
  if (riskScore === 0 || !worst) return <span className="muted">(no alert, or only ones explained as benign)</span>;
  return (
    <span className="muted" data-testid="actor-risk-why">
      (its riskiest alert, <Link href={ws.href(`/alerts/${worst.id}`)}>{worst.title}</Link>:{" "}
      {worst.severity.toLowerCase()} at {Math.round(worst.confidence * 100)}% confidence; 0 to 100)
    </span>
  );
}

/** The window a link carried here (an alert's span, ?from=…&to=…), to shade on the chart; null when none or not dates. */
function useFocusWindow(): { from: Date; to: Date } | null {
  const params = useSearchParams();
  const from = new Date(params.get("from") ?? "");
  const to = new Date(params.get("to") ?? "");
  return Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to ? null : { from, to };
}
