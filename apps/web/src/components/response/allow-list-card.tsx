"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import { errorDetails, errorText, useTRPC } from "@/lib/trpc";

/** What no block may cover: own networks, partners, monitoring. Adding a range lifts the blocks it covers. */
export function AllowListCard() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.response.allowList.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() }),
    ]);
  const allowed = useQuery(trpc.response.allowList.queryOptions());
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const add = useMutation(
    trpc.response.allow.mutationOptions({
      onSuccess: () => {
        setValue("");
        setReason("");
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.response.disallow.mutationOptions({ onSuccess: () => void refresh() }));
  const failed = errorDetails(add.error);
  return (
    <Card title="Allow list">
      <p className="muted">Never blocked, whatever a person or a policy asks: the allow list always wins.</p>
      <div data-testid="allow-list">
        <Table
          rows={allowed.data ?? []}
          empty={allowed.isPending ? "Loading…" : "Nothing is allow-listed. Add your offices, partners and monitors."}
          columns={[
            {
              header: "Entry",
              cell: (a) => (
                <>
                  <span className="mono">{a.kind === "cidr" ? a.value : a.label}</span>
                  {a.kind === "cidr" && a.label !== a.value && <div className="muted">{a.label}</div>}
                </>
              ),
            },
            { header: "Whose", cell: (a) => a.reason },
            {
              header: "Added",
              cell: (a) => (
                <>
                  <span className="nowrap">{formatDateTime(a.createdAt)}</span>
                  <div className="muted">{a.createdBy}</div>
                </>
              ),
            },
            ...(ws.can("response.manage")
              ? [
                  {
                    header: "",
                    cell: (a: { id: string; label: string }) => (
                      <Button
                        small
                        variant="danger"
                        aria-label={`Remove ${a.label} from the allow list`}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate({ allowId: a.id })}
                      >
                        Remove
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      <FormError message={remove.error ? errorText(remove.error) : null} />
      {ws.can("response.manage") && (
        <form
          className="row"
          style={{ gap: 12, alignItems: "flex-end" }}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ kind: "cidr", value, reason });
          }}
        >
          <Field
            id="allow-value"
            label="Address or range to allow"
            placeholder="198.51.100.0/24"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={failed.fields.value}
          />
          <Field
            id="allow-reason"
            label="Whose it is"
            placeholder="Office VPN"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={failed.fields.reason}
          />
          <div className="field">
            <Button type="submit" disabled={add.isPending}>
              Allow
            </Button>
          </div>
        </form>
      )}
      <FormError message={failed.message} />
      {add.data && add.data.lifted.length > 0 && (
        <p role="status">Lifted from the lists: {add.data.lifted.join(", ")}.</p>
      )}
    </Card>
  );
}
