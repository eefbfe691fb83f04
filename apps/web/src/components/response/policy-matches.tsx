"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { errorText, useTRPC } from "@/lib/trpc";

const STATE_WORDS: Record<string, string> = {
  suggested: "waits for a decision",
  applied: "applied",
  dismissed: "dismissed",
  notified: "notified",
};

/** What response policies did on this alert, and the blocks they suggest, to confirm or dismiss. */
export function PolicyMatches({ alertId }: { alertId: string }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const matches = useQuery(trpc.policies.forAlert.queryOptions({ alertId }));
  const decide = useMutation(
    trpc.policies.decide.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.policies.forAlert.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.response.blocks.queryKey() });
      },
    }),
  );
  if (!matches.data?.length) return null;
  return (
    <Card title="Response policies">
      {matches.data.map((m) => {
        const suggested = m.targets.filter((t) => t.outcome === "suggested");
        const blocked = m.targets.filter((t) => t.outcome === "blocked");
        const spared = m.targets.filter((t) => t.outcome === "spared");
        const verb = m.list === "RATE_LIMIT" ? "rate-limit" : "block";
        return (
          <div key={m.id} data-testid="policy-match" style={{ marginBottom: 12 }}>
            <p style={{ margin: 0 }}>
              <strong>{m.policy}</strong>{" "}
              <Badge tone={m.state === "suggested" ? "accent" : undefined}>{STATE_WORDS[m.state] ?? m.state}</Badge>{" "}
              <span className="muted">{formatDateTime(m.at)}</span>
            </p>
            {suggested.length > 0 && m.state === "suggested" && (
              <p>
                Suggests to {verb} {formatCount(suggested.length, "target")}
                {m.blockHours ? ` for ${m.blockHours} h` : ""}:{" "}
                {suggested
                  .slice(0, 8)
                  .map((t) => t.label)
                  .join(", ")}
                {suggested.length > 8 ? ` and ${suggested.length - 8} more` : ""}.
              </p>
            )}
            {blocked.length > 0 && (
              <p>
                {verb === "block" ? "Blocked" : "Rate-limited"} {formatCount(blocked.length, "target")}
                {m.decidedBy ? `, confirmed by ${m.decidedBy}` : " automatically"}.
              </p>
            )}
            {spared.length > 0 && (
              <p className="muted">
                The allow list spared {spared.length}: {[...new Set(spared.map((t) => t.note))].join(", ")}.
              </p>
            )}
            {m.state === "dismissed" && <p className="muted">Dismissed by {m.decidedBy}.</p>}
            {m.state === "suggested" && ws.can("response.manage") && (
              <div className="row">
                <Button
                  variant="primary"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ matchId: m.id, decision: "confirm" })}
                >
                  Confirm: {verb} {formatCount(suggested.length, "target")}
                </Button>
                <Button
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ matchId: m.id, decision: "dismiss" })}
                >
                  Dismiss
                </Button>
              </div>
            )}
          </div>
        );
      })}
      <FormError message={decide.error ? errorText(decide.error) : null} />
    </Card>
  );
}
