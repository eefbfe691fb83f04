// The posture score of a workspace or a service, 0–100, from its open
// findings (accepted risks do not count: someone decided). Each severity can
// take at most its share of the 100 points (critical 40, high 30, medium 20,
// low 10), and each further finding of a severity takes less than the one
// before: one critical costs 25 points, a hundred low findings cost 10. The
// score does not shrink with the size of the inventory: a critical finding
// is as bad in a workspace of 5,000 endpoints as in one of 5.
import type { PostureSeverity } from "./types";

export type SeverityCounts = Record<PostureSeverity, number>;

const CAP: SeverityCounts = { critical: 40, high: 30, medium: 20, low: 10 };
/** Findings of the severity that take 63% of its cap. */
const SCALE: SeverityCounts = { critical: 1, high: 2, medium: 5, low: 10 };

const deduction = (sev: PostureSeverity, n: number) => CAP[sev] * (1 - Math.exp(-Math.max(0, n) / SCALE[sev]));
const SEVERITIES = Object.keys(CAP) as PostureSeverity[];

export function postureScore(open: SeverityCounts): number {
  return Math.round(100 - SEVERITIES.reduce((sum, sev) => sum + deduction(sev, open[sev]), 0));
}

/** How many points the open findings of each severity take, for the score's explanation. */
export function scoreDeductions(open: SeverityCounts): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((sev) => [sev, Math.round(deduction(sev, open[sev]))])) as SeverityCounts;
}
