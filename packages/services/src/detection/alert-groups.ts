// The queue grouped: alerts that share an actor, an address or a network
// (/24, /48 for IPv6) are usually one incident, triaged together. Each alert
// goes into one group, its key shared with the most other alerts, so a group
// can be selected and acted on without touching an alert twice.
import { z } from "zod";
import { withTenant } from "@lantern/db/client";
import { networkOf } from "@lantern/engine/detection/geo";
import type { ServiceContext } from "../context";
import { worseSeverity } from "../severity";
import { alertFilter, ZAlertQuery } from "./alerts";

/** The most recent alerts grouped; an older tail is said to be left out. */
const MAX_GROUPED = 5_000;
const MAX_GROUPS = 100;

export const ZAlertGroups = z.object({
  query: ZAlertQuery,
  by: z.enum(["actor", "address", "network"]),
});

type Member = {
  id: string;
  title: string;
  severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
  risk: number;
  firstSeen: Date;
  lastSeen: Date;
  status: string;
  actor: { id: string; label: string } | null;
  addresses: string[];
};

export type AlertGroup = {
  key: string | null;
  /** What the alerts share, as shown ("ip:203.0.113.9", "203.0.113.0/24"); null: they share nothing of this kind. */
  label: string | null;
  actorId: string | null;
  count: number;
  severity: Member["severity"];
  risk: number;
  /** The span of its alerts' activity: the window a hunt over it covers. */
  firstSeen: Date;
  lastSeen: Date;
  alerts: { id: string; title: string; severity: Member["severity"]; risk: number; lastSeen: Date; status: string }[];
};

export async function alertGroups(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZAlertGroups>) {
  const { query, by } = ZAlertGroups.parse(input);
  const members: Member[] = await withTenant(ctx.db, tenantId, (tx) =>
    tx.alert.findMany({
      where: alertFilter(tenantId, query),
      orderBy: [{ lastSeen: "desc" }, { id: "asc" }],
      take: MAX_GROUPED + 1,
      select: {
        id: true,
        title: true,
        severity: true,
        risk: true,
        firstSeen: true,
        lastSeen: true,
        status: true,
        addresses: true,
        actor: { select: { id: true, label: true } },
      },
    }),
  );
  const grouped = members.slice(0, MAX_GROUPED);
  const groups = [...partition(grouped, KEYS[by]).values()]
    .sort(
      (a, b) =>
        Number(a.key === null) - Number(b.key === null) ||
        b.count - a.count ||
        b.risk - a.risk ||
        b.lastSeen.getTime() - a.lastSeen.getTime(),
    )
    .slice(0, MAX_GROUPS);
  return { groups, grouped: grouped.length, leftOut: members.length > MAX_GROUPED };
}

/** The keys an alert could be grouped under, by grouping. */
const KEYS: Record<z.infer<typeof ZAlertGroups>["by"], (m: Member) => string[]> = {
  actor: (m) => (m.actor ? [m.actor.id] : []),
  address: (m) => m.addresses,
  network: (m) => [...new Set(m.addresses.flatMap((a) => networkOf(a) ?? []))],
};

/** Each alert into the group of its most shared key (alerts with no key together, last). */
function partition(members: Member[], keysOf: (m: Member) => string[]): Map<string | null, AlertGroup> {
  const shared = new Map<string, number>();
  for (const m of members) for (const k of keysOf(m)) shared.set(k, (shared.get(k) ?? 0) + 1);
  const groups = new Map<string | null, AlertGroup>();
  for (const m of members) {
    const key = keysOf(m).reduce<string | null>(
      (best, k) => (best && shared.get(best)! >= shared.get(k)! ? best : k),
      null,
    );
    const g = groups.get(key) ?? newGroup(key, m, keysOf);
    g.count++;
    g.severity = worseSeverity(g.severity, m.severity);
    g.risk = Math.max(g.risk, m.risk);
    if (m.lastSeen > g.lastSeen) g.lastSeen = m.lastSeen;
    if (m.firstSeen < g.firstSeen) g.firstSeen = m.firstSeen;
    g.alerts.push({
      id: m.id,
      title: m.title,
      severity: m.severity,
      risk: m.risk,
      lastSeen: m.lastSeen,
      status: m.status,
    });
    groups.set(key, g);
  }
  return groups;
}

function newGroup(key: string | null, m: Member, keysOf: (m: Member) => string[]): AlertGroup {
  const byActor = keysOf === KEYS.actor;
  return {
    key,
    label: key === null ? null : byActor ? (m.actor?.label ?? key) : key,
    actorId: byActor ? key : null,
    count: 0,
    severity: m.severity,
    risk: 0,
    firstSeen: m.firstSeen,
    lastSeen: m.lastSeen,
    alerts: [],
  };
}
