"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MemberOptions } from "@/components/shell/member-options";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { errorText, useTRPC } from "@/lib/trpc";

export type BulkChange = {
  status?: "NEW" | "INVESTIGATING" | "RESOLVED" | "FALSE_POSITIVE";
  assigneeId?: string | null;
  reason?: string;
};

/** One triage change for many alerts; the queue and the alerts' pages refresh after it. */
export function useBulkTriage(onDone: (changed: number) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bulk = useMutation(
    trpc.alerts.bulkUpdate.mutationOptions({
      onSuccess: (r) => {
        onDone(r.updated);
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );
  return { bulk, apply: (alertIds: string[], change: BulkChange) => bulk.mutate({ alertIds, ...change }) };
}

/** What can be done to the selected alerts at once. */
export function BulkBar({
  selected,
  triage,
  onClear,
}: {
  selected: string[];
  triage: ReturnType<typeof useBulkTriage>;
  onClear: () => void;
}) {
  const ws = useWorkspace();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  if (!ws.can("alerts.triage") || selected.length === 0) return null;
  const busy = triage.bulk.isPending;
  const apply = (change: BulkChange) => triage.apply(selected, change);
  return (
    <fieldset className="row bulk-bar" data-testid="bulk-actions">
      <legend className="sr-only">Act on the selected alerts</legend>
      <strong>{selected.length} selected</strong>
      <Button small disabled={busy} onClick={() => apply({ status: "INVESTIGATING" })}>
        Investigating
      </Button>
      <Button small disabled={busy} onClick={() => apply({ status: "RESOLVED" })}>
        Resolve
      </Button>
      <Button small disabled={busy} onClick={() => apply({ assigneeId: ws.userId })}>
        Assign to me
      </Button>
      <select
        aria-label="Assign selected to"
        value=""
        disabled={busy}
        onChange={(e) => apply({ assigneeId: e.target.value === "none" ? null : e.target.value })}
      >
        <option value="" disabled>
          Assign to…
        </option>
        <option value="none">Nobody (unassign)</option>
        <MemberOptions />
      </select>
      {asking ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            apply({ status: "FALSE_POSITIVE", reason });
            setAsking(false);
            setReason("");
          }}
        >
          <input
            aria-label="Why are these false positives?"
            placeholder="Why are these false positives?"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ minWidth: "min(280px, 100%)" }}
            // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it
            autoFocus
          />
          <Button small variant="danger" type="submit" disabled={busy || !reason.trim()}>
            Mark {selected.length} false positive{selected.length === 1 ? "" : "s"}
          </Button>
          <Button small onClick={() => setAsking(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button small disabled={busy} onClick={() => setAsking(true)}>
          False positive…
        </Button>
      )}
      <Button small onClick={onClear}>
        Clear selection
      </Button>
      {triage.bulk.error && (
        <span className="form-error" role="alert">
          {errorText(triage.bulk.error)}
        </span>
      )}
    </fieldset>
  );
}
