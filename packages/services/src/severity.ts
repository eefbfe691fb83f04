// The one order of stored severities (alerts and posture findings share the
// enum): what "the worst" and "raise, never lower" compare with.
import type { AlertSeverity } from "@lantern/db/client";

export const SEVERITY_RANK: Record<AlertSeverity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** The graver of two severities; null counts as none. */
export function worseSeverity(a: AlertSeverity | null, b: AlertSeverity): AlertSeverity {
  return a !== null && SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** The severities, lowest first. */
export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const satisfies readonly AlertSeverity[];

/** `min` and every graver severity: what "from high up" selects. */
export function severitiesFrom(min: AlertSeverity): AlertSeverity[] {
  return SEVERITIES.filter((s) => SEVERITY_RANK[s] >= SEVERITY_RANK[min]);
}
