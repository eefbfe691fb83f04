// Posture findings: what traffic (and an uploaded spec) shows is weak in an
// API before anyone attacks it, in words a developer can act on, each mapped
// to the OWASP API Security Top 10 (2023).
import type { EndpointStats } from "../discovery/endpoint-stats";
import type { VariableInfo } from "../discovery/templater";

export const OWASP_API_2023 = {
  API1: "Broken Object Level Authorization",
  API2: "Broken Authentication",
  API3: "Broken Object Property Level Authorization",
  API4: "Unrestricted Resource Consumption",
  API5: "Broken Function Level Authorization",
  API6: "Unrestricted Access to Sensitive Business Flows",
  API7: "Server Side Request Forgery",
  API8: "Security Misconfiguration",
  API9: "Improper Inventory Management",
  API10: "Unsafe Consumption of APIs",
} as const;
export type OwaspCategory = keyof typeof OWASP_API_2023;

/**
 * critical: sensitive data (cards, SSNs, IBANs, credentials) served to anyone;
 * high: personal data or admin functions reachable without credentials, writes
 * without credentials, credentials in URLs; medium: weaknesses that need
 * another flaw to hurt (personal data in URLs, guessable ids, unbounded lists,
 * shadow endpoints on public hosts); low: hygiene (verbose errors, old versions).
 */
export type PostureSeverity = "critical" | "high" | "medium" | "low";
/** Most severe first. */
export const SEVERITY_ORDER: readonly PostureSeverity[] = ["critical", "high", "medium", "low"];

/** observed: the traffic shows it; inferred: the traffic suggests it; spec: only the spec says so. */
export type PostureConfidence = "observed" | "inferred" | "spec";

export type PostureFinding = {
  /** Which check: one finding per check and endpoint. */
  check: string;
  /**
   * The calls so far that show it: a running count read off the endpoint's
   * figures, so a judgement after new traffic can tell whether the weakness
   * was seen again (it grew) or only remembered.
   */
  evidence: number;
  owasp: OwaspCategory;
  severity: PostureSeverity;
  confidence: PostureConfidence;
  title: string;
  /** What was seen, with its figures. */
  detail: string;
  /** How to fix it, in a developer's words. */
  fix: string;
  /** The figures behind it, for the evidence panel. */
  facts: Record<string, number | string | string[]>;
};

/** An issue the OWASP ruleset found in the service's spec (services/posture/spec-lint.ts). */
export type SpecIssue = {
  /** The ruleset's rule, e.g. "owasp:api4:2023-rate-limit". */
  rule: string;
  owasp: OwaspCategory;
  severity: PostureSeverity;
  message: string;
  /** The rule's description: what to change. */
  fix: string;
  /** Where in the document, dotted. */
  path: string;
  /** "GET /full/path" of the operation it is under; null for the document as a whole. */
  operation: string | null;
};

/** What posture judges one endpoint by: the inventory's figures for it. */
export type EndpointFacts = {
  host: string;
  method: string;
  template: string;
  stats: EndpointStats;
  variables: VariableInfo[];
  /** Against the service's spec; null when the service has none. */
  specStatus: "documented" | "shadow" | "zombie" | null;
  /** The spec's lint issues under the operation this endpoint matched. */
  specIssues?: SpecIssue[];
};
