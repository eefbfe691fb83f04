"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ACTOR_KIND_LABEL, riskTone } from "@/components/alerts/actor-labels";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { Table } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";
import { pollWhileEmpty } from "@/lib/poll-while-empty";

const PAGE_SIZE = 50;
type Sort = "riskScore" | "calls" | "lastSeen";

/** Who calls the APIs: people, keys, tokens and addresses, riskiest first. */
export default function ActorsPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<Sort>("riskScore");
  const [page, setPage] = useState(1);
  const actors = useQuery({
    ...trpc.actors.list.queryOptions({ search: search || undefined, sort, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: pollWhileEmpty((a) => a.total === 0 && !search),
  });
  const data = actors.data;
  if (data && data.total === 0 && !search) {
    return (
      <FeatureEmptyState
        title="Actors"
        description="The users, tokens, API keys and addresses that call your APIs."
        emptyTitle="No actors seen yet"
        emptyBody="Actors are built from the identities in your logs (API keys, bearer tokens, JWT subjects, addresses), linked when they are used together. Upload an access log to see who calls your APIs."
      />
    );
  }
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <>
      <PageHeader
        title="Actors"
        description="Who calls your APIs: identities used together are one actor, so a user whose token changes every hour is one row."
      />
      <Card>
        <div className="row" style={{ marginBottom: 12 }}>
          <input
            aria-label="Search actors"
            placeholder="Search by name, key prefix or address"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            style={{ minWidth: "min(260px, 100%)" }}
          />
          <select
            aria-label="Sort by"
            value={sort}
            onChange={(e) => {
              setSort(e.target.value as Sort);
              setPage(1);
            }}
          >
            <option value="riskScore">Riskiest</option>
            <option value="calls">Most calls</option>
            <option value="lastSeen">Last seen</option>
          </select>
        </div>
        <Table
          rows={data?.rows ?? []}
          empty={actors.isPending ? "Loading…" : "No actor matches."}
          columns={[
            {
              header: "Actor",
              cell: (a) => (
                <>
                  <Link href={ws.href(`/actors/${a.id}`)}>
                    <strong>{a.label}</strong>
                  </Link>
                  <div className="muted">{ACTOR_KIND_LABEL[a.kind] ?? a.kind}</div>
                </>
              ),
            },
            {
              header: "Risk",
              cell: (a) =>
                a.riskScore > 0 ? (
                  <Badge tone={riskTone(a.riskScore)}>{Math.round(a.riskScore)}</Badge>
                ) : (
                  <span className="muted">0</span>
                ),
            },
            { header: "Alerts", cell: (a) => a.alerts },
            { header: "Calls", cell: (a) => a.calls.toLocaleString("en") },
            { header: "Countries", cell: (a) => a.countries.join(", ") || <span className="muted">—</span> },
            { header: "Last seen", cell: (a) => formatDateTime(a.lastSeen) },
          ]}
        />
        <Pager
          page={page}
          pages={pages}
          onPage={setPage}
          testId="actors-count"
          summary={data ? formatCount(data.total, "actor") : "… actors"}
        />
      </Card>
    </>
  );
}
