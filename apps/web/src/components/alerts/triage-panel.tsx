"use client";
import { MemberOptions } from "@/components/shell/member-options";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { STATUS_LABEL } from "./alert-labels";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { errorText, useTRPC } from "@/lib/trpc";

type Status = "NEW" | "INVESTIGATING" | "RESOLVED" | "FALSE_POSITIVE";
/** Statuses that take an alert off the open queue: after them, the next alert. */
const CLOSING: Status[] = ["RESOLVED", "FALSE_POSITIVE"];

/**
 * Status, assignee and comments of one alert, for those who may triage. The
 * assignee and the status save as soon as they are picked; a false positive
 * first asks why, as it teaches the suppression layer.
 */
export function TriagePanel({
  alertId,
  status,
  assigneeId,
  onClosed,
}: {
  alertId: string;
  status: Status;
  assigneeId: string | null;
  /** Called after a status that closes the alert was saved. */
  onClosed?: (status: Status) => void;
}) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const [nextStatus, setNextStatus] = useState<Status>(status);
  const [reason, setReason] = useState("");
  const [comment, setComment] = useState("");
  // The alert and the queue (a status change moves it in or out).
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.alerts.get.queryKey({ alertId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }),
    ]);
  const update = useMutation(
    trpc.alerts.update.mutationOptions({
      onSuccess: (_r, input) => {
        setReason("");
        void refresh();
        if (input.status && CLOSING.includes(input.status)) onClosed?.(input.status);
      },
    }),
  );
  const pickStatus = (next: Status) => {
    setNextStatus(next);
    // A false positive waits for its reason; every other status saves like the assignee does.
    if (next !== "FALSE_POSITIVE" && next !== status) update.mutate({ alertId, status: next });
  };
  const post = useMutation(
    trpc.alerts.comment.mutationOptions({
      onSuccess: () => {
        setComment("");
        void refresh();
      },
    }),
  );
  if (!ws.can("alerts.triage")) return null;
  return (
    <Card title="Triage">
      <div className="stack">
        <div className="row">
          <label htmlFor="assignee">Assignee</label>
          <select
            id="assignee"
            value={assigneeId ?? ""}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ alertId, assigneeId: e.target.value || null })}
          >
            <option value="">Unassigned</option>
            <MemberOptions />
          </select>
        </div>
        <div className="row">
          <label htmlFor="status">Status</label>
          <select
            id="status"
            value={nextStatus}
            disabled={update.isPending}
            onChange={(e) => pickStatus(e.target.value as Status)}
          >
            {Object.entries(STATUS_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          {nextStatus === "FALSE_POSITIVE" && status !== "FALSE_POSITIVE" && (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                update.mutate({ alertId, status: "FALSE_POSITIVE", reason });
              }}
            >
              <input
                aria-label="Why is it a false positive?"
                placeholder="Why is it a false positive?"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                style={{ minWidth: "min(320px, 100%)" }}
              />
              <Button variant="primary" small type="submit" disabled={update.isPending || !reason.trim()}>
                Mark false positive
              </Button>
            </form>
          )}
        </div>
        {nextStatus === "FALSE_POSITIVE" && status !== "FALSE_POSITIVE" && (
          <p className="muted">
            The same pattern from this actor will not alert again; setting another status later undoes it.
          </p>
        )}
        {update.error && (
          <div className="form-error" role="alert">
            {errorText(update.error)}
          </div>
        )}
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            post.mutate({ alertId, text: comment });
          }}
        >
          <textarea
            aria-label="Comment"
            placeholder="What did you find?"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={3}
          />
          <div>
            <Button variant="default" small type="submit" disabled={post.isPending || !comment.trim()}>
              Comment
            </Button>
          </div>
          {post.error && (
            <div className="form-error" role="alert">
              {errorText(post.error)}
            </div>
          )}
        </form>
      </div>
    </Card>
  );
}
