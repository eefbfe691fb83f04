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

/** Status, assignee and comments of one alert, for those who may triage. */
export function TriagePanel({
  alertId,
  status,
  assigneeId,
}: {
  alertId: string;
  status: Status;
  assigneeId: string | null;
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
      onSuccess: () => {
        setReason("");
        void refresh();
      },
    }),
  );
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
          <select id="status" value={nextStatus} onChange={(e) => setNextStatus(e.target.value as Status)}>
            {Object.entries(STATUS_LABEL).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          {nextStatus === "FALSE_POSITIVE" && (
            <input
              aria-label="Why is it a false positive?"
              placeholder="Why is it a false positive?"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ minWidth: 320 }}
            />
          )}
          <Button
            variant="primary"
            small
            disabled={update.isPending || nextStatus === status}
            onClick={() => update.mutate({ alertId, status: nextStatus, reason: reason || undefined })}
          >
            Set status
          </Button>
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
