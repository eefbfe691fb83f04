"use client";
import { huntTerm } from "@lantern/engine/hunt/query";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { severityTone } from "@/components/alerts/alert-labels";
import { TrafficChart } from "@/components/charts/traffic-chart";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card } from "@/components/ui/card";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import { huntHref } from "@/lib/hunt-suggest";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";

type Session = RouterOutputs["actors"]["sessions"]["sessions"][number];

const TITLES: Record<string, string> = {
  endpoint: "Endpoints",
  status: "Statuses",
  ip: "Addresses",
  country: "Countries",
  ua: "User agents",
};

/** Every session of the actor over what is kept, newest first, with the alerts raised in it; one opens to its details. */
export function ActorSessions({ actor }: { actor: { id: string; label: string } }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const sessions = useQuery(trpc.actors.sessions.queryOptions({ actorId: actor.id }));
  const [open, setOpen] = useState<string | null>(null);
  const d = sessions.data;
  return (
    <Card title={d ? `Sessions (${d.total.toLocaleString("en")})` : "Sessions"}>
      {d && (
        <p className="muted">
          Runs of active hours over the {d.retentionDays} days of requests kept
          {d.total > d.sessions.length ? `; the newest ${d.sessions.length} are listed` : ""}.
        </p>
      )}
      <div data-testid="actor-sessions">
        <Table
          rows={(d?.sessions ?? []).map((s) => ({ ...s, id: s.from }))}
          empty={sessions.isPending ? "Reading its hours…" : "No session counted yet."}
          columns={[
            {
              header: "When",
              cell: (s: Session) => (
                <button type="button" className="link-button" onClick={() => setOpen(open === s.from ? null : s.from)}>
                  {open === s.from ? "▾" : "▸"} {formatDateTime(s.from)}
                </button>
              ),
            },
            { header: "Hours", cell: (s: Session) => s.hours },
            { header: "Calls", cell: (s: Session) => s.calls.toLocaleString("en") },
            {
              header: "Refused",
              cell: (s: Session) => (s.failures ? <Badge tone="accent">{s.failures.toLocaleString("en")}</Badge> : "—"),
            },
            {
              header: "Alerts",
              cell: (s: Session) =>
                s.alerts.length
                  ? s.alerts.map((a) => (
                      <Link key={a.id} href={ws.href(`/alerts/${a.id}`)} title={a.title}>
                        <Badge tone={severityTone(a.severity)}>{a.severity.toLowerCase()}</Badge>
                      </Link>
                    ))
                  : "—",
            },
            {
              header: "",
              cell: (s: Session) => (
                <Link href={ws.href(huntHref(huntTerm("actor", actor.label), s.from, s.to))}>Hunt this session</Link>
              ),
            },
          ]}
        />
      </div>
      {open && d && <SessionDetail actorId={actor.id} session={d.sessions.find((s) => s.from === open)!} />}
    </Card>
  );
}

/** What one session did: its calls hour by hour with its alerts shaded, and the top values of its requests. */
function SessionDetail({ actorId, session }: { actorId: string; session: Session }) {
  const trpc = useTRPC();
  const facets = useQuery(trpc.hunt.facets.queryOptions({ q: `actor:${actorId}`, from: session.from, to: session.to }));
  return (
    <div style={{ marginTop: 12 }}>
      <TrafficChart
        testId="session-chart"
        step="hour"
        points={withQuietEnds(session)}
        names={{ clientErrors: "refused (401/403)", serverErrors: "other errors" }}
        highlights={session.alerts.map((a) => ({ from: new Date(a.from), to: new Date(a.to), label: a.title }))}
      />
      <div data-testid="session-detail" className="grid-2" style={{ marginTop: 12 }}>
        {facets.isPending && <p className="muted">Counting its requests…</p>}
        {(facets.data ?? [])
          .filter((f) => TITLES[f.field])
          .map((f) => (
            <div key={f.field}>
              <h3 style={{ margin: "0 0 4px", fontSize: 13 }}>{TITLES[f.field]}</h3>
              {f.values.length === 0 ? (
                <p className="muted">None</p>
              ) : (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {f.values.slice(0, 5).map((v) => (
                    <li key={v.value} className="wrap-anywhere">
                      <span className="mono">{v.label}</span> <span className="muted">{formatCount(v.n, "call")}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
      </div>
    </div>
  );
}

const HOUR = 3_600_000;

/** The session's hours with a quiet hour on each side, so even a one-hour session draws as a shape. */
function withQuietEnds(session: Session) {
  const quiet = (at: number) => ({ at: new Date(at), calls: 0, clientErrors: 0, serverErrors: 0 });
  return [
    quiet(Date.parse(session.from) - HOUR),
    ...session.hourly.map((h) => ({
      at: new Date(h.at),
      calls: h.calls,
      clientErrors: h.failures,
      serverErrors: Math.max(0, h.errors - h.failures),
    })),
    quiet(Date.parse(session.to)),
  ];
}
