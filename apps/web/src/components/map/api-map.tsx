"use client";
// The API map: client groups → services → endpoints, drawn with React Flow
// (@xyflow/react) on positions from layout.ts. Read-only: pan, zoom, click.
import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
  type ReactFlowInstance,
} from "@xyflow/react";
import { useRouter } from "next/navigation";
import { memo, useMemo, useState, type CSSProperties } from "react";
import { layoutMap, type MapInput } from "./layout";
import { formatCount } from "@/components/ui/format";

export type MapData = MapInput & {
  clients: { id: string; kind: string; label: string; calls: number }[];
  services: { id: string; host: string; calls: number; alerts: number }[];
  endpoints: {
    id: string;
    serviceId: string;
    calls: number;
    method: string;
    template: string;
    unauthenticated: boolean;
    sensitiveTypes: string[];
    specStatus: string | null;
    direction: string;
    alerts: number;
    riskScore: number;
    /** Open posture findings: how many, and the worst severity. */
    findings: { count: number; worst: string | null };
  }[];
};

const KIND_COLOUR: Record<string, string> = {
  partner: "#c18cf0",
  users: "#5b8def",
  internal: "#3ecf8e",
  anonymous: "#97a3bd",
};
const KIND_LABEL: Record<string, string> = {
  partner: "partner",
  users: "users",
  internal: "internal",
  anonymous: "anonymous",
};
const calls = (n: number) => `${n.toLocaleString("en")} calls`;

type ClientData = { label: string; kind: string; calls: number };
const ClientNode = memo(function ClientNode({ data }: NodeProps<Node<ClientData>>) {
  return (
    <div className="map-client" style={{ borderLeftColor: KIND_COLOUR[data.kind] }} data-kind={data.kind}>
      <div className="map-title" title={data.label}>
        {data.label}
      </div>
      <div className="map-sub">
        {KIND_LABEL[data.kind] ?? data.kind} · {calls(data.calls)}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

type ServiceData = { host: string; calls: number; endpoints: number; alerts: number };
const ServiceNode = memo(function ServiceNode({ data }: NodeProps<Node<ServiceData>>) {
  return (
    <div className="map-service">
      <Handle type="target" position={Position.Left} isConnectable={false} style={{ top: 26 }} />
      <div className="map-title mono">{data.host}</div>
      <div className="map-sub">
        {data.endpoints} endpoints · {calls(data.calls)}
        {data.alerts > 0 && (
          <span className="map-mark map-mark-danger" data-testid="map-service-alerts">
            {" "}
            {formatCount(data.alerts, "open alert")}
          </span>
        )}
      </div>
    </div>
  );
});

type EndpointData = MapData["endpoints"][number];
const EndpointNode = memo(function EndpointNode({ data }: NodeProps<Node<EndpointData>>) {
  const risky = (data.unauthenticated && data.sensitiveTypes.length > 0) || data.alerts > 0;
  return (
    <div
      className={`map-endpoint${risky ? " map-risky" : ""}`}
      style={{ "--tile": endpointColour(data) } as CSSProperties}
      title={`${data.method} ${data.template} · ${calls(data.calls)}`}
      data-testid="map-endpoint"
    >
      <span className="mono map-title">
        <strong>{data.method}</strong> {data.template}
      </span>
      <span className="map-marks">
        {data.alerts > 0 && (
          <span
            className="map-mark map-mark-danger"
            title="Open alerts about this endpoint"
            data-testid="map-endpoint-alerts"
          >
            {formatCount(data.alerts, "alert")}
          </span>
        )}
        {data.findings.count > 0 && (
          <span
            className={`map-mark ${data.findings.worst === "CRITICAL" || data.findings.worst === "HIGH" ? "map-mark-danger" : "map-mark-accent"}`}
            title={`Open posture findings, the worst ${data.findings.worst?.toLowerCase()}; risk ${data.riskScore.toFixed(1)} / 10`}
            data-testid="map-endpoint-findings"
          >
            {formatCount(data.findings.count, "finding")}
          </span>
        )}
        {data.unauthenticated && (
          <span className="map-mark map-mark-danger" title="Answers 2xx without credentials">
            unauth
          </span>
        )}
        {data.sensitiveTypes.length > 0 && (
          <span className="map-mark map-mark-accent" title={`Sensitive data: ${data.sensitiveTypes.join(", ")}`}>
            {data.sensitiveTypes.length === 1
              ? data.sensitiveTypes[0]!.replace("_", " ")
              : `${data.sensitiveTypes.length} data types`}
          </span>
        )}
        {(data.specStatus === "shadow" || data.specStatus === "zombie") && (
          <span className="map-mark">{data.specStatus}</span>
        )}
        {data.direction === "east-west" && (
          <span className="map-mark map-mark-ok" title="Called from private networks">
            east-west
          </span>
        )}
      </span>
    </div>
  );
});

/**
 * A name drawn over a service's box or a client when zoomed out, sized to stay
 * legible on screen (see .zoomed-out in globals.css); clicking a service's zooms onto it.
 */
const LabelNode = memo(function LabelNode({ data }: NodeProps<Node<{ text: string; of: "service" | "client" }>>) {
  return (
    <div
      className={`map-label map-label-${data.of}${data.of === "service" ? " mono" : ""}`}
      data-testid={`map-${data.of}-label`}
    >
      {data.text}
    </div>
  );
});

/** Red: open alerts, or unauthenticated and carrying sensitive data; amber: one of the two; blue: neither. */
const endpointColour = (e: EndpointData) =>
  e.alerts > 0 || (e.unauthenticated && e.sensitiveTypes.length)
    ? "#ef5a5a"
    : e.unauthenticated || e.sensitiveTypes.length
      ? "#f5b83d"
      : "#5b8def";

function minimapColour(n: Node): string {
  if (n.type === "client") return KIND_COLOUR[(n.data as ClientData).kind] ?? "#97a3bd";
  if (n.type === "service") return "#1e2940";
  if (n.type === "endpoint") return endpointColour(n.data as EndpointData);
  return "transparent";
}

const nodeTypes = { client: ClientNode, service: ServiceNode, endpoint: EndpointNode, label: LabelNode };

/** Below this zoom, endpoint labels are unreadable: draw endpoints as coloured tiles and services by name. */
const ZOOMED_OUT = 0.45;

export function ApiMap({ data, endpointHref }: { data: MapData; endpointHref: (id: string) => string }) {
  const router = useRouter();
  const [zoom, setZoom] = useState(1);
  const [flow, setFlow] = useState<ReactFlowInstance | null>(null);
  const { nodes, edges } = useMemo(() => {
    const layout = layoutMap(data);
    const perService = new Map<string, number>();
    for (const e of data.endpoints) perService.set(e.serviceId, (perService.get(e.serviceId) ?? 0) + 1);
    const nodes: Node[] = [];
    for (const c of data.clients) {
      const box = layout.clients.get(c.id)!;
      nodes.push({
        id: `c:${c.id}`,
        type: "client",
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: { label: c.label, kind: c.kind, calls: c.calls },
        draggable: false,
        selectable: false,
      });
    }
    // Parents before their children, as React Flow requires.
    for (const s of data.services) {
      const box = layout.services.get(s.id)!;
      nodes.push({
        id: `s:${s.id}`,
        type: "service",
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: { host: s.host, calls: s.calls, endpoints: perService.get(s.id) ?? 0, alerts: s.alerts },
        draggable: false,
        selectable: false,
      });
    }
    for (const e of data.endpoints) {
      const box = layout.endpoints.get(e.id);
      if (!box) continue;
      nodes.push({
        id: `e:${e.id}`,
        type: "endpoint",
        parentId: `s:${e.serviceId}`,
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: e,
        draggable: false,
      });
    }
    for (const s of data.services) {
      const box = layout.services.get(s.id)!;
      nodes.push({
        id: `l:${s.id}`,
        type: "label",
        position: { x: box.x, y: box.y },
        width: box.width,
        height: 40,
        data: { text: s.host, of: "service" },
        zIndex: 1000,
        draggable: false,
        selectable: false,
        focusable: false,
      });
    }
    for (const c of data.clients) {
      const box = layout.clients.get(c.id)!;
      nodes.push({
        id: `m:${c.id}`,
        type: "label",
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: { text: c.label, of: "client" },
        zIndex: 1000,
        draggable: false,
        selectable: false,
        focusable: false,
      });
    }
    // Edge width by traffic, on a log scale: 1 px for the quietest, 12 px for the busiest.
    const max = Math.max(1, ...data.edges.map((e) => e.calls));
    const edges: Edge[] = data.edges.map((e) => {
      const kind = data.clients.find((c) => c.id === e.client)?.kind ?? "anonymous";
      const eastWest = kind === "internal";
      return {
        id: `${e.client}->${e.serviceId}`,
        source: `c:${e.client}`,
        target: `s:${e.serviceId}`,
        selectable: false,
        ariaLabel: `${e.calls.toLocaleString("en")} calls, ${eastWest ? "east-west" : "north-south"}`,
        style: {
          stroke: eastWest ? "#3ecf8e" : (KIND_COLOUR[kind] ?? "#5b8def"),
          strokeWidth: 1 + (11 * Math.log1p(e.calls)) / Math.log1p(max),
          strokeDasharray: eastWest ? "6 4" : undefined,
          opacity: 0.75,
        },
        data: { eastWest },
      };
    });
    return { nodes, edges };
  }, [data]);

  return (
    <div
      className={`api-map${zoom < ZOOMED_OUT ? " zoomed-out" : ""}`}
      data-testid="api-map"
      style={{ "--map-zoom": zoom } as CSSProperties}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        minZoom={0.05}
        maxZoom={2}
        nodesConnectable={false}
        nodesDraggable={false}
        elementsSelectable
        onlyRenderVisibleElements={nodes.length > 300}
        proOptions={{ hideAttribution: false }}
        colorMode="dark"
        onInit={(instance) => {
          setFlow(instance);
          setZoom(instance.getZoom());
        }}
        onMove={(_, viewport) => setZoom(Math.round(viewport.zoom * 100) / 100)}
        onNodeClick={(_, node) => {
          if (node.type === "endpoint") router.push(endpointHref(node.id.slice(2)));
          // A service (its box or its name) zooms the map onto it, like a region on a map.
          if (node.type === "service") void flow?.fitView({ nodes: [{ id: node.id }], duration: 400, padding: 0.05 });
          if (node.id.startsWith("l:"))
            void flow?.fitView({ nodes: [{ id: `s:${node.id.slice(2)}` }], duration: 400, padding: 0.05 });
        }}
      >
        <Background gap={24} color="#2a3550" />
        <MiniMap pannable zoomable nodeColor={minimapColour} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
