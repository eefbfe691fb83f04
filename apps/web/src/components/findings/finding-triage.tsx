"use client";
import { MemberOptions } from "@/components/shell/member-options";
// What people do with a finding on its page: accept the risk or open it
// again, give it an owner, comment, and read its history.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { ticketText } from "@/components/response/ticket-links";
import { formatDateTime } from "@/components/ui/format";
import { errorDetails, errorText, useTRPC } from "@/lib/trpc";

/** The finding, the lists it appears in (the open list must drop it at once) and the score, which counts open ones. */
function useFindingRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.findings.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.findings.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.findings.posture.queryKey() }),
    ]);
}

/** Accepting the risk (with a reason and how long), or taking it back. */
export function AcceptPanel({
  finding,
  canManage,
}: {
  finding: { id: string; status: string; reason: string | null; until: Date | string | null };
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [days, setDays] = useState("90");
  const refresh = useFindingRefresh();
  const accept = useMutation(trpc.findings.accept.mutationOptions({ onSuccess: refresh }));
  const reopen = useMutation(trpc.findings.reopen.mutationOptions({ onSuccess: refresh }));
  const { message, fields } = errorDetails(accept.error ?? reopen.error);
  if (finding.status === "ACCEPTED") {
    return (
      <Card title="Risk accepted">
        <p data-testid="accepted-reason">
          {finding.reason} (until {formatDateTime(finding.until)})
        </p>
        {canManage && (
          <Button onClick={() => reopen.mutate({ findingId: finding.id })} disabled={reopen.isPending}>
            Open it again
          </Button>
        )}
      </Card>
    );
  }
  if (finding.status !== "OPEN" || !canManage) return null;
  return (
    <Card title="Accept the risk">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate({ findingId: finding.id, reason, days: Number(days) });
        }}
      >
        <FormError message={message} />
        <Field
          id="reason"
          label="Why this risk is accepted"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fields.reason}
        />
        <Field
          id="days"
          label="For how many days"
          type="number"
          min={1}
          max={365}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fields.days}
          hint="It opens again on its own after that if it still holds."
        />
        <Button type="submit" variant="primary" disabled={accept.isPending}>
          Accept the risk
        </Button>
      </form>
    </Card>
  );
}

/** The owner, and comments between the developers who fix it and SecOps. */
export function OwnerAndComments({
  findingId,
  ownerId,
  canManage,
}: {
  findingId: string;
  ownerId: string | null;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useFindingRefresh();
  const [comment, setComment] = useState("");
  const assign = useMutation(trpc.findings.assign.mutationOptions({ onSuccess: refresh }));
  const post = useMutation(
    trpc.findings.comment.mutationOptions({
      onSuccess: () => {
        setComment("");
        void refresh();
      },
    }),
  );
  if (!canManage) return null;
  const error = assign.error ?? post.error;
  return (
    <Card title="Owner and comments">
      <div className="stack">
        <div className="row">
          <label htmlFor="owner">Owner</label>
          <select
            id="owner"
            value={ownerId ?? ""}
            disabled={assign.isPending}
            onChange={(e) => assign.mutate({ findingId, ownerId: e.target.value || null })}
          >
            <option value="">Nobody</option>
            <MemberOptions />
          </select>
        </div>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            post.mutate({ findingId, text: comment });
          }}
        >
          <textarea
            aria-label="Comment"
            placeholder="What is planned, or why it is as it is"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={3}
          />
          <div>
            <Button small type="submit" disabled={post.isPending || !comment.trim()}>
              Comment
            </Button>
          </div>
        </form>
        {error && (
          <div className="form-error" role="alert">
            {errorText(error)}
          </div>
        )}
      </div>
    </Card>
  );
}

type Activity = { id: string; kind: string; detail: Record<string, unknown>; at: Date | string; by: string | null };

function describe(a: Activity): string {
  const d = a.detail;
  switch (a.kind) {
    case "opened":
      return "Found by the posture checks";
    case "resolved":
      return `Resolved: ${String(d.reason ?? "")}`;
    case "reopened":
      return "Opened again";
    case "accepted":
      return `Risk accepted: ${String(d.reason ?? "")}`;
    case "assigned":
      return d.to ? `Given to ${String(d.to)}` : "Owner removed";
    case "comment":
      return String(d.text ?? "");
    case "policy":
      return `Policy “${String(d.policy ?? "")}” told its integrations`;
    case "ticket":
      return ticketText(d);
    default:
      return a.kind;
  }
}

/** The finding's history, oldest first. */
export function FindingActivity({ activity }: { activity: Activity[] }) {
  return (
    <Card title="History">
      <ol className="stack" data-testid="finding-activity" style={{ listStyle: "none", padding: 0 }}>
        {activity.map((a) => (
          <li key={a.id}>
            <span className="muted">
              {formatDateTime(a.at)} · {a.by ?? (typeof a.detail.via === "string" ? a.detail.via : "Lantern")}
            </span>
            <div style={{ whiteSpace: "pre-wrap" }}>{describe(a)}</div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
