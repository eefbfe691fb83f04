"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import { errorText, useTRPC } from "@/lib/trpc";

const TONE = { DELIVERED: "ok", FAILED: "danger", PENDING: undefined } as const;

/** The delivery log: every message sent to an integration, its attempts and answers, and a way to send it again. */
export function DeliveriesCard() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    ...trpc.integrations.deliveries.queryOptions({ limit: 50 }),
    // Pending deliveries are being retried: keep the log current while any is.
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === "PENDING") ? 2_000 : 15_000),
  });
  const redeliver = useMutation(
    trpc.integrations.redeliver.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.integrations.deliveries.queryKey() }),
    }),
  );
  return (
    <Card title="Delivery log">
      <div data-testid="deliveries">
        <Table
          rows={deliveries.data ?? []}
          empty={
            deliveries.isPending
              ? "Loading…"
              : "Nothing has been sent yet. Send a test, or switch on a policy that notifies."
          }
          columns={[
            { header: "When", cell: (d) => <span className="nowrap">{formatDateTime(d.createdAt)}</span> },
            { header: "To", cell: (d) => d.integration },
            {
              header: "What",
              cell: (d) =>
                d.event === "alert.raised" && d.subjectId ? (
                  <Link href={ws.href(`/alerts/${d.subjectId}`)}>{d.summary}</Link>
                ) : (
                  d.summary
                ),
            },
            {
              header: "Status",
              cell: (d) => (
                <>
                  <Badge tone={TONE[d.status]}>
                    {d.status === "PENDING" && d.attempts > 0 ? "retrying" : d.status.toLowerCase()}
                  </Badge>
                  <div className="muted">
                    {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    {d.lastStatus ? ` · HTTP ${d.lastStatus}` : ""}
                  </div>
                  {d.status !== "DELIVERED" && d.lastError && (
                    <div className="muted" style={{ maxWidth: 360, overflowWrap: "anywhere" }}>
                      {d.lastError}
                    </div>
                  )}
                </>
              ),
            },
            ...(ws.can("integrations.manage")
              ? [
                  {
                    header: "",
                    cell: (d: { id: string; status: string }) =>
                      d.status === "PENDING" ? null : (
                        <Button
                          small
                          disabled={redeliver.isPending}
                          onClick={() => redeliver.mutate({ deliveryId: d.id })}
                        >
                          Send again
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      <FormError message={redeliver.error ? errorText(redeliver.error) : null} />
    </Card>
  );
}
