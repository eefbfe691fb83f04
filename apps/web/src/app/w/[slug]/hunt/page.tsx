"use client";
import { pipeStart } from "@lantern/engine/hunt/query";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { HuntBlock } from "@/components/hunt/hunt-block";
import { HuntFacets } from "@/components/hunt/hunt-facets";
import { HuntHelp } from "@/components/hunt/hunt-help";
import { HuntHistogram } from "@/components/hunt/hunt-histogram";
import { ColumnPicker, DEFAULT_COLUMNS, HUNT_COLUMNS, type HuntColumn, HuntRows } from "@/components/hunt/hunt-rows";
import { HuntStats } from "@/components/hunt/hunt-stats";
import { QueryBox } from "@/components/hunt/query-box";
import { SavedHunts, SaveHunt } from "@/components/hunt/saved-hunts";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card, PageHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/field";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { withTerm } from "@/lib/hunt-suggest";
import { errorText, useTRPC } from "@/lib/trpc";

const HOUR = 3_600_000;
const PRESETS = [
  { label: "1 hour", ms: HOUR },
  { label: "24 hours", ms: 24 * HOUR },
  { label: "7 days", ms: 7 * 24 * HOUR },
  { label: "30 days", ms: 30 * 24 * HOUR },
];

/** "2026-11-20T10:00:00.000Z" as a datetime-local value (UTC), and back. */
const toLocalInput = (iso: string) => iso.slice(0, 16);
const fromLocalInput = (value: string) => new Date(`${value}:00Z`).toISOString();

/**
 * Threat hunting over every stored request: a query, a time range (both in
 * the URL, so a hunt can be shared), the matches over time, the newest
 * requests, the top values to pivot on, and a stats table.
 */
export default function HuntPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const extent = useQuery(trpc.hunt.extent.queryOptions());
  const fields = useQuery(trpc.hunt.fields.queryOptions());
  const [blocking, setBlocking] = useState(false);

  const newest = extent.data?.newest ? new Date(extent.data.newest).getTime() + 1_000 : null;
  const q = params.get("q") ?? "";
  const to = params.get("to") ?? (newest ? new Date(newest).toISOString() : null);
  const from = params.get("from") ?? (newest ? new Date(newest - 24 * HOUR).toISOString() : null);
  const columns = (params.get("cols")?.split(",") ?? DEFAULT_COLUMNS).filter((c): c is HuntColumn =>
    (HUNT_COLUMNS as readonly string[]).includes(c),
  );
  const go = (next: { q?: string; from?: string; to?: string; cols?: HuntColumn[] }) => {
    const p = new URLSearchParams(params.toString());
    if (next.q !== undefined) p.set("q", next.q);
    if (next.from) p.set("from", next.from);
    if (next.to) p.set("to", next.to);
    if (next.cols) p.set("cols", next.cols.join(","));
    if (!p.get("from") && from) p.set("from", from);
    if (!p.get("to") && to) p.set("to", to);
    router.replace(`${pathname}?${p.toString()}`);
  };

  const input = { q, from: from ?? "", to: to ?? "" };
  const ready = Boolean(from && to);
  const hasPipe = pipeStart(q) !== -1;
  const histogram = useQuery({ ...trpc.hunt.histogram.queryOptions(input), enabled: ready, retry: false });
  const rows = useQuery({
    ...trpc.hunt.rows.queryOptions({ ...input, limit: 100 }),
    enabled: ready && !hasPipe,
    retry: false,
    placeholderData: keepPreviousData,
  });
  const facets = useQuery({ ...trpc.hunt.facets.queryOptions(input), enabled: ready, retry: false });
  const stats = useQuery({ ...trpc.hunt.stats.queryOptions(input), enabled: ready && hasPipe, retry: false });

  if (extent.data && !extent.data.newest)
    return (
      <FeatureEmptyState
        title="Hunt"
        description="Search and pivot over every stored API request."
        emptyTitle="No requests stored yet"
        emptyBody="Hunting searches every request of the uploaded access logs: by actor, address, endpoint, status, user agent, country or time. Upload an access log and its requests are searchable as soon as it is ingested."
      />
    );
  // The presets end at the newest request; "everything kept" starts at the oldest.
  const ranges = [
    ...PRESETS.map((p) => ({ label: p.label, from: newest ? new Date(newest - p.ms).toISOString() : null })),
    { label: "everything kept", from: extent.data?.oldest ?? null },
  ];
  const failure = histogram.error ?? rows.error ?? facets.error ?? stats.error;
  const values = Object.fromEntries((facets.data ?? []).map((f) => [f.field, f.values]));
  const pivot = (term: string, negate = false) => go({ q: withTerm(q, term, negate) });
  const exportHref = (format: "csv" | "jsonl") =>
    `/api/hunt/export?${new URLSearchParams({ workspace: ws.slug, q, from: from ?? "", to: to ?? "", format })}`;

  return (
    <>
      <PageHeader
        title="Hunt"
        description={
          extent.data?.oldest
            ? `Every stored request, ${formatDateTime(extent.data.oldest)} to ${formatDateTime(extent.data.newest!)} (kept ${extent.data.retentionDays} days). Times are UTC.`
            : "Every stored request."
        }
      />
      <Card>
        <QueryBox
          key={q}
          initial={q}
          fields={fields.data ? [...fields.data] : []}
          values={values}
          onRun={(next) => go({ q: next })}
          running={histogram.isFetching}
        />
        <div className="row" style={{ gap: 12, marginTop: 12, flexWrap: "wrap", alignItems: "flex-end" }}>
          <span className="muted">Last</span>
          {ranges.map((r) => (
            <button
              key={r.label}
              type="button"
              className="link-button"
              disabled={!newest || !r.from}
              onClick={() => go({ from: r.from!, to: new Date(newest!).toISOString() })}
            >
              {r.label}
            </button>
          ))}
          <UtcInput label="From" value={from} onChange={(v) => go({ from: v })} />
          <UtcInput label="to" value={to} onChange={(v) => go({ to: v })} />
        </div>
        <FormError message={failure ? errorText(failure) : null} />
        <div className="row" style={{ justifyContent: "space-between", alignItems: "flex-start", marginTop: 12 }}>
          <HuntHelp fields={fields.data ? [...fields.data] : []} />
          {ws.can("hunts.manage") && q && <SaveHunt query={q} />}
        </div>
        <SavedHunts onRun={(saved) => go({ q: saved })} />
      </Card>
      {histogram.data && (
        <Card
          title={`${formatCount(histogram.data.total, "request")} ${histogram.data.total === 1 ? "matches" : "match"}`}
          actions={
            <span className="row" style={{ gap: 12 }}>
              <a href={exportHref("csv")} download>
                Export CSV
              </a>
              <a href={exportHref("jsonl")} download>
                JSON lines
              </a>
            </span>
          }
        >
          <HuntHistogram
            buckets={histogram.data.buckets}
            bucketMs={histogram.data.bucketMs}
            onPick={(a, b) => go({ from: a.toISOString(), to: b.toISOString() })}
          />
          {ws.can("response.manage") && histogram.data.total > 0 && !hasPipe && (
            <details onToggle={(e) => setBlocking(e.currentTarget.open)}>
              <summary>Block the addresses these requests came from…</summary>
              {/* Counted only when opened: a broad hunt's addresses are a query of their own. */}
              {blocking && <HuntBlock key={`${q}|${from}|${to}`} hunt={input} />}
            </details>
          )}
        </Card>
      )}
      <div className="hunt-layout">
        <Card title="Top values">
          {facets.isFetching && !facets.data ? <p className="muted">Counting…</p> : null}
          {facets.data && <HuntFacets facets={facets.data} onPivot={pivot} />}
        </Card>
        {hasPipe ? (
          <Card title="Stats">
            {stats.data ? (
              <HuntStats stats={stats.data} onPivot={(t) => pivot(t)} />
            ) : (
              <p className="muted">Counting…</p>
            )}
          </Card>
        ) : (
          <Card
            title="Newest requests (100)"
            actions={<ColumnPicker columns={columns} onChange={(c) => go({ cols: c })} />}
          >
            {rows.data ? <HuntRows rows={rows.data} columns={columns} /> : <p className="muted">Reading…</p>}
          </Card>
        )}
      </div>
    </>
  );
}

/** A time as a datetime-local input read and written in UTC. */
function UtcInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | null;
  onChange: (iso: string) => void;
}) {
  return (
    <label className="row" style={{ gap: 4 }}>
      <span className="muted">{label}</span>
      <input
        type="datetime-local"
        aria-label={`${label[0]!.toUpperCase()}${label.slice(1)} (UTC)`}
        value={value ? toLocalInput(value) : ""}
        onChange={(e) => e.target.value && onChange(fromLocalInput(e.target.value))}
      />
    </label>
  );
}
