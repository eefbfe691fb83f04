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
import { memo, useEffect, useMemo, useState, type CSSProperties } from "react";
import { formatCount } from "@/components/ui/format";
import { layoutMap, type MapInput } from "./layout";
import { endpointTone, ENDPOINT_TONES, kindColour, kindLabel, lineWidth, OVERVIEW_AT, toneColour } from "./map-style";

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

const calls = (n: number) => `${n.toLocaleString("en")} calls`;

type ClientData = { label: string; kind: string; calls: number; hover: (on: boolean) => void };
// Hover is handled here, not by React Flow's onNodeMouseEnter: that would give every node (the names laid over
// services and clients too) pointer events, and the names would swallow clicks meant for what is under them.
const ClientNode = memo(function ClientNode({ data }: NodeProps<Node<ClientData>>) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: highlighting lines on hover is a pointer aid; the lines carry their figures as labels
    <div
      className="map-client"
      style={{ borderLeftColor: kindColour(data.kind) }}
      data-kind={data.kind}
      onMouseEnter={() => data.hover(true)}
      onMouseLeave={() => data.hover(false)}
    >
      <div className="map-title" title={data.label}>
        {data.label}
      </div>
      <div className="map-sub">
        {kindLabel(data.kind)} · {calls(data.calls)}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

type ServiceData = {
  host: string;
  calls: number;
  endpoints: number;
  alerts: number;
  open: boolean;
  /** Its endpoints by tone: what a folded box says instead of drawing them. */
  tones: Record<string, number>;
  toggle: () => void;
};
const ServiceNode = memo(function ServiceNode({ data }: NodeProps<Node<ServiceData>>) {
  return (
    <div className={data.open ? "map-service" : "map-service map-service-folded"} data-testid="map-service">
      <Handle type="target" position={Position.Left} isConnectable={false} style={{ top: 26 }} />
      <div className="map-service-head">
        <div className="map-title mono">{data.host}</div>
        <button
          type="button"
          className="btn btn-small nodrag"
          aria-expanded={data.open}
          onClick={(e) => {
            e.stopPropagation();
            data.toggle();
          }}
        >
          {data.open ? "Fold" : `Open its ${data.endpoints}`}
        </button>
      </div>
      <div className="map-sub">
        {data.endpoints} endpoints · {calls(data.calls)}
        {data.alerts > 0 && (
          <span className="map-mark map-mark-danger" data-testid="map-service-alerts">
            {" "}
            {formatCount(data.alerts, "open alert")}
          </span>
        )}
      </div>
      {!data.open && (
        <div className="map-tones" data-testid="map-service-tones">
          {ENDPOINT_TONES.filter((t) => data.tones[t.tone]).map((t) => (
            <span key={t.tone} title={t.label}>
              <i className="legend-swatch" style={{ background: t.colour }} />
              {data.tones[t.tone]}
            </span>
          ))}
        </div>
      )}
    </div>
  );
});

type EndpointData = MapData["endpoints"][number];
const EndpointNode = memo(function EndpointNode({ data }: NodeProps<Node<EndpointData>>) {
  const tone = endpointTone(data);
  return (
    <div
      className="map-endpoint"
      data-tone={tone}
      style={{ "--tile": toneColour(tone) } as CSSProperties}
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
type LabelData = { text: string; of: "service" | "client"; hover?: (on: boolean) => void };
const LabelNode = memo(function LabelNode({ data }: NodeProps<Node<LabelData>>) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: as on the client it lies over (a pointer aid only)
    <div
      className={`map-label map-label-${data.of}${data.of === "service" ? " mono" : ""}`}
      data-testid={`map-${data.of}-label`}
      // A client's name lies over it when zoomed out: hovering the name is hovering the client.
      onMouseEnter={() => data.hover?.(true)}
      onMouseLeave={() => data.hover?.(false)}
    >
      {data.text}
    </div>
  );
});

function minimapColour(n: Node): string {
  if (n.type === "client") return kindColour((n.data as ClientData).kind);
  if (n.type === "service") return "#1e2940";
  if (n.type === "endpoint") return toneColour(endpointTone(n.data as EndpointData));
  return "transparent";
}

const nodeTypes = { client: ClientNode, service: ServiceNode, endpoint: EndpointNode, label: LabelNode };

/** Below this zoom, endpoint labels are unreadable: draw endpoints as coloured tiles and services by name. */
const ZOOMED_OUT = 0.45;

/** Nodes for the layout: clients, services (open or folded), the open services' endpoints, zoomed-out names. */
function mapNodes(
  data: MapData,
  open: Set<string>,
  toggle: (serviceId: string) => void,
  hover: (clientId: string | null) => void,
  zoomedOut: boolean,
): Node[] {
  const layout = layoutMap(data, (id) => open.has(id));
  const perService = new Map<string, { count: number; tones: Record<string, number> }>();
  for (const e of data.endpoints) {
    const s = perService.get(e.serviceId) ?? { count: 0, tones: {} };
    perService.set(e.serviceId, s);
    s.count++;
    const tone = endpointTone(e);
    s.tones[tone] = (s.tones[tone] ?? 0) + 1;
  }
  const fixed = { draggable: false, selectable: false } as const;
  const nodes: Node[] = [];
  for (const c of data.clients) {
    const box = layout.clients.get(c.id)!;
    nodes.push({
      id: `c:${c.id}`,
      type: "client",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: { label: c.label, kind: c.kind, calls: c.calls, hover: (on: boolean) => hover(on ? c.id : null) },
      ...fixed,
    });
  }
  // Parents before their children, as React Flow requires.
  for (const s of data.services) {
    const box = layout.services.get(s.id)!;
    const mine = perService.get(s.id) ?? { count: 0, tones: {} };
    nodes.push({
      id: `s:${s.id}`,
      type: "service",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      data: {
        host: s.host,
        calls: s.calls,
        endpoints: mine.count,
        alerts: s.alerts,
        open: open.has(s.id),
        tones: mine.tones,
        toggle: () => toggle(s.id),
      },
      ...fixed,
    });
  }
  for (const e of data.endpoints) {
    const box = layout.endpoints.get(e.id);
    if (!box || !open.has(e.serviceId)) continue;
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
  const label = (
    id: string,
    box: { x: number; y: number; width: number; height: number },
    text: string,
    of: LabelData["of"],
    onHover?: LabelData["hover"],
  ) =>
    nodes.push({
      id,
      type: "label",
      position: { x: box.x, y: box.y },
      width: box.width,
      height: of === "service" ? 40 : box.height,
      data: { text, of, hover: onHover } satisfies LabelData,
      zIndex: 1000,
      ...fixed,
      focusable: false,
      // Names stand in for node text only when zoomed out; otherwise they are not there at all (not merely
      // invisible), or they would take the clicks meant for the service's header and the client under them.
      hidden: !zoomedOut,
    });
  for (const s of data.services) label(`l:${s.id}`, layout.services.get(s.id)!, s.host, "service");
  for (const c of data.clients)
    label(`m:${c.id}`, layout.clients.get(c.id)!, c.label, "client", (on) => hover(on ? c.id : null));
  return nodes;
}

/** Lines from client groups to services, as wide as their traffic; a hovered group's lines stand out. */
function mapEdges(data: MapData, hovered: string | null): Edge[] {
  const max = Math.max(1, ...data.edges.map((e) => e.calls));
  return data.edges.map((e) => {
    const kind = data.clients.find((c) => c.id === e.client)?.kind ?? "anonymous";
    const eastWest = kind === "internal";
    const dimmed = hovered !== null && hovered !== e.client;
    return {
      id: `${e.client}->${e.serviceId}`,
      source: `c:${e.client}`,
      target: `s:${e.serviceId}`,
      selectable: false,
      ariaLabel: `${e.calls.toLocaleString("en")} calls, ${eastWest ? "east-west" : "north-south"}`,
      className: hovered === e.client ? "map-edge-hovered" : undefined,
      style: {
        stroke: kindColour(kind),
        strokeWidth: lineWidth(e.calls, max),
        strokeDasharray: eastWest ? "6 4" : undefined,
        opacity: dimmed ? 0.08 : hovered ? 1 : 0.7,
      },
      data: { eastWest, calls: e.calls },
    };
  });
}

export function ApiMap({ data, endpointHref }: { data: MapData; endpointHref: (id: string) => string }) {
  const router = useRouter();
  const [zoom, setZoom] = useState(1);
  const [flow, setFlow] = useState<ReactFlowInstance | null>(null);
  // A small map opens whole; a large one folded, an overview whose services open one at a time.
  const overview = data.endpoints.length > OVERVIEW_AT;
  const [open, setOpen] = useState<Set<string>>(() => new Set(overview ? [] : data.services.map((s) => s.id)));
  const [focus, setFocus] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const toggle = (serviceId: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (next.has(serviceId)) {
        next.delete(serviceId);
        setFocus(null);
      } else {
        next.add(serviceId);
        setFocus(serviceId);
      }
      return next;
    });
  const zoomedOut = zoom < ZOOMED_OUT;
  // biome-ignore lint/correctness/useExhaustiveDependencies: toggle only calls setters
  const nodes = useMemo(() => mapNodes(data, open, toggle, setHovered, zoomedOut), [data, open, zoomedOut]);
  const edges = useMemo(() => mapEdges(data, hovered), [data, hovered]);
  // A service just opened: bring it into view once its endpoints are laid out.
  useEffect(() => {
    if (!focus || !flow) return;
    const t = setTimeout(() => void flow.fitView({ nodes: [{ id: `s:${focus}` }], duration: 400, padding: 0.05 }), 50);
    return () => clearTimeout(t);
  }, [focus, flow]);
  const folded = data.services.length - open.size;

  return (
    <>
      <div className="row" style={{ marginBottom: 8 }}>
        {folded > 0 ? (
          <span className="muted" data-testid="map-folded">
            {formatCount(folded, "service")} folded
            {overview ? ` (over ${OVERVIEW_AT} endpoints: an overview first)` : ""}: open one to see its endpoints.
          </span>
        ) : null}
        {folded > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setOpen(new Set(data.services.map((s) => s.id)))}
          >
            Open every service
          </button>
        )}
        {open.size > 0 && (
          <button type="button" className="btn btn-small" onClick={() => setOpen(new Set())}>
            Fold every service
          </button>
        )}
      </div>
      <div
        className={`api-map${zoomedOut ? " zoomed-out" : ""}${hovered ? " map-hovering" : ""}`}
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
            // A service (its box or its name) opens and zooms onto it, like a region on a map.
            const service =
              node.type === "service" ? node.id.slice(2) : node.id.startsWith("l:") ? node.id.slice(2) : null;
            if (!service) return;
            if (!open.has(service)) toggle(service);
            else void flow?.fitView({ nodes: [{ id: `s:${service}` }], duration: 400, padding: 0.05 });
          }}
        >
          <Background gap={24} color="#2a3550" />
          <MiniMap pannable zoomable nodeColor={minimapColour} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </>
  );
}
