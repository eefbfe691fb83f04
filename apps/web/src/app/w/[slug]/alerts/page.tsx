"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { BulkBar, useBulkTriage } from "@/components/alerts/queue-actions";
import { DefaultViewButtons, useDefaultView } from "@/components/alerts/queue-default-view";
import { QueueFilters } from "@/components/alerts/queue-filters";
import { QueueGroups } from "@/components/alerts/queue-groups";
import { QueueShortcuts } from "@/components/alerts/queue-shortcuts";
import { QueueTable, type Selection } from "@/components/alerts/queue-table";
import { rememberQueue } from "@/components/alerts/queue-trail";
import { alertQuery, readQueueView, WHEN_MS } from "@/components/alerts/queue-view";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card, PageHeader } from "@/components/ui/card";
import { formatCount } from "@/components/ui/format";
import { Pager } from "@/components/ui/pager";
import { pollWhileEmpty } from "@/lib/poll-while-empty";
import { useTRPC } from "@/lib/trpc";
import { useUrlParams } from "@/lib/use-url-params";

const PAGE_SIZE = 50;

/** The alert queue shared by SecOps and developers: filter, sort, group, select, act, by mouse or keyboard. */
export default function AlertsPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const router = useRouter();
  const url = useUrlParams();
  const view = readQueueView(url);
  const applying = useDefaultView(url);
  // From the moment the range was chosen, not each render: the query key stays put.
  const from = useMemo(() => (view.when ? new Date(Date.now() - WHEN_MS[view.when]) : undefined), [view.when]);
  const query = alertQuery(view, from);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState<string | null>(null);
  const [notice, setNotice] = useState("");

  const everything = useQuery({
    ...trpc.alerts.list.queryOptions({ status: "all", pageSize: 10 }),
    refetchInterval: pollWhileEmpty((a) => a.total === 0),
  });
  const ready = Boolean(everything.data?.total) && !applying;
  const list = useQuery({
    ...trpc.alerts.list.queryOptions({ ...query, page: view.page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled: ready && !view.group,
  });
  const grouped = useQuery({
    ...trpc.alerts.groups.queryOptions({ query, by: view.group || "actor" }),
    placeholderData: keepPreviousData,
    enabled: ready && Boolean(view.group),
  });
  const triage = useBulkTriage((n) => {
    setNotice(`${formatCount(n, "alert")} changed.`);
    setSelected(new Set());
  });

  // The order on screen: what j / k walk, and what the alert page steps through.
  const order = useMemo(
    () =>
      view.group
        ? (grouped.data?.groups ?? []).flatMap((g) => g.alerts.map((a) => a.id))
        : (list.data?.rows ?? []).map((r) => r.id),
    [view.group, grouped.data, list.data],
  );
  const queueHref = `${ws.href("/alerts")}${url.params.size ? `?${url.params}` : ""}`;
  useEffect(() => {
    if (order.length) rememberQueue(ws.slug, order, queueHref);
  }, [order, queueHref, ws.slug]);

  const selection: Selection = {
    has: (id) => selected.has(id),
    toggle: (id) => {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      setSelected(next);
    },
    setAll: (ids, on) => {
      const next = new Set(selected);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      setSelected(next);
    },
  };

  if (everything.data && everything.data.total === 0) {
    return (
      <FeatureEmptyState
        title="Alerts"
        description="Abuse detected by behavioural models, with a verdict and an explanation."
        emptyTitle="No alerts yet"
        emptyBody="Lantern learns how each actor and endpoint normally behaves and alerts on credential stuffing, object enumeration and data harvesting. It judges every upload once it is in the inventory: upload an access log."
      />
    );
  }
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const loading = applying || (view.group ? grouped.isPending : list.isPending);
  // The keyboard acts on the selection, or else on the row under the cursor.
  const targets = selected.size ? [...selected] : cursor ? [cursor] : [];

  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          <>
            Abuse detected in your traffic: what happened, against which norm, and the requests behind it. Benign
            patterns your team taught Lantern are under <Link href={ws.href("/alerts/suppressions")}>suppressions</Link>
            . Press <kbd>?</kbd> for keyboard shortcuts.
          </>
        }
      />
      <Card>
        <QueueFilters view={view} url={url} detectors={data?.detectors ?? []} />
        <div className="row" style={{ justifyContent: "space-between", marginBottom: 12 }}>
          <div className="row">
            {view.actor && (
              <FilterChip
                label={`Actor: ${data ? (data.about.actor?.label ?? "unknown actor") : "…"}`}
                onClear={() => url.set({ actor: null, page: null })}
              />
            )}
            {view.endpoint && (
              <FilterChip
                label={`Endpoint: ${data ? (data.about.endpoint?.label ?? "unknown endpoint") : "…"}`}
                onClear={() => url.set({ endpoint: null, page: null })}
              />
            )}
          </div>
          <DefaultViewButtons url={url} />
        </div>
        <BulkBar selected={[...selected]} triage={triage} onClear={() => setSelected(new Set())} />
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <QueueShortcuts
          order={order}
          cursor={cursor}
          setCursor={setCursor}
          enabled={!loading}
          open={(id) => router.push(ws.href(`/alerts/${id}`))}
          toggle={(id) => selection.toggle(id)}
          act={(change) => targets.length > 0 && ws.can("alerts.triage") && triage.apply(targets, change)}
        />
        {view.group ? (
          grouped.data && grouped.data.groups.length > 0 ? (
            <>
              <QueueGroups groups={grouped.data.groups} by={view.group} selection={selection} cursor={cursor} />
              <p className="muted" data-testid="alerts-count">
                {formatCount(grouped.data.grouped, "alert")} in {formatCount(grouped.data.groups.length, "group")}
                {grouped.data.leftOut ? " (the most recent 5,000 alerts are grouped)" : ""}
              </p>
            </>
          ) : (
            <p className="muted">{loading ? "Loading…" : "No alert matches."}</p>
          )
        ) : (
          <>
            <QueueTable
              rows={data?.rows ?? []}
              selection={selection}
              cursor={cursor}
              empty={loading ? "Loading…" : "No alert matches."}
            />
            <Pager
              page={view.page}
              pages={pages}
              onPage={(p) => {
                url.set({ page: p > 1 ? String(p) : null });
                setSelected(new Set());
              }}
              testId="alerts-count"
              summary={data ? formatCount(data.total, "alert") : "… alerts"}
            />
          </>
        )}
      </Card>
    </>
  );
}

/** A filter that came with the link (an actor, an endpoint): named, and removable. */
function FilterChip({ label, onClear }: { label: string; onClear: () => void }) {
  return (
    <span className="badge" data-testid="alerts-filter">
      {label}{" "}
      <button type="button" className="link-button" aria-label={`Clear ${label}`} onClick={onClear}>
        ×
      </button>
    </span>
  );
}
