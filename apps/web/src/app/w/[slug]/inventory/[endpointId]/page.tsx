"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { AlertsCard } from "@/components/alerts/alerts-card";
import { StatusMixChart } from "@/components/charts/status-mix-chart";
import { TrafficChart } from "@/components/charts/traffic-chart";
import { changeText } from "@/components/inventory/change-label";
import { AbuseCasesCard } from "@/components/inventory/abuse-cases-card";
import { RiskCard } from "@/components/inventory/risk-card";
import { TemplateCorrections } from "@/components/inventory/template-corrections";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { useWorkspace } from "@/components/shell/workspace-context";
import { huntHref } from "@/lib/hunt-suggest";
import { useTRPC } from "@/lib/trpc";
import { huntTerm } from "@lantern/engine/hunt/query";
import { CREDENTIAL_TYPES, PLACE_LABEL, SENSITIVE_LABEL } from "@lantern/engine/normalize/sensitive-types";

const ms = (v: number | null) =>
  v === null ? "—" : `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString("en")} ms`;
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** One endpoint: how it is called, by whom, how it answers, and why its template looks the way it does. */
export default function EndpointPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const { endpointId } = useParams<{ endpointId: string }>();
  const endpoint = useQuery({ ...trpc.inventory.endpoint.queryOptions({ endpointId }), retry: false });
  const traffic = useQuery({
    ...trpc.inventory.traffic.queryOptions({ endpointId, range: "30d" }),
    enabled: endpoint.isSuccess,
  });
  const alerts = useQuery({
    ...trpc.alerts.list.queryOptions({ endpoint: endpointId, status: "all", pageSize: 10 }),
    enabled: endpoint.isSuccess,
  });
  const back = <Link href={ws.href("/inventory")}>← Inventory</Link>;
  if (endpoint.error) {
    return (
      <>
        <PageHeader title="Endpoint" description={back} />
        <EmptyState title="No such endpoint">
          It may have been merged into a broader template as more traffic arrived.
        </EmptyState>
      </>
    );
  }
  const e = endpoint.data;
  if (!e) return <p className="muted">Loading…</p>;
  return (
    <>
      <PageHeader
        title={`${e.method} ${e.template}`}
        description={
          <>
            {back} · {e.host}
            {e.version ? ` · API ${e.version}` : ""}
          </>
        }
      />
      <div className="row" style={{ gap: 24, marginBottom: 16 }} data-testid="endpoint-figures">
        <div>
          <strong>{e.calls.toLocaleString("en")}</strong> <span className="muted">calls</span>
        </div>
        <div>
          <strong>{e.distinctActors.toLocaleString("en")}</strong> <span className="muted">callers</span>
        </div>
        <div>
          {e.unauthenticated ? (
            <Badge tone="danger">unauthenticated</Badge>
          ) : (
            <span>
              {pct(e.authenticatedShare)} <span className="muted">with credentials</span>
            </span>
          )}
        </div>
        <div>
          <span className="muted">{e.direction}</span>
        </div>
        <div>
          <span className="muted">first seen</span> {formatDateTime(e.firstSeen)}{" "}
          <span className="muted">· last seen</span> {formatDateTime(e.lastSeen)}{" "}
          <Link
            data-testid="hunt-endpoint"
            href={ws.href(
              huntHref(huntTerm("endpoint", `${e.method} ${e.host}${e.template}`), e.firstSeen, e.lastSeen),
            )}
          >
            Hunt its requests
          </Link>
        </div>
      </div>
      {e.specStatus && (
        <div className={e.specStatus === "documented" ? "notice" : "notice"} role="note" data-testid="spec-status">
          {e.specStatus === "documented" && (
            <>
              Documented in the service&apos;s spec as <span className="mono">{e.specPath}</span>.
            </>
          )}
          {e.specStatus === "shadow" && (
            <>Shadow API: called, but not in the service&apos;s spec. Document it, or find out who exposed it.</>
          )}
          {e.specStatus === "zombie" && (
            <>Zombie API: {e.specReason}. Retire it, or move its callers to the current version.</>
          )}
          {e.undocumentedParams.length > 0 && (
            <>
              {" "}
              Query parameters the spec does not declare:{" "}
              <span className="mono">{e.undocumentedParams.join(", ")}</span>.
            </>
          )}
        </div>
      )}
      {e.unauthenticated && (
        <div className="notice" role="note">
          {e.unauthenticatedSuccesses.toLocaleString("en")} calls without any API key, token, session or user got a 2xx
          answer. If this endpoint should require authentication, it does not enforce it.
        </div>
      )}
      <RiskCard risk={e.risk} findings={e.openFindings} />
      <AbuseCasesCard cases={e.abuseCases} />
      <Card title="Traffic">
        {traffic.data && traffic.data.points.length > 0 ? (
          <TrafficChart points={traffic.data.points} step={traffic.data.step} />
        ) : (
          <p className="muted">{traffic.isPending ? "Loading…" : "No traffic in the last 30 days of data."}</p>
        )}
      </Card>
      <Card title="Answers">
        <StatusMixChart status={e.status} />
        <p className="muted">
          Latency p50 {ms(e.latencyMs.p50)} · p95 {ms(e.latencyMs.p95)} · p99 {ms(e.latencyMs.p99)} · server errors{" "}
          {pct(e.errorShare)}
        </p>
      </Card>
      <Card title="Top callers">
        {e.topActors.length === 0 ? (
          <p className="muted">No caller identified (the logs carry neither credentials nor client addresses).</p>
        ) : (
          <Table
            rows={e.topActors.map((a) => ({ ...a, id: a.label }))}
            columns={[
              {
                header: "Caller",
                cell: (a) =>
                  a.actorId ? (
                    <Link className="mono" href={ws.href(`/actors/${a.actorId}`)}>
                      {a.label}
                    </Link>
                  ) : (
                    <span className="mono">{a.label}</span>
                  ),
              },
              {
                header: "",
                cell: (a) => (
                  <Link
                    href={ws.href(
                      huntHref(
                        `${huntTerm("actor", a.label)} AND ${huntTerm("endpoint", `${e.method} ${e.host}${e.template}`)}`,
                        e.firstSeen,
                        e.lastSeen,
                      ),
                    )}
                  >
                    Hunt its calls here
                  </Link>
                ),
              },
              {
                header: "Calls",
                cell: (a) => `${a.calls.toLocaleString("en")} (${pct(a.calls / Math.max(1, e.calls))})`,
              },
            ]}
          />
        )}
      </Card>
      <AlertsCard rows={alerts.data?.rows} filter={{ endpoint: e.id }} empty="No alert about this endpoint." />
      <Card title="Sensitive data">
        {e.sensitive.length === 0 ? (
          <p className="muted">None seen in paths, query strings or (where the logs carry them) bodies.</p>
        ) : (
          <Table
            rows={e.sensitive.map((x) => ({ ...x, id: x.type }))}
            columns={[
              {
                header: "Data",
                cell: (x) => (
                  <Badge tone={CREDENTIAL_TYPES.has(x.type) || e.unauthenticated ? "danger" : "accent"}>
                    {SENSITIVE_LABEL[x.type]}
                  </Badge>
                ),
              },
              {
                header: "Calls",
                cell: (x) => `${x.calls.toLocaleString("en")} (${pct(x.calls / Math.max(1, e.calls))})`,
              },
              {
                header: "Where",
                cell: (x) =>
                  x.places.map((p) => `${PLACE_LABEL[p.where]} (${p.calls.toLocaleString("en")})`).join(", "),
              },
            ]}
          />
        )}
        {e.sensitive.some(
          (x) => CREDENTIAL_TYPES.has(x.type) && x.places.some((p) => p.where === "path" || p.where === "query"),
        ) && (
          <p className="notice" role="note">
            Credentials travel in the URL here: URLs end up in access logs, proxies and browser history. Send them in a
            header instead.
          </p>
        )}
      </Card>
      <Card title="Path parameters">
        {e.variables.length === 0 ? (
          <p className="muted">None: every segment of this path is literal.</p>
        ) : (
          <Table
            rows={e.variables.map((v) => ({ ...v, id: v.name }))}
            columns={[
              { header: "Parameter", cell: (v) => <span className="mono">{`{${v.name}}`}</span> },
              { header: "Why variable", cell: (v) => v.why },
              {
                header: "Distinct values seen",
                cell: (v) => (v.distinct >= 200 ? "200 or more" : v.distinct.toLocaleString("en")),
              },
              { header: "Examples", cell: (v) => <span className="mono">{v.examples.join(", ")}</span> },
            ]}
          />
        )}
      </Card>
      <TemplateCorrections endpointId={e.id} template={e.template} />
      <Card title="Query parameters">
        {e.params.length === 0 ? (
          <p className="muted">No query parameters seen.</p>
        ) : (
          <Table
            rows={e.params.map((p) => ({ ...p, id: p.name }))}
            columns={[
              { header: "Name", cell: (p) => <span className="mono">{p.name}</span> },
              { header: "Type", cell: (p) => (p.type === "secret" ? <Badge tone="danger">secret</Badge> : p.type) },
              { header: "Calls", cell: (p) => p.calls.toLocaleString("en") },
              { header: "Examples", cell: (p) => <span className="mono">{p.examples.join(", ")}</span> },
            ]}
          />
        )}
      </Card>
      <Card title="Changes">
        {e.changes.length === 0 ? (
          <p className="muted">No change recorded.</p>
        ) : (
          <ul>
            {e.changes.map((c) => (
              <li key={c.id}>
                {formatDateTime(c.at)} · {changeText(c.kind, c.detail as Record<string, string>)}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
