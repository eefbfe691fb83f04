"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";

/** Checks posture could not run because no data source logs what they need, each with the fix for the logs. */
export function NotAssessableCard() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const posture = useQuery(trpc.findings.posture.queryOptions({ days: 90 }));
  const blind = posture.data?.notAssessable ?? [];
  if (blind.length === 0) return null;
  return (
    <Card title="Not assessable: what your logs do not show">
      <p className="muted">
        These checks were not run: without the field they would see every call as anonymous or every caller as internal,
        and report weaknesses that may not exist. Fix the logs and the next upload is judged with them.
      </p>
      <ul className="stack" data-testid="not-assessable">
        {blind.map((b) => (
          <li key={b.field}>
            <strong>{b.title}</strong>: {b.problem}
            <div className="muted">Not run: {b.checks.join(", ")}.</div>
            <ul>
              {b.sources.map((s) => (
                <li key={s.source}>
                  <Link href={ws.href(`/data-sources/${encodeURIComponent(s.source)}`)}>{s.source}</Link>: {s.fix}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Card>
  );
}
