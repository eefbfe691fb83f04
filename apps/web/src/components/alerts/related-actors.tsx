"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { riskTone } from "@/components/alerts/actor-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc";

/** Actors related to this one (a shared address or credential, the same /24, a rare client or network): the pivot. */
export function RelatedActors({ actorId }: { actorId: string }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const related = useQuery(trpc.actors.related.queryOptions({ actorId }));
  return (
    <Card title="Related actors">
      {related.isPending ? (
        <p className="muted">Looking for actors it shares something with…</p>
      ) : (
        <div data-testid="related-actors">
          <Table
            rows={related.data ?? []}
            empty="None: no other actor shared an address or credential with it, called from its networks, or used its rarer clients."
            columns={[
              { header: "Actor", cell: (r) => <Link href={ws.href(`/actors/${r.id}`)}>{r.label}</Link> },
              {
                header: "Risk",
                cell: (r) => <Badge tone={riskTone(r.riskScore)}>{Math.round(r.riskScore)}</Badge>,
              },
              { header: "Why", cell: (r) => <span className="muted">{r.reasons.join("; ")}</span> },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
