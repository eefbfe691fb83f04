// The alert queue's view as its address holds it: filters, sort, grouping and
// page. One reading of the address for the page, its controls and the
// default view a person saves (services/saved-views.ts keeps the same names).
import type { useUrlParams } from "@/lib/use-url-params";

export const STATUSES = ["open", "all", "NEW", "INVESTIGATING", "RESOLVED", "FALSE_POSITIVE"] as const;
export const VERDICTS = ["", "ATTACK", "SUSPICIOUS", "BENIGN_EXPLAINED"] as const;
export const SEVERITIES = ["", "CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export const SORTS = ["lastSeen", "severity", "risk", "occurrences"] as const;
export const SORT_LABEL: Record<(typeof SORTS)[number], string> = {
  lastSeen: "Most recent first",
  severity: "Most severe first",
  risk: "Riskiest first",
  occurrences: "Most repeated first",
};
export const GROUPS = ["", "actor", "address", "network"] as const;
export const GROUP_LABEL: Record<(typeof GROUPS)[number], string> = {
  "": "No grouping",
  actor: "Group by actor",
  address: "Group by address",
  network: "Group by network (/24)",
};
export const WHENS = ["", "24h", "7d", "30d"] as const;
export const WHEN_LABEL: Record<(typeof WHENS)[number], string> = {
  "": "Any time",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};
export const WHEN_MS: Record<Exclude<(typeof WHENS)[number], "">, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export type QueueView = ReturnType<typeof readQueueView>;

export function readQueueView(url: ReturnType<typeof useUrlParams>) {
  return {
    status: url.pick("status", STATUSES, "open"),
    verdict: url.pick("verdict", VERDICTS, ""),
    severity: url.pick("severity", SEVERITIES, ""),
    minSeverity: url.pick("minSeverity", SEVERITIES, ""),
    detector: url.get("detector").slice(0, 64),
    assignee: url.get("assignee").slice(0, 64),
    when: url.pick("when", WHENS, ""),
    sort: url.pick("sort", SORTS, "lastSeen"),
    group: url.pick("group", GROUPS, ""),
    actor: url.get("actor").slice(0, 64),
    endpoint: url.get("endpoint").slice(0, 64),
    page: Math.min(10_000, Math.max(1, Number.parseInt(url.get("page"), 10) || 1)),
  };
}

/** The list query for a view; `from` is fixed by the caller when the range was picked, so the query key stays put. */
export function alertQuery(v: QueueView, from: Date | undefined) {
  return {
    status: v.status,
    verdict: v.verdict || undefined,
    severity: v.severity || undefined,
    minSeverity: v.minSeverity || undefined,
    detector: v.detector || undefined,
    assignee: v.assignee || undefined,
    actor: v.actor || undefined,
    endpoint: v.endpoint || undefined,
    sort: v.sort,
    from,
  };
}
