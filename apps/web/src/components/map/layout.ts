// Where each node of the API map goes. Client groups in a column on the
// left; services as boxes holding their endpoints in a grid, the boxes packed
// in rows to a screen-shaped area. A grid per service keeps 500 endpoints on
// a landscape canvas instead of a column 15,000 px tall, and the boxes
// replace 500 service→endpoint lines. Clients are ordered by the services
// they call (barycentre), which keeps their lines from crossing. A folded
// service is a small box of its figures: past a few hundred endpoints the map
// opens folded, an overview, and each service opens on demand.

export type MapInput = {
  clients: { id: string; kind: string; label: string; calls: number }[];
  services: { id: string; host: string; calls: number }[];
  endpoints: { id: string; serviceId: string; calls: number }[];
  edges: { client: string; serviceId: string; calls: number }[];
};

export const SIZE = {
  client: { width: 230, height: 46 },
  endpoint: { width: 270, height: 40 },
  gap: 10,
  header: 52,
  padding: 12,
  columnGap: 260,
  folded: { width: 300, height: 92 },
};

export type Box = { x: number; y: number; width: number; height: number };
export type Layout = {
  clients: Map<string, Box>;
  services: Map<string, Box>;
  /** Endpoint positions relative to their service's box. */
  endpoints: Map<string, Box>;
};

const MAX_GRID_COLUMNS = 8;

export function gridColumns(n: number): number {
  return Math.min(MAX_GRID_COLUMNS, Math.max(1, Math.ceil(Math.sqrt(n / 4))));
}

export function layoutMap(input: MapInput, isOpen: (serviceId: string) => boolean = () => true): Layout {
  const byService = new Map<string, MapInput["endpoints"]>();
  for (const e of input.endpoints) {
    const list = byService.get(e.serviceId) ?? [];
    byService.set(e.serviceId, list);
    list.push(e);
  }
  const services = new Map<string, Box>();
  const endpoints = new Map<string, Box>();
  const sizes = input.services.map((s) => {
    if (!isOpen(s.id)) return { id: s.id, ...SIZE.folded };
    const list = [...(byService.get(s.id) ?? [])].sort((a, b) => b.calls - a.calls);
    const cols = gridColumns(list.length);
    const rows = Math.max(1, Math.ceil(list.length / cols));
    const cellW = SIZE.endpoint.width + SIZE.gap;
    const cellH = SIZE.endpoint.height + SIZE.gap;
    // Busiest first, row by row.
    list.forEach((e, i) => {
      endpoints.set(e.id, {
        x: SIZE.padding + (i % cols) * cellW,
        y: SIZE.header + Math.floor(i / cols) * cellH,
        ...SIZE.endpoint,
      });
    });
    return {
      id: s.id,
      width: Math.max(SIZE.client.width + 40, 2 * SIZE.padding + cols * cellW - SIZE.gap),
      height: SIZE.header + rows * cellH + SIZE.padding - SIZE.gap,
    };
  });
  // Shelf packing: rows of boxes no wider than a 16:10 rectangle of the same area would be.
  const BOX_GAP = 40;
  const area = sizes.reduce((n, b) => n + (b.width + BOX_GAP) * (b.height + BOX_GAP), 0);
  const rowLimit = Math.max(...sizes.map((b) => b.width), Math.sqrt(area * 1.6));
  const serviceX = SIZE.client.width + SIZE.columnGap;
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const b of sizes) {
    if (x > 0 && x + b.width > rowLimit) {
      x = 0;
      y += rowHeight + BOX_GAP;
      rowHeight = 0;
    }
    services.set(b.id, { x: serviceX + x, y, width: b.width, height: b.height });
    x += b.width + BOX_GAP;
    rowHeight = Math.max(rowHeight, b.height);
  }
  const servicesHeight = y + rowHeight;

  // Each client at the calls-weighted mean height of the services it calls, then spread so none overlap.
  const centre = (id: string) => {
    let weight = 0;
    let sum = 0;
    for (const e of input.edges) {
      if (e.client !== id) continue;
      const box = services.get(e.serviceId);
      if (!box) continue;
      weight += e.calls;
      sum += e.calls * (box.y + Math.min(box.height, 200) / 2);
    }
    return weight ? sum / weight : servicesHeight / 2;
  };
  const ordered = input.clients
    .map((c) => ({ id: c.id, want: centre(c.id) }))
    .sort((a, b) => a.want - b.want || a.id.localeCompare(b.id));
  const clients = new Map<string, Box>();
  const step = SIZE.client.height + 16;
  const total = ordered.length * step - 16;
  // Start where the wanted heights centre, but never above 0 nor with the column running past the services more than needed.
  const mean = ordered.reduce((n, c) => n + c.want, 0) / Math.max(1, ordered.length);
  let top = Math.max(0, Math.min(mean - total / 2, Math.max(0, servicesHeight - total)));
  for (const c of ordered) {
    const yc = Math.max(top, c.want - SIZE.client.height / 2);
    clients.set(c.id, { x: 0, y: yc, ...SIZE.client });
    top = yc + step;
  }
  return { clients, services, endpoints };
}
