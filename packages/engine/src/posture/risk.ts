// The risk score of one endpoint, 0–10: likelihood (how reachable and how
// weak it is) × impact (what a caller could take or change), each 0–1, with
// the factors that made them so the endpoint's risk card can show why. The
// weights are set so an endpoint that serves payment data to anyone on the
// internet with a critical finding scores 10, and an internal, authenticated
// endpoint with no sensitive data scores under 1.
import { type EndpointStats, summarise } from "../discovery/endpoint-stats";
import { ACCOUNT_ROUTE, ADMIN_ROUTE } from "../route-words";
import { dataList } from "./check-kit";
import { CRITICAL_DATA, servedData, WRITE_METHODS } from "./checks";
import { type EndpointFacts, type PostureSeverity, SEVERITY_ORDER } from "./types";

export type RiskFactor = {
  part: "likelihood" | "impact";
  /** What it adds to (likelihood) or sets (impact) the part, 0–1. */
  weight: number;
  detail: string;
};
export type Risk = { score: number; likelihood: number; impact: number; factors: RiskFactor[] };

/** What else is known of the endpoint besides its figures: open findings and alerts. */
export type RiskContext = { findings: PostureSeverity[]; openAlerts: number };

const FINDING_WEIGHT: Record<PostureSeverity, number> = { critical: 0.25, high: 0.15, medium: 0.05, low: 0 };

export function riskOf(e: EndpointFacts, context: RiskContext): Risk {
  const s = summarise(e.stats as EndpointStats);
  const factors = [...likelihoodFactors(s, context), ...impactFactors(e, s)];
  const likelihood = Math.min(
    1,
    factors.filter((f) => f.part === "likelihood").reduce((sum, f) => sum + f.weight, 0),
  );
  // Impact is the worst thing a caller could reach, not a sum.
  const impact = Math.max(...factors.filter((f) => f.part === "impact").map((f) => f.weight));
  return { score: Math.round(likelihood * impact * 100) / 10, likelihood, impact, factors };
}

function likelihoodFactors(s: ReturnType<typeof summarise>, context: RiskContext): RiskFactor[] {
  const out: RiskFactor[] = [
    s.direction === "north-south"
      ? { part: "likelihood", weight: 0.5, detail: "Called from the internet" }
      : { part: "likelihood", weight: 0.2, detail: "Called only from internal addresses" },
  ];
  if (s.unauthenticated)
    out.push({ part: "likelihood", weight: 0.25, detail: "Answers 2xx to calls without credentials" });
  const worst = SEVERITY_ORDER.find((sev) => context.findings.includes(sev));
  if (worst && FINDING_WEIGHT[worst] > 0) {
    const n = context.findings.length;
    out.push({
      part: "likelihood",
      weight: FINDING_WEIGHT[worst],
      detail: `${n} open finding${n === 1 ? "" : "s"}, the worst ${worst}`,
    });
  }
  if (context.openAlerts > 0)
    out.push({
      part: "likelihood",
      weight: 0.2,
      detail: `${context.openAlerts} open alert${context.openAlerts === 1 ? "" : "s"}: someone is already abusing it`,
    });
  return out;
}

function impactFactors(e: EndpointFacts, s: ReturnType<typeof summarise>): RiskFactor[] {
  const out: RiskFactor[] = [{ part: "impact", weight: 0.2, detail: "Baseline: any endpoint reveals something" }];
  const served = servedData(s);
  const critical = served.filter((t) => CRITICAL_DATA.has(t));
  const personal = served.filter((t) => !CRITICAL_DATA.has(t));
  if (critical.length) out.push({ part: "impact", weight: 1, detail: `Answers carry ${dataList(critical)}` });
  if (personal.length) out.push({ part: "impact", weight: 0.7, detail: `Answers carry ${dataList(personal)}` });
  if (ADMIN_ROUTE.test(e.template)) out.push({ part: "impact", weight: 0.8, detail: "An administrative route" });
  if (ACCOUNT_ROUTE.test(e.template))
    out.push({
      part: "impact",
      weight: 0.8,
      detail: "Signs people in or recovers accounts: abuse takes accounts over",
    });
  if (WRITE_METHODS.has(e.method)) out.push({ part: "impact", weight: 0.5, detail: `${e.method} changes data` });
  return out;
}
