"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { BlockPanel } from "@/components/response/block-panel";
import { AllowListCard } from "@/components/response/allow-list-card";
import { FeedsCard } from "@/components/response/feeds-card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import { errorText, useTRPC } from "@/lib/trpc";
import type { TargetKind } from "@lantern/services/response/targets";

const KINDS: { value: TargetKind; label: string }[] = [
  { value: "cidr", label: "Address or range" },
  { value: "remote_user", label: "User (server-authenticated)" },
  { value: "basic_user", label: "User (HTTP Basic)" },
  { value: "consumer", label: "Gateway consumer" },
  { value: "jwt_sub", label: "User (JWT subject)" },
];

/** What the workspace's gateways refuse or slow down, what they never may, and how they pull it. */
export default function ResponsePage() {
  const ws = useWorkspace();
  const canManage = ws.can("response.manage");
  return (
    <>
      <EntriesCard list="BLOCK" title="Block list" />
      <EntriesCard list="RATE_LIMIT" title="Rate-limit list" />
      {canManage && <AddCard />}
      <AllowListCard />
      <FeedsCard />
    </>
  );
}

function EntriesCard({ list, title }: { list: "BLOCK" | "RATE_LIMIT"; title: string }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const [removed, setRemoved] = useState(false);
  const entries = useQuery(trpc.response.blocks.queryOptions({ list, status: removed ? "removed" : "active" }));
  const unblock = useMutation(
    trpc.response.unblock.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() }),
    }),
  );
  return (
    <Card
      title={title}
      actions={
        <Button small onClick={() => setRemoved(!removed)}>
          {removed ? "Show current" : "Show removed"}
        </Button>
      }
    >
      <div data-testid={`entries-${list}`}>
        <Table
          rows={entries.data ?? []}
          empty={
            entries.isPending
              ? "Loading…"
              : removed
                ? "Nothing has been taken off this list."
                : "Nothing is on this list. Block from an alert or an actor, or add an entry here."
          }
          columns={[
            { header: "Entry", cell: (e) => <span className="mono">{e.label}</span> },
            {
              header: "Why",
              cell: (e) => (
                <>
                  {e.reason}
                  {(e.alertId || e.actorId) && (
                    <div className="muted">
                      {e.alertId && <Link href={ws.href(`/alerts/${e.alertId}`)}>its alert</Link>}
                      {e.alertId && e.actorId && " · "}
                      {e.actorId && <Link href={ws.href(`/actors/${e.actorId}`)}>its actor</Link>}
                    </div>
                  )}
                </>
              ),
            },
            {
              header: "Added",
              cell: (e) => (
                <>
                  <span className="nowrap">{formatDateTime(e.createdAt)}</span>
                  <div className="muted">{e.createdBy}</div>
                </>
              ),
            },
            removed
              ? {
                  header: "Removed",
                  cell: (e) => (
                    <>
                      <span className="nowrap">{e.removedAt ? formatDateTime(e.removedAt) : ""}</span>
                      <div className="muted">{e.removedBy}</div>
                    </>
                  ),
                }
              : {
                  header: "Until",
                  cell: (e) => (
                    <span className="nowrap">{e.expiresAt ? formatDateTime(e.expiresAt) : "removed by hand"}</span>
                  ),
                },
            ...(ws.can("response.manage") && !removed
              ? [
                  {
                    header: "",
                    cell: (e: { id: string; label: string }) => (
                      <Button
                        small
                        variant="danger"
                        aria-label={`Unblock ${e.label}`}
                        disabled={unblock.isPending}
                        onClick={() => unblock.mutate({ entryId: e.id })}
                      >
                        Unblock
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      <FormError message={unblock.error ? errorText(unblock.error) : null} />
    </Card>
  );
}

/** An entry typed by hand: the kind, the value, then the block panel's preview and confirmation. */
function AddCard() {
  const [kind, setKind] = useState<TargetKind>("cidr");
  const [value, setValue] = useState("");
  const [target, setTarget] = useState<{ kind: TargetKind; value: string; label: string } | null>(null);
  return (
    <Card title="Add an entry">
      <form
        className="row"
        style={{ gap: 12, alignItems: "flex-end" }}
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) setTarget({ kind, value: value.trim(), label: value.trim() });
        }}
      >
        <div className="field">
          <label htmlFor="entry-kind">Kind</label>
          <select id="entry-kind" value={kind} onChange={(e) => setKind(e.target.value as TargetKind)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="entry-value"
          label={kind === "cidr" ? "Address or range" : "Name"}
          placeholder={kind === "cidr" ? "203.0.113.0/24" : "alice"}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <div className="field">
          <Button type="submit">Preview</Button>
        </div>
      </form>
      {target && <BlockPanel key={`${target.kind}:${target.value}`} targets={[target]} />}
    </Card>
  );
}
