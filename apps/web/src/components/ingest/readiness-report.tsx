type Check = {
  id: string;
  title: string;
  ok: boolean;
  share: number;
  inconclusive?: string;
  problem?: string;
  fix?: string;
};
export type Readiness = { score: number; sampled: number; checks: Check[] };

/** The log readiness report: score, then each check with what is missing and the fix. */
export function ReadinessReport({ report }: { report: Readiness }) {
  return (
    <div data-testid="readiness-report">
      <div className="row" style={{ alignItems: "baseline" }}>
        <output className="score" aria-label="Readiness score">
          {report.score}
        </output>
        <span className="muted">/ 100 log readiness, from {report.sampled.toLocaleString("en")} sampled lines</span>
      </div>
      <ul style={{ listStyle: "none", padding: 0 }}>
        {report.checks.map((c) => (
          <li key={c.id} style={{ marginBottom: 8 }} data-check={c.id} data-ok={c.ok}>
            <span className={c.inconclusive ? "muted" : c.ok ? "check-ok" : "check-bad"}>
              {c.inconclusive ? "?" : c.ok ? "✓" : "✗"}
            </span>{" "}
            <strong>{c.title}</strong>{" "}
            <span className="muted">{c.inconclusive ?? `(${Math.round(c.share * 100)}% of lines)`}</span>
            {!c.ok && (
              <div style={{ marginLeft: 20 }}>
                <div>{c.problem}</div>
                <div className="muted">Fix: {c.fix}</div>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
