"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { detectorLabel } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { errorDetails, errorText, useTRPC } from "@/lib/trpc";

const KIND_LABEL: Record<string, string> = {
  "false-positive": "Taught by a false positive",
  actor: "Allow-listed actor",
  network: "Allow-listed network",
};

/** What Lantern keeps quiet and why: every suppression with what it matched since, removable. */
export default function SuppressionsPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.suppressions.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.suppressions.list.queryKey() });
  const remove = useMutation(trpc.suppressions.delete.mutationOptions({ onSuccess: refresh }));
  const [cidr, setCidr] = useState("");
  const [reason, setReason] = useState("");
  const create = useMutation(
    trpc.suppressions.create.mutationOptions({
      onSuccess: () => {
        setCidr("");
        setReason("");
        void refresh();
      },
    }),
  );
  const failed = errorDetails(create.error);

  return (
    <>
      <PageHeader
        title="Suppressions"
        description={
          <>
            Patterns your team marked benign. A finding one of them matches raises no alert; it is counted here instead.{" "}
            <Link href={ws.href("/alerts")}>Back to alerts</Link>
          </>
        }
      />
      <Card>
        <Table
          rows={list.data ?? []}
          empty={
            list.isPending
              ? "Loading…"
              : "Nothing is suppressed. Marking an alert a false positive, with its reason, adds one here."
          }
          columns={[
            { header: "Kind", cell: (s) => <Badge>{KIND_LABEL[s.kind] ?? s.kind}</Badge> },
            {
              header: "Keeps quiet",
              cell: (s) => (
                <>
                  <strong>{s.detector ? detectorLabel(s.detector) : "Every detector"}</strong>
                  {" for "}
                  {s.actor ? (
                    <Link href={ws.href(`/actors/${s.actor.id}`)}>{s.actor.label}</Link>
                  ) : s.cidr ? (
                    <code>{s.cidr}</code>
                  ) : s.endpoint ? (
                    <Link href={ws.href(`/inventory/${s.endpoint.id}`)}>{s.endpoint.label}</Link>
                  ) : (
                    "—"
                  )}
                  {s.alert && (
                    <div className="muted">
                      From alert <Link href={ws.href(`/alerts/${s.alert.id}`)}>{s.alert.title}</Link>
                    </div>
                  )}
                </>
              ),
            },
            {
              header: "Reason",
              cell: (s) => (
                <>
                  {s.reason}
                  <div className="muted">
                    {s.createdBy ?? "—"} · {formatDateTime(s.createdAt)}
                  </div>
                </>
              ),
            },
            {
              header: "Matched since",
              cell: (s) => (
                <span data-testid="suppression-hits">
                  {formatCount(s.hits, "finding")}
                  {s.lastHitAt ? <div className="muted">last {formatDateTime(s.lastHitAt)}</div> : null}
                </span>
              ),
            },
            ...(ws.can("alerts.triage")
              ? [
                  {
                    header: "",
                    cell: (s: { id: string }) => (
                      <Button
                        small
                        variant="danger"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate({ suppressionId: s.id })}
                      >
                        Remove
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <FormError message={remove.error ? errorText(remove.error) : null} />
      </Card>
      {ws.can("alerts.triage") && (
        <Card>
          <h2>Allow-list a network</h2>
          <p className="muted">
            Findings whose requests all come from this range raise no alert: your scanners, a pen-test team, a partner's
            fixed addresses.
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ kind: "network", cidr, reason });
            }}
          >
            <Field
              id="cidr"
              label="Network"
              placeholder="203.0.113.0/24"
              value={cidr}
              onChange={(e) => setCidr(e.target.value)}
              error={failed.fields.cidr}
            />
            <Field
              id="reason"
              label="Why it is benign"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={failed.fields.reason}
            />
            <FormError message={failed.message} />
            <Button type="submit" variant="primary" disabled={create.isPending}>
              Allow-list
            </Button>
          </form>
        </Card>
      )}
    </>
  );
}
