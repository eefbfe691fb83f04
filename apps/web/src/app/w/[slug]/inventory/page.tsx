"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { changeText } from "@/components/inventory/change-label";
import { ServicesCard } from "@/components/inventory/services-card";
import { SpecsCard } from "@/components/inventory/specs-card";
import { riskTone } from "@/components/inventory/risk-card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { Table } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";
import { pollWhileEmpty } from "@/lib/poll-while-empty";
import { useSettledUrlParam, useUrlParams } from "@/lib/use-url-params";
import { SENSITIVE_LABEL, SENSITIVE_TYPES, type SensitiveType } from "@lantern/engine/normalize/sensitive-types";

const SORTS = ["calls", "lastSeen", "firstSeen", "template", "p95LatencyMs", "distinctActors", "riskScore"] as const;
const AUTHS = ["", "unauthenticated", "authenticated"] as const;
const DIRECTIONS = ["", "north-south", "east-west"] as const;
const SPECS = ["", "documented", "shadow", "zombie", "unspecified"] as const;
const PAGE_SIZE = 50;
const ms = (v: number | null) =>
  v === null ? "—" : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v).toLocaleString("en")} ms`;

/** Every endpoint seen in traffic: search, filter, sort and page through the inventory. */
export default function InventoryPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const changes = useQuery(trpc.inventory.changes.queryOptions());
  // Filters, search, sort and page live in the address: a view of the inventory can be shared or bookmarked.
  const url = useUrlParams();
  const search = url.get("q").slice(0, 200);
  const service = url.get("service").slice(0, 300);
  const auth = url.pick("auth", AUTHS, "");
  const direction = url.pick("direction", DIRECTIONS, "");
  const spec = url.pick("spec", SPECS, "");
  const sensitive = url.pick("sensitive", ["", "any", ...SENSITIVE_TYPES] as const, "");
  const sort = url.pick("sort", SORTS, "calls");
  const page = Math.min(10_000, Math.max(1, Number.parseInt(url.get("page"), 10) || 1));
  const [typed, setTyped] = useSettledUrlParam(url, "q");
  const filter = (patch: Record<string, string>) => url.set({ ...patch, page: null });
  const services = useQuery({
    ...trpc.inventory.services.queryOptions(),
    refetchInterval: pollWhileEmpty((s) => s.length === 0),
  });
  const endpoints = useQuery({
    ...trpc.inventory.endpoints.queryOptions({
      search: search || undefined,
      service: service || undefined,
      unauthenticated: auth === "" ? undefined : auth === "unauthenticated",
      direction: direction || undefined,
      spec: spec || undefined,
      sensitive: sensitive || undefined,
      sort,
      order: sort === "template" ? "asc" : "desc",
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    enabled: Boolean(services.data?.length),
  });

  if (services.data && services.data.length === 0) {
    return (
      <FeatureEmptyState
        title="Inventory"
        description="Every endpoint seen in your traffic, documented or not."
        emptyTitle="Your inventory is empty"
        emptyBody="Lantern discovers endpoints from access logs: methods, path templates, callers, authentication and sensitive data. Upload a log; when it has been processed, its endpoints appear here."
      />
    );
  }
  const data = endpoints.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader
        title="Inventory"
        description="Every endpoint seen in your traffic, templated from the paths called, with who calls it and how."
      />
      <div className="row" style={{ marginBottom: 16 }} data-testid="inventory-figures">
        <div>
          <strong>{(services.data ?? []).length}</strong> <span className="muted">services</span>
        </div>
        <div>
          <strong>{data?.total.toLocaleString("en") ?? "…"}</strong>{" "}
          <span className="muted">
            endpoints{search || service || auth || direction || spec || sensitive ? " match" : ""}
          </span>
        </div>
      </div>
      <Card>
        <div className="row" style={{ marginBottom: 12 }}>
          <input
            aria-label="Search endpoints"
            placeholder="Search path, host or method"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            style={{ minWidth: "min(260px, 100%)" }}
          />
          <select aria-label="Service" value={service} onChange={(e) => filter({ service: e.target.value })}>
            <option value="">All services</option>
            {(services.data ?? []).map((s) => (
              <option key={s.id} value={s.host}>
                {s.host} ({s.endpoints})
              </option>
            ))}
          </select>
          <select aria-label="Authentication" value={auth} onChange={(e) => filter({ auth: e.target.value })}>
            <option value="">Any authentication</option>
            <option value="unauthenticated">Unauthenticated (2xx without credentials)</option>
            <option value="authenticated">Always authenticated</option>
          </select>
          <select aria-label="Direction" value={direction} onChange={(e) => filter({ direction: e.target.value })}>
            <option value="">Any direction</option>
            <option value="north-south">North-south (from outside)</option>
            <option value="east-west">East-west (internal)</option>
          </select>
          <select aria-label="Spec status" value={spec} onChange={(e) => filter({ spec: e.target.value })}>
            <option value="">Any spec status</option>
            <option value="shadow">Shadow (not in the spec)</option>
            <option value="zombie">Zombie (deprecated or old version)</option>
            <option value="documented">Documented</option>
            <option value="unspecified">Service without a spec</option>
          </select>
          <select aria-label="Sensitive data" value={sensitive} onChange={(e) => filter({ sensitive: e.target.value })}>
            <option value="">Any data</option>
            <option value="any">Carrying sensitive data</option>
            {SENSITIVE_TYPES.map((t) => (
              <option key={t} value={t}>
                {SENSITIVE_LABEL[t]}
              </option>
            ))}
          </select>
          <select
            aria-label="Sort by"
            value={sort}
            onChange={(e) => filter({ sort: e.target.value === "calls" ? "" : e.target.value })}
          >
            <option value="calls">Most called</option>
            <option value="riskScore">Riskiest</option>
            <option value="lastSeen">Last seen</option>
            <option value="firstSeen">Newest</option>
            <option value="p95LatencyMs">Slowest (p95)</option>
            <option value="distinctActors">Most callers</option>
            <option value="template">Path</option>
          </select>
        </div>
        <Table
          rows={data?.rows ?? []}
          empty={endpoints.isPending ? "Loading…" : "No endpoint matches."}
          columns={[
            {
              header: "Endpoint",
              cell: (e) => (
                <>
                  <Link href={ws.href(`/inventory/${e.id}`)} className="mono">
                    <strong>{e.method}</strong> {e.template}
                  </Link>
                  <div className="muted">
                    {e.host}
                    {e.params.length ? ` · ?${e.params.join(", ")}` : ""}
                  </div>
                </>
              ),
            },
            {
              header: "Risk",
              cell: (e) => <Badge tone={riskTone(e.riskScore)}>{e.riskScore.toFixed(1)}</Badge>,
            },
            { header: "Calls", cell: (e) => e.calls.toLocaleString("en") },
            { header: "Callers", cell: (e) => e.distinctActors.toLocaleString("en") },
            {
              header: "Auth",
              cell: (e) =>
                e.unauthenticated ? (
                  <Badge tone="danger">unauthenticated</Badge>
                ) : (
                  <span>{Math.round(e.authenticatedShare * 100)}% with credentials</span>
                ),
            },
            { header: "Direction", cell: (e) => <span className="nowrap">{e.direction}</span> },
            {
              header: "Data",
              cell: (e) =>
                e.sensitiveTypes.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <span title={e.sensitiveTypes.map((t) => SENSITIVE_LABEL[t as SensitiveType]).join(", ")}>
                    {e.sensitiveTypes.map((t) => (
                      <Badge key={t} tone={e.unauthenticated ? "danger" : "accent"}>
                        {t.replace("_", " ")}
                      </Badge>
                    ))}
                  </span>
                ),
            },
            {
              header: "Spec",
              cell: (e) =>
                e.specStatus === "shadow" ? (
                  <Badge tone="danger">shadow</Badge>
                ) : e.specStatus === "zombie" ? (
                  <span title={e.specReason ?? ""}>
                    <Badge tone="accent">zombie</Badge>
                  </span>
                ) : (
                  (e.specStatus ?? <span className="muted nowrap">no spec</span>)
                ),
            },
            {
              header: "Owner",
              cell: (e) =>
                e.owners.length ? (
                  <span title="Who owns its open posture findings">{e.owners.join(", ")}</span>
                ) : (
                  <span className="muted">—</span>
                ),
            },
            { header: "p95", cell: (e) => <span className="nowrap">{ms(e.latencyMs.p95)}</span> },
            { header: "Last seen", cell: (e) => <span className="nowrap">{formatDateTime(e.lastSeen)}</span> },
          ]}
        />
        <Pager page={page} pages={pages} onPage={(p) => url.set({ page: p > 1 ? String(p) : null })} />
      </Card>
      <ServicesCard services={services.data ?? []} />
      <SpecsCard hosts={(services.data ?? []).map((s) => s.host)} />
      <Card title="Recent changes">
        {(changes.data ?? []).length === 0 ? (
          <p className="muted">No change yet.</p>
        ) : (
          <ul data-testid="changes-feed">
            {(changes.data ?? []).slice(0, 15).map((c) => (
              <li key={c.id}>
                {formatDateTime(c.at)} ·{" "}
                {c.endpointId ? (
                  <Link href={ws.href(`/inventory/${c.endpointId}`)}>
                    {changeText(c.kind, c.detail as Record<string, string>)}
                  </Link>
                ) : (
                  changeText(c.kind, c.detail as Record<string, string>)
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
