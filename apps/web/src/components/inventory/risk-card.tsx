"use client";
import Link from "next/link";
import type { RiskFactor } from "@lantern/engine/posture/risk";
import { severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card } from "@/components/ui/card";

export const riskTone = (score: number) => (score >= 7 ? "danger" : score >= 4 ? "accent" : undefined);

/** An endpoint's risk score with what it is made of, and its open posture findings. */
export function RiskCard({
  risk,
  findings,
}: {
  risk: { score: number; factors: RiskFactor[] };
  findings: { id: string; title: string; severity: string; owasp: string }[];
}) {
  const ws = useWorkspace();
  const part = (p: RiskFactor["part"]) => risk.factors.filter((f) => f.part === p);
  return (
    <Card title="Risk">
      <div className="row" style={{ alignItems: "flex-start", gap: 32 }}>
        <div style={{ fontSize: 36, fontWeight: 600 }} data-testid="risk-score">
          {risk.score.toFixed(1)}
          <span className="muted" style={{ fontSize: 16 }}>
            {" "}
            / 10
          </span>
        </div>
        <div className="stack" style={{ flex: 1 }} data-testid="risk-factors">
          {risk.factors.length === 0 ? (
            <p className="muted">Not judged yet: the score is worked out after the upload's posture checks.</p>
          ) : (
            <>
              <p className="muted">Likelihood × impact. Likelihood adds up:</p>
              <ul>
                {part("likelihood").map((f) => (
                  <li key={f.detail}>
                    +{f.weight.toFixed(2)} {f.detail}
                  </li>
                ))}
              </ul>
              <p className="muted">Impact is the worst of:</p>
              <ul>
                {part("impact").map((f) => (
                  <li key={f.detail}>
                    {f.weight.toFixed(2)} {f.detail}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      {findings.length > 0 && (
        <ul data-testid="endpoint-findings">
          {findings.map((f) => (
            <li key={f.id}>
              <Badge tone={severityTone(f.severity)}>{f.severity.toLowerCase()}</Badge>{" "}
              <Link href={ws.href(`/findings/${f.id}`)}>{f.title}</Link> <span className="muted">{f.owasp}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
