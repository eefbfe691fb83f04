"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { errorDetails, useTRPC } from "@/lib/trpc";
import type { TargetKind } from "@lantern/services/response/targets";

export type BlockTarget = { kind: TargetKind; value: string; label: string };

/** How long a block lasts: the choices, in hours (null: until someone removes it). */
export const DURATIONS: { label: string; hours: number | null }[] = [
  { label: "1 hour", hours: 1 },
  { label: "24 hours", hours: 24 },
  { label: "7 days", hours: 24 * 7 },
  { label: "30 days", hours: 24 * 30 },
  { label: "until removed", hours: null },
];

/**
 * Blocking one target, in two steps: what it would have hit in the last 7
 * days of traffic (and whether the allow list refuses it), then the reason,
 * the duration and the confirmation.
 */
export function BlockPanel({
  targets,
  alertId,
  actorId,
}: {
  targets: BlockTarget[];
  alertId?: string;
  actorId?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(0);
  const [list, setList] = useState<"BLOCK" | "RATE_LIMIT">("BLOCK");
  const [hours, setHours] = useState<number | null>(24);
  const [reason, setReason] = useState("");
  const target = targets[chosen];
  const preview = useQuery({
    ...trpc.response.preview.queryOptions({ kind: target?.kind ?? "cidr", value: target?.value ?? "0.0.0.0" }),
    enabled: Boolean(target),
    retry: false,
  });
  const block = useMutation(
    trpc.response.block.mutationOptions({
      onSuccess: () => {
        setReason("");
        void queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() });
      },
    }),
  );
  const failed = errorDetails(block.error);
  if (!target) return null;
  const p = preview.data;
  return (
    <form
      className="stack"
      data-testid="block-panel"
      onSubmit={(e) => {
        e.preventDefault();
        block.mutate({
          kind: target.kind,
          value: target.value,
          label: target.label,
          list,
          hours,
          reason,
          alertId,
          actorId,
        });
      }}
    >
      {targets.length > 1 && (
        <div className="field">
          <label htmlFor="block-target">What to block</label>
          <select id="block-target" value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
            {targets.map((t, i) => (
              <option key={`${t.kind}:${t.value}`} value={i}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <p data-testid="block-preview" className="muted">
        {preview.isPending
          ? "Counting what it would hit…"
          : preview.error
            ? preview.error.message
            : p
              ? `${target.label} sent ${formatCount(p.requests, "request")} from ${formatCount(p.addresses, "address", "addresses")} between ${formatDateTime(p.from)} and ${formatDateTime(p.to)}${p.userAgents[0] ? `, mostly as “${p.userAgents[0].agent}”` : ""}.`
              : ""}
      </p>
      {p?.allowedBy && (
        <p className="form-error" role="alert">
          The allow list covers it ({p.allowedBy.label}: {p.allowedBy.reason}), and the allow list always wins.
        </p>
      )}
      <div className="row" style={{ gap: 12 }}>
        <div className="field">
          <label htmlFor="block-list">List</label>
          <select id="block-list" value={list} onChange={(e) => setList(e.target.value as "BLOCK" | "RATE_LIMIT")}>
            <option value="BLOCK">Block (403 at the gateway)</option>
            <option value="RATE_LIMIT">Rate limit (the gateway slows it down)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="block-duration">For</label>
          <select
            id="block-duration"
            value={String(hours)}
            onChange={(e) => setHours(e.target.value === "null" ? null : Number(e.target.value))}
          >
            {DURATIONS.map((d) => (
              <option key={d.label} value={String(d.hours)}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Field
        id="block-reason"
        label="Why"
        placeholder="Credential stuffing against /v1/auth/login"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={failed.fields.reason}
      />
      <FormError message={failed.message} />
      {block.data && (
        <p role="status" data-testid="block-done">
          {`${block.data.label} is on the ${block.data.list === "BLOCK" ? "block" : "rate-limit"} list ${
            block.data.expiresAt ? `until ${formatDateTime(block.data.expiresAt)}` : "until someone removes it"
          }: gateways pulling the feed apply it at their next pull.`}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" disabled={block.isPending || Boolean(p?.allowedBy)}>
          Confirm the block
        </Button>
      </div>
    </form>
  );
}
