"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Severity, SeveritySelect } from "@/components/response/severity-select";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import { errorText, type RouterOutputs, useTRPC } from "@/lib/trpc";

type Saved = RouterOutputs["hunt"]["saved"][number];

/** Keeps the current query under a name. */
export function SaveHunt({ query }: { query: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const save = useMutation(
    trpc.hunt.save.mutationOptions({
      onSuccess: () => {
        setName("");
        void queryClient.invalidateQueries({ queryKey: trpc.hunt.saved.queryKey() });
      },
    }),
  );
  return (
    <form
      className="row"
      style={{ gap: 8 }}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name, query });
      }}
    >
      <input
        aria-label="Name of the hunt"
        placeholder="Name this hunt"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <Button type="submit" small disabled={!query || save.isPending}>
        Save hunt
      </Button>
      {save.isSuccess && <span className="muted">Saved.</span>}
      <FormError message={save.error ? errorText(save.error) : null} />
    </form>
  );
}

/** The workspace's saved hunts: run one, make it a detector that runs on each upload, remove it. */
export function SavedHunts({ onRun }: { onRun: (query: string) => void }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const hunts = useQuery(trpc.hunt.saved.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.hunt.saved.queryKey() });
  const detector = useMutation(trpc.hunt.setDetector.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.hunt.remove.mutationOptions({ onSettled: refresh }));
  const canManage = ws.can("hunts.manage");
  if (!hunts.data?.length) return null;
  return (
    <div data-testid="saved-hunts">
      <Table
        rows={hunts.data}
        columns={[
          {
            header: "Hunt",
            cell: (h: Saved) => (
              <button type="button" className="link-button" title="Run it" onClick={() => onRun(h.query)}>
                <strong>{h.name}</strong>
              </button>
            ),
          },
          { header: "Query", cell: (h: Saved) => <span className="mono wrap-anywhere">{h.query}</span> },
          { header: "Owner", cell: (h: Saved) => h.owner?.name || h.owner?.email || "—" },
          {
            header: "As a detector",
            cell: (h: Saved) => (
              <DetectorSwitch
                hunt={h}
                disabled={!canManage || detector.isPending}
                onChange={(on, severity) => detector.mutate({ huntId: h.id, detector: on, severity })}
              />
            ),
          },
          {
            header: "Last upload",
            cell: (h: Saved) =>
              h.lastRunAt ? (
                <span className="muted">
                  {h.lastMatched.toLocaleString("en")} matched · {formatDateTime(h.lastRunAt)}
                </span>
              ) : (
                <span className="muted">{h.detector ? "runs on the next upload" : "—"}</span>
              ),
          },
          ...(canManage
            ? [
                {
                  header: "",
                  cell: (h: Saved) => (
                    <Button
                      small
                      variant="danger"
                      onClick={() => {
                        if (window.confirm(`Remove the saved hunt ${h.name}?`)) remove.mutate({ huntId: h.id });
                      }}
                    >
                      Remove
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormError message={detector.error ? errorText(detector.error) : remove.error ? errorText(remove.error) : null} />
    </div>
  );
}

function DetectorSwitch({
  hunt,
  disabled,
  onChange,
}: {
  hunt: Saved;
  disabled: boolean;
  onChange: (on: boolean, severity: Severity) => void;
}) {
  const [severity, setSeverity] = useState<Severity>(hunt.severity);
  return (
    <span className="row" style={{ gap: 8 }}>
      <label className="checkbox">
        <input
          type="checkbox"
          aria-label={`Run ${hunt.name} on each upload`}
          checked={hunt.detector}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked, severity)}
        />
        on each upload
      </label>
      <SeveritySelect
        id={`severity-${hunt.id}`}
        label="alerts"
        value={severity}
        onChange={(s) => {
          setSeverity(s);
          if (hunt.detector) onChange(true, s);
        }}
      />
    </span>
  );
}
