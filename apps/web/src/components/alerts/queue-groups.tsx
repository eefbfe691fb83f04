"use client";
import { huntTerm } from "@lantern/engine/hunt/query";
import Link from "next/link";
import { useState } from "react";
import { STATUS_LABEL, severityTone } from "@/components/alerts/alert-labels";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { huntHref } from "@/lib/hunt-suggest";
import { type Selection, sevClass } from "./queue-table";

type Group = {
  key: string | null;
  label: string | null;
  actorId: string | null;
  count: number;
  severity: string;
  risk: number;
  firstSeen: Date;
  lastSeen: Date;
  alerts: { id: string; title: string; severity: string; risk: number; lastSeen: Date; status: string }[];
};

const NOTHING_SHARED = { actor: "No actor", address: "No address", network: "No address" } as const;

/** The queue grouped by what alerts share: each group selectable at once, and open to its alerts. */
export function QueueGroups({
  groups,
  by,
  selection,
  cursor,
}: {
  groups: Group[];
  by: "actor" | "address" | "network";
  selection: Selection;
  cursor: string | null;
}) {
  const ws = useWorkspace();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const canTriage = ws.can("alerts.triage");
  const toggleOpen = (key: string) => {
    const next = new Set(open);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setOpen(next);
  };
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label="Alerts by what they share">
      <table className="table" data-testid="alert-groups">
        <thead>
          <tr>
            {canTriage && <th style={{ width: 28 }}>Select</th>}
            <th>{by === "actor" ? "Actor" : by === "address" ? "Address" : "Network"}</th>
            <th>Alerts</th>
            <th>Worst</th>
            <th>Top risk</th>
            <th>Last seen</th>
            <th />
          </tr>
        </thead>
        {groups.map((g) => {
          const key = g.key ?? "";
          const ids = g.alerts.map((a) => a.id);
          const all = ids.every((id) => selection.has(id));
          const label = g.label ?? NOTHING_SHARED[by];
          const expanded = open.has(key) || ids.includes(cursor ?? "");
          return (
            <tbody key={key} data-group={label}>
              <tr className={sevClass(g.severity)}>
                {canTriage && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select the ${g.count} alerts of ${label}`}
                      checked={all}
                      onChange={() => selection.setAll(ids, !all)}
                    />
                  </td>
                )}
                <td>
                  <GroupSubject group={g} by={by} label={label} />
                </td>
                <td>{formatCount(g.count, "alert")}</td>
                <td>
                  <Badge tone={severityTone(g.severity)}>{g.severity.toLowerCase()}</Badge>
                </td>
                <td>{g.risk}</td>
                <td className="nowrap">{formatDateTime(g.lastSeen)}</td>
                <td>
                  <Button small aria-expanded={expanded} onClick={() => toggleOpen(key)}>
                    {expanded ? "Hide" : "Show"} alerts
                  </Button>
                </td>
              </tr>
              {expanded &&
                g.alerts.map((a) => (
                  <tr
                    key={a.id}
                    data-row-id={a.id}
                    className={[sevClass(a.severity), a.id === cursor && "row-cursor", "group-member"]
                      .filter(Boolean)
                      .join(" ")}
                  >
                    {canTriage && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${a.title}`}
                          checked={selection.has(a.id)}
                          onChange={() => selection.toggle(a.id)}
                        />
                      </td>
                    )}
                    <td colSpan={2}>
                      <Link href={ws.href(`/alerts/${a.id}`)}>{a.title}</Link>{" "}
                      <span className="muted">· {STATUS_LABEL[a.status]}</span>
                    </td>
                    <td>
                      <Badge tone={severityTone(a.severity)}>{a.severity.toLowerCase()}</Badge>
                    </td>
                    <td>{a.risk}</td>
                    <td className="nowrap">{formatDateTime(a.lastSeen)}</td>
                    <td />
                  </tr>
                ))}
            </tbody>
          );
        })}
      </table>
    </section>
  );
}

/** What the group shares, as a pivot: the actor's page, or a hunt over the address or network. */
function GroupSubject({ group, by, label }: { group: Group; by: "actor" | "address" | "network"; label: string }) {
  const ws = useWorkspace();
  if (group.key === null) return <span className="muted">{label}</span>;
  if (by === "actor" && group.actorId)
    return (
      <Link href={ws.href(`/actors/${group.actorId}`)}>
        <strong>{label}</strong>
      </Link>
    );
  return (
    <Link className="mono" href={ws.href(huntHref(huntTerm("ip", label), group.firstSeen, group.lastSeen))}>
      {label}
    </Link>
  );
}
