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
import { MapLegend } from "@/components/map/map-legend";

// React Flow measures the DOM: render it in the browser only.
const ApiMap = dynamic(() => import("@/components/map/api-map").then((m) => m.ApiMap), {
  ssr: false,
  loading: () => <p className="muted">Drawing the map…</p>,
});

type Range = "24h" | "7d" | "30d" | "all";
// Ranges end at the workspace's latest traffic, not at now: a log uploaded last week still draws.
const RANGE_LABEL: Record<Range, string> = {
  "24h": "24 hours to the latest traffic",
  "7d": "7 days to the latest traffic",
  "30d": "30 days to the latest traffic",
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
        description="Client groups → services → endpoints. Line width is traffic; hover a client group to follow its lines; click a service to open it, an endpoint to see it."
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
              {data.to ? ` · the latest traffic is ${formatDateTime(data.to)}` : ""}
              {data.truncated ? " · the 2,000 busiest endpoints shown" : ""}
            </span>
          )}
        </div>
        <MapLegend />
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
