"use client";
import { huntTerm } from "@lantern/engine/hunt/query";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { requestHref } from "@/components/ui/requests-table";
import { Table } from "@/components/ui/table";
import { huntHref } from "@/lib/hunt-suggest";

type SignedIn = {
  uploadId: string;
  line: number;
  ip: string;
  at: Date;
  calledAs: { actorId: string | null; label: string; calls: number }[];
};

const HOUR = 3_600_000;

/** The sign-ins a credential-stuffing alert counts as succeeded: each request, and the accounts its address then used. */
export function SignedInCard({ signIns }: { signIns: SignedIn[] }) {
  const ws = useWorkspace();
  if (signIns.length === 0) return null;
  const accounts = new Set(signIns.flatMap((s) => s.calledAs.map((t) => t.actorId ?? t.label)));
  return (
    <Card title={`Sign-ins that succeeded from attacking addresses (${signIns.length})`}>
      <p className="muted" data-testid="signed-in-summary">
        {accounts.size
          ? `Their addresses then called as ${accounts.size} account${accounts.size === 1 ? "" : "s"}: reset their credentials and end their sessions.`
          : "None of their addresses called with a credential in the hour after: the accounts are not in the log (a sign-in names its account in the body). Check your identity provider's sign-in records for these addresses and times."}
      </p>
      <Table
        rows={signIns.map((s) => ({ ...s, id: `${s.uploadId}:${s.line}` }))}
        columns={[
          {
            header: "Signed in",
            cell: (s) => (
              <Link className="nowrap" href={ws.href(requestHref(s))}>
                {formatDateTime(s.at)}
              </Link>
            ),
          },
          {
            header: "From",
            cell: (s) => (
              <Link
                className="mono"
                href={ws.href(huntHref(huntTerm("ip", s.ip), s.at, new Date(new Date(s.at).getTime() + HOUR)))}
              >
                {s.ip}
              </Link>
            ),
          },
          {
            header: "Then called as (hour after)",
            cell: (s) =>
              s.calledAs.length === 0 ? (
                <span className="muted">no credential seen</span>
              ) : (
                s.calledAs.map((t, i) => (
                  <span key={t.actorId ?? t.label}>
                    {i > 0 && ", "}
                    {t.actorId ? <Link href={ws.href(`/actors/${t.actorId}`)}>{t.label}</Link> : t.label}{" "}
                    <span className="muted">({t.calls.toLocaleString("en")} calls)</span>
                  </span>
                ))
              ),
          },
        ]}
      />
    </Card>
  );
}
