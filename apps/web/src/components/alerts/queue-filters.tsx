"use client";
import { useState } from "react";
import { detectorLabel, STATUS_LABEL, VERDICT_LABEL } from "@/components/alerts/alert-labels";
import { MemberOptions } from "@/components/shell/member-options";
import type { useUrlParams } from "@/lib/use-url-params";
import { GROUP_LABEL, GROUPS, type QueueView, SORT_LABEL, SORTS, WHEN_LABEL, WHENS } from "./queue-view";

/** Severity as one picker: exactly one, or one and worse ("min:HIGH" is high and critical). */
const SEVERITY_CHOICES = [
  { value: "", label: "Any severity" },
  { value: "CRITICAL", label: "Critical" },
  { value: "min:HIGH", label: "Critical or high" },
  { value: "HIGH", label: "High" },
  { value: "min:MEDIUM", label: "Medium or worse" },
  { value: "MEDIUM", label: "Medium" },
  { value: "LOW", label: "Low" },
];

/** The queue's filters, sort and grouping; each change goes to the address and back to page 1. */
export function QueueFilters({
  view,
  url,
  detectors,
}: {
  view: QueueView;
  url: ReturnType<typeof useUrlParams>;
  detectors: string[];
}) {
  const set = (patch: Record<string, string>) => url.set({ ...patch, page: null });
  const severity = view.severity || (view.minSeverity ? `min:${view.minSeverity}` : "");
  // On a phone the eight pickers fold behind one button (globals.css), saying how many are in use.
  const [open, setOpen] = useState(false);
  const active = [
    view.status !== "open",
    severity,
    view.verdict,
    view.detector,
    view.assignee,
    view.when,
    view.group,
  ].filter(Boolean).length;
  return (
    <>
      <button
        type="button"
        className="btn btn-small filters-toggle"
        aria-expanded={open}
        aria-controls="queue-filters"
        onClick={() => setOpen((o) => !o)}
      >
        Filters{active ? ` (${active} in use)` : ""}
      </button>
      <div
        id="queue-filters"
        className={open ? "row filters filters-open" : "row filters"}
        style={{ marginBottom: 12 }}
      >
        <select aria-label="Status" value={view.status} onChange={(e) => set({ status: e.target.value })}>
          <option value="open">Open (new or investigating)</option>
          <option value="all">All statuses</option>
          {Object.entries(STATUS_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <select
          aria-label="Severity"
          value={severity}
          onChange={(e) => {
            const v = e.target.value;
            set({ severity: v.startsWith("min:") ? "" : v, minSeverity: v.startsWith("min:") ? v.slice(4) : "" });
          }}
        >
          {SEVERITY_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <select aria-label="Verdict" value={view.verdict} onChange={(e) => set({ verdict: e.target.value })}>
          <option value="">Any verdict</option>
          {Object.entries(VERDICT_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <select aria-label="Detector" value={view.detector} onChange={(e) => set({ detector: e.target.value })}>
          <option value="">Any detector</option>
          {detectors.map((d) => (
            <option key={d} value={d}>
              {detectorLabel(d)}
            </option>
          ))}
        </select>
        <select aria-label="Assignee" value={view.assignee} onChange={(e) => set({ assignee: e.target.value })}>
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          <MemberOptions />
        </select>
        <select aria-label="Last seen" value={view.when} onChange={(e) => set({ when: e.target.value })}>
          {WHENS.map((w) => (
            <option key={w} value={w}>
              {WHEN_LABEL[w]}
            </option>
          ))}
        </select>
        <select aria-label="Sort" value={view.sort} onChange={(e) => set({ sort: e.target.value })}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABEL[s]}
            </option>
          ))}
        </select>
        <select aria-label="Grouping" value={view.group} onChange={(e) => set({ group: e.target.value })}>
          {GROUPS.map((g) => (
            <option key={g} value={g}>
              {GROUP_LABEL[g]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
