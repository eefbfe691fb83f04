"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { FeatureEmptyState } from "@/components/shell/feature-empty-state";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { useTRPC } from "@/lib/trpc";
import { pollWhileEmpty } from "@/lib/poll-while-empty";

// React Flow measures the DOM: render it in the browser only.
const ApiMap = dynamic(() => import("@/components/map/api-map").then((m) => m.ApiMap), {
  ssr: false,
  loading: () => <p className="muted">Drawing the map…</p>,
});

type Range = "24h" | "7d" | "30d" | "all";
const RANGE_LABEL: Record<Range, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "All traffic",
};

/** Who calls which services and endpoints, how much, from inside or outside. */
export default function ApiMapPage() {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const [range, setRange] = useState<Range>("7d");
  const [serviceId, setServiceId] = useState("");
  const services = useQuery({
    ...trpc.inventory.services.queryOptions(),
    refetchInterval: pollWhileEmpty((s) => s.length === 0),
  });
  const map = useQuery({
    ...trpc.inventory.map.queryOptions({ range, serviceId: serviceId || undefined }),
    placeholderData: keepPreviousData,
    enabled: Boolean(services.data?.length),
  });

  if (services.data && services.data.length === 0) {
    return (
      <FeatureEmptyState
        title="API map"
        description="Who calls which services and endpoints, how much, from inside or outside your network."
        emptyTitle="No traffic to draw yet"
        emptyBody="The map draws itself from your traffic: client groups, services and endpoints, with the endpoints that carry sensitive data or answer without authentication marked. Upload an access log to light it up."
      />
    );
  }
  const data = map.data;
  return (
    <>
      <PageHeader
        title="API map"
        description="Client groups → services → endpoints. Line width is traffic; dashed green lines are east-west (from private networks). Click an endpoint to open it."
      />
      <Card>
        <div className="row" style={{ marginBottom: 8 }}>
          <select aria-label="Time range" value={range} onChange={(e) => setRange(e.target.value as Range)}>
            {(Object.keys(RANGE_LABEL) as Range[]).map((r) => (
              <option key={r} value={r}>
                {RANGE_LABEL[r]}
              </option>
            ))}
          </select>
          <select aria-label="Service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            <option value="">All services</option>
            {(services.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.host}
              </option>
            ))}
          </select>
          {data && (
            <span className="muted" data-testid="map-summary">
              {data.clients.length} client groups → {data.services.length} services → {data.endpoints.length} endpoints,{" "}
              {data.edges.length} lines
              {data.to ? ` · traffic up to ${formatDateTime(data.to)}` : ""}
              {data.truncated ? " · the 2,000 busiest endpoints shown" : ""}
            </span>
          )}
        </div>
        <div className="map-legend">
          <span>
            <i style={{ borderColor: "#c18cf0" }} />
            partners
          </span>
          <span>
            <i style={{ borderColor: "#5b8def" }} />
            users
          </span>
          <span>
            <i style={{ borderColor: "#97a3bd" }} />
            anonymous
          </span>
          <span>
            <i style={{ borderColor: "#3ecf8e", borderTopStyle: "dashed" }} />
            internal (east-west)
          </span>
          <span>
            <span className="map-mark-danger">unauth</span>: 2xx without credentials
          </span>
          <span>
            <span className="map-mark-accent">data type</span>: sensitive data seen
          </span>
          <span>
            <span style={{ color: "var(--danger)" }}>red box</span>: both
          </span>
        </div>
        {data && data.endpoints.length === 0 && data.clients.length === 0 ? (
          <p className="muted">No traffic in this range.</p>
        ) : data ? (
          <ApiMap data={data} endpointHref={(id) => ws.href(`/inventory/${id}`)} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </Card>
    </>
  );
}
