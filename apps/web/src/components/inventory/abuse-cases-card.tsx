"use client";
import Link from "next/link";
import type { AbuseCase } from "@lantern/engine/posture/abuse-cases";
import { detectorLabel } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card } from "@/components/ui/card";

/** What an attacker could do with the endpoint, which detectors watch each case, and where the logs leave them blind. */
export function AbuseCasesCard({ cases }: { cases: AbuseCase[] }) {
  const ws = useWorkspace();
  if (cases.length === 0) return null;
  return (
    <Card title="What an attacker could do with it">
      <ul className="stack" data-testid="abuse-cases">
        {cases.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong> {c.missing.length > 0 && <Badge tone="danger">not watched</Badge>}
            <div>{c.why}</div>
            <div className="muted">
              Watched by: {c.watchedBy.map(detectorLabel).join(", ")}.
              {c.missing.length > 0 && (
                <>
                  {" "}
                  This endpoint&apos;s logs have never carried {c.missing.join(" or ")}, which they need:{" "}
                  <Link href={ws.href("/data-sources")}>see the data sources&apos; readiness</Link>.
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
