"use client";
import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";
import { PostureTrendChart } from "./posture-trend-chart";

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

/** The workspace's posture score, what takes points off it, its trend and the weakest services. */
export function PostureCard() {
  const trpc = useTRPC();
  const posture = useQuery(trpc.findings.posture.queryOptions({ days: 90 }));
  const p = posture.data;
  if (!p) return <Card title="Posture score">Loading…</Card>;
  const lost = SEVERITIES.filter((s) => p.deductions[s] > 0);
  return (
    <Card title="Posture score">
      <div className="row" style={{ alignItems: "flex-start", gap: 32 }}>
        <div style={{ minWidth: "min(220px, 100%)" }}>
          <div style={{ fontSize: 44, fontWeight: 600 }} data-testid="posture-score">
            {p.score}
            <span className="muted" style={{ fontSize: 18 }}>
              {" "}
              / 100
            </span>
          </div>
          <p className="muted" data-testid="posture-deductions">
            {lost.length === 0
              ? "No open findings."
              : lost.map((s) => `−${p.deductions[s]} for ${p.open[s]} ${s}`).join(" · ")}
          </p>
          <p className="muted">Open findings only: accepted risks and resolved findings do not count.</p>
        </div>
        <div style={{ flex: 1, minWidth: "min(320px, 100%)" }}>
          <PostureTrendChart data={p.trend} />
        </div>
      </div>
      {p.services.length > 1 && (
        <table className="table" data-testid="service-scores">
          <thead>
            <tr>
              <th>Service</th>
              <th style={{ width: 90 }}>Score</th>
              <th>Open findings</th>
            </tr>
          </thead>
          <tbody>
            {p.services.slice(0, 8).map((s) => (
              <tr key={s.id}>
                <td className="mono">{s.host}</td>
                <td>{s.score}</td>
                <td className="muted">
                  {SEVERITIES.filter((sev) => s.open[sev] > 0)
                    .map((sev) => `${s.open[sev]} ${sev}`)
                    .join(" · ") || "none"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
