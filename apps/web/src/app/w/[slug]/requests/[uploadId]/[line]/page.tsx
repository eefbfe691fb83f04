"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import type { ReactNode } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";

/** One stored request, as evidence links to it: every field the log gave, and where it leads. */
export default function RequestPage() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const params = useParams<{ uploadId: string; line: string }>();
  const line = Number(params.line);
  // Line numbers are positive 32-bit integers (what the events table stores).
  const valid = Number.isInteger(line) && line >= 1 && line <= 2_147_483_647;
  const request = useQuery({
    ...trpc.requests.get.queryOptions({ uploadId: params.uploadId, line: valid ? line : 1 }),
    enabled: valid,
    retry: false,
  });
  if (!valid || request.error) {
    return (
      <>
        <PageHeader title="Request" />
        <EmptyState title="No such request">
          {valid ? request.error?.message : "The link names no line of an upload."}
        </EmptyState>
      </>
    );
  }
  const r = request.data;
  if (!r) return <p className="muted">Loading…</p>;
  const size = (n: number | null) => (n === null ? null : `${n.toLocaleString("en")} bytes`);
  return (
    <>
      <PageHeader
        title={`${r.method} ${r.target}`}
        description={
          <>
            {formatDateTime(r.ts)} · line {r.line.toLocaleString("en")} of {r.upload.fileName} from{" "}
            <Link href={ws.href(`/data-sources/${encodeURIComponent(r.upload.source)}`)}>{r.upload.source}</Link>
          </>
        }
      />
      <div className="grid-2">
        <Card title="Request">
          <Fields
            testId="request-fields"
            rows={[
              ["Host", r.host],
              ["Scheme", r.scheme],
              ["Protocol", r.protocol],
              ["TLS", r.tls],
              ["Status", r.status === null ? null : String(r.status)],
              ["Latency", r.latencyMs === null ? null : `${r.latencyMs.toLocaleString("en")} ms`],
              ["Request size", size(r.requestBytes)],
              ["Response size", size(r.responseBytes)],
              ["Service", r.service],
              ["Upstream", r.upstream],
              ["Request id", r.requestId],
              ["Referer", r.referer],
            ]}
          />
        </Card>
        <Card title="Caller">
          <Fields
            testId="request-caller"
            rows={[
              [
                "Actor",
                r.actor ? (
                  <Link key="actor" href={ws.href(`/actors/${r.actor.id}`)}>
                    {r.actor.label}
                  </Link>
                ) : (
                  "Not linked to an actor"
                ),
              ],
              ["Client address", r.clientIp],
              ["Country", r.country],
              [
                "Peer address",
                r.peerIp && r.peerIp !== r.clientIp ? `${r.peerIp}${r.viaProxy ? " (a proxy)" : ""}` : null,
              ],
              ["User agent", r.userAgent],
              ["JWT issuer", r.jwtIssuer],
            ]}
          />
          {r.identities.length > 0 ? (
            <ul data-testid="request-identities">
              {r.identities.map((id) => (
                <li key={`${id.kind}:${id.shown}`}>
                  <span className="mono">{id.shown}</span>{" "}
                  <span className="muted">
                    ({id.kind.replace("_", " ")} from {id.source})
                  </span>
                  {id.weakJwt && <Badge tone="danger">weak JWT: {id.weakJwt}</Badge>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">It carried no credential (secrets are masked when they arrive).</p>
          )}
        </Card>
      </div>
      <Card title="What Lantern saw in it">
        <Fields
          testId="request-judgement"
          rows={[
            [
              "Endpoint",
              r.endpoint ? (
                <Link key="endpoint" href={ws.href(`/inventory/${r.endpoint.id}`)}>
                  {r.endpoint.label}
                </Link>
              ) : (
                "None of the inventory's endpoints (a 404 path, or one not discovered yet)"
              ),
            ],
            ["Attack payloads", r.attacks.length ? r.attacks.join(", ") : "None"],
            [
              "Sensitive data",
              r.sensitive.length ? r.sensitive.map((s) => `${s.label} (${s.where})`).join(", ") : "None",
            ],
          ]}
        />
        <p className="muted">Personal data in the path or query is masked here, as in the evidence that links to it.</p>
      </Card>
    </>
  );
}

/** Label and value pairs; fields the log did not carry are left out. */
function Fields({ rows, testId }: { rows: [string, ReactNode][]; testId: string }) {
  return (
    <dl className="stack" data-testid={testId}>
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== "")
        .map(([name, value]) => (
          <div key={name} className="row" style={{ gap: 8 }}>
            <dt className="muted">{name}</dt>
            <dd className="mono" style={{ margin: 0, overflowWrap: "anywhere" }}>
              {value}
            </dd>
          </div>
        ))}
    </dl>
  );
}
