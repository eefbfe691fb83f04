"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
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

type List = "BLOCK" | "RATE_LIMIT";
type Settings = { list: List; hours: number | null; reason: string };

/**
 * Blocking from an alert, an actor or by hand, in two steps: what it would
 * have hit in the last 7 days of traffic (and whether the allow list
 * refuses it), then the reason, the duration and the confirmation. An alert
 * whose requests came from several addresses also offers all of them at once.
 */
export function BlockPanel({
  targets,
  alertId,
  actorId,
  alertAddresses = 0,
}: {
  targets: BlockTarget[];
  alertId?: string;
  actorId?: string;
  /** How many addresses the alert's requests came from. */
  alertAddresses?: number;
}) {
  const [chosen, setChosen] = useState(0);
  const everyAddress = alertId && alertAddresses > 1 ? `every address of this alert (${alertAddresses})` : null;
  const choices = [...targets.map((t) => t.label), ...(everyAddress ? [everyAddress] : [])];
  if (choices.length === 0) return null;
  return (
    <div className="stack" data-testid="block-panel">
      {choices.length > 1 && (
        <div className="field">
          <label htmlFor="block-target">What to block</label>
          <select id="block-target" value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
            {choices.map((label, i) => (
              <option key={label} value={i}>
                {label}
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen < targets.length ? (
        <OneTarget key={chosen} target={targets[chosen]!} alertId={alertId} actorId={actorId} />
      ) : (
        <EveryAddress alertId={alertId!} />
      )}
    </div>
  );
}

function OneTarget({ target, alertId, actorId }: { target: BlockTarget; alertId?: string; actorId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({
    ...trpc.response.preview.queryOptions({ kind: target.kind, value: target.value }),
    retry: false,
  });
  const block = useMutation(
    trpc.response.block.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() }),
    }),
  );
  const p = preview.data;
  return (
    <BlockForm
      pending={block.isPending}
      error={block.error}
      refused={Boolean(p?.allowedBy)}
      onSubmit={(s) =>
        block.mutate({ kind: target.kind, value: target.value, label: target.label, ...s, alertId, actorId })
      }
      preview={
        <>
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
        </>
      }
      done={
        block.data &&
        `${block.data.label} is on the ${block.data.list === "BLOCK" ? "block" : "rate-limit"} list ${until(block.data.expiresAt)}: gateways pulling the feed apply it at their next pull.`
      }
    />
  );
}

function EveryAddress({ alertId }: { alertId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...trpc.response.previewAlert.queryOptions({ alertId }), retry: false });
  const block = useMutation(
    trpc.response.blockAlert.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() }),
    }),
  );
  const p = preview.data;
  const d = block.data;
  return (
    <BlockForm
      pending={block.isPending}
      error={block.error}
      refused={p?.addresses === 0}
      onSubmit={(s) => block.mutate({ alertId, ...s })}
      preview={
        <p data-testid="block-preview" className="muted">
          {preview.isPending
            ? "Counting what they would hit…"
            : preview.error
              ? preview.error.message
              : p
                ? `${formatCount(p.addresses, "address", "addresses")} sent ${formatCount(p.requests, "request")} between ${formatDateTime(p.from)} and ${formatDateTime(p.to)}.${
                    p.spared.length
                      ? ` The allow list spares ${formatCount(p.spared.length, "more", "more")}: ${[...new Set(p.spared.map((s) => s.allowedBy))].join(", ")}.`
                      : ""
                  }`
                : ""}
        </p>
      }
      done={
        d &&
        `${formatCount(d.blocked, "address", "addresses")} ${d.blocked === 1 ? "is" : "are"} on the ${d.list === "BLOCK" ? "block" : "rate-limit"} list ${until(d.expiresAt)}${d.spared ? `; ${d.spared} spared by the allow list` : ""}.`
      }
    />
  );
}

export const until = (expiresAt: Date | string | null) =>
  expiresAt ? `until ${formatDateTime(expiresAt)}` : "until someone removes it";

/** The list, the duration, the reason and the confirmation, under a preview. */
export function BlockForm({
  preview,
  done,
  pending,
  error,
  refused,
  onSubmit,
}: {
  preview: ReactNode;
  done: string | null | undefined | false;
  pending: boolean;
  error: unknown;
  refused: boolean;
  onSubmit: (settings: Settings) => void;
}) {
  const [list, setList] = useState<List>("BLOCK");
  const [hours, setHours] = useState<number | null>(24);
  const [reason, setReason] = useState("");
  const failed = errorDetails(error);
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ list, hours, reason });
      }}
    >
      {preview}
      <div className="row" style={{ gap: 12 }}>
        <div className="field">
          <label htmlFor="block-list">List</label>
          <select id="block-list" value={list} onChange={(e) => setList(e.target.value as List)}>
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
      {done && (
        <p role="status" data-testid="block-done">
          {done}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" disabled={pending || refused}>
          Confirm the block
        </Button>
      </div>
    </form>
  );
}
