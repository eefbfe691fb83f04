// Hourly traffic of one discovery run, summed in memory and added to the
// rollup tables in the run's transaction: calls per endpoint and hour (with
// 4xx and 5xx), calls per service, client group and hour. Charts and the API
// map read these, never the events.
import type { Prisma } from "@lantern/db/client";
import { insertRows } from "@lantern/db/bulk";
import { MAX_CLIENT_GROUPS, otherGroup, type ClientGroup } from "@lantern/engine/discovery/client-groups";

type Key = { host: string; method: string; template: string };
type EndpointHour = { key: Key; hour: number; calls: number; clientErrors: number; serverErrors: number };
type ClientHour = { host: string; group: ClientGroup; hour: number; calls: number };

const HOUR = 3_600_000;
/** Timestamps as text: Postgres reads the UTC instant into the timestamp(3) columns Prisma uses. */
const iso = (hour: number) => new Date(hour * HOUR).toISOString();

/** Moves an endpoint's hourly rows to the endpoint it was folded into, adding where both have an hour. */
export async function moveEndpointTraffic(tx: Prisma.TransactionClient, fromId: string, toId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO api_endpoint_hourly ("tenantId", "endpointId", hour, calls, "clientErrors", "serverErrors")
    SELECT "tenantId", ${toId}, hour, calls, "clientErrors", "serverErrors" FROM api_endpoint_hourly WHERE "endpointId" = ${fromId}
    ON CONFLICT ("endpointId", hour) DO UPDATE SET calls = api_endpoint_hourly.calls + EXCLUDED.calls,
      "clientErrors" = api_endpoint_hourly."clientErrors" + EXCLUDED."clientErrors", "serverErrors" = api_endpoint_hourly."serverErrors" + EXCLUDED."serverErrors"`;
}

export class TrafficRollup {
  // Nested maps (endpoint key → hour, host → group → hour): no key string is built per call.
  private readonly endpoints = new Map<string, Map<number, EndpointHour>>();
  private readonly clients = new Map<string, Map<string, Map<number, ClientHour>>>();

  /** One call; `k` is a string that identifies `key` (the caller's map key for it). */
  add(k: string, key: Key, ts: number, status: number | null, group: ClientGroup): void {
    const hour = Math.floor(ts / HOUR);
    let hours = this.endpoints.get(k);
    if (!hours) this.endpoints.set(k, (hours = new Map()));
    let e = hours.get(hour);
    if (!e) hours.set(hour, (e = { key, hour, calls: 0, clientErrors: 0, serverErrors: 0 }));
    e.calls++;
    if (status !== null && status >= 400) {
      if (status < 500) e.clientErrors++;
      else if (status < 600) e.serverErrors++;
    }
    let groups = this.clients.get(key.host);
    if (!groups) this.clients.set(key.host, (groups = new Map()));
    let byHour = groups.get(group.key);
    if (!byHour) groups.set(group.key, (byHour = new Map()));
    let c = byHour.get(hour);
    if (!c) byHour.set(hour, (c = { host: key.host, group, hour, calls: 0 }));
    c.calls++;
  }

  /**
   * Adds this run's hours to the tables. `endpointId` gives the stored id of
   * a key as templated when it was seen (null: not in the inventory, e.g. 404
   * noise); `serviceIds` the id of each host.
   */
  async write(tx: Prisma.TransactionClient, tenantId: string, endpointId: (key: Key) => string | undefined, serviceIds: Map<string, string>): Promise<void> {
    // Keys templated early may now share an endpoint: sum them per (endpoint, hour) first.
    const rows = new Map<string, { id: string; hour: number; calls: number; clientErrors: number; serverErrors: number }>();
    for (const e of [...this.endpoints.values()].flatMap((hours) => [...hours.values()])) {
      const id = endpointId(e.key);
      if (!id) continue;
      const k = `${id}\u0000${e.hour}`;
      const row = rows.get(k);
      if (row) {
        row.calls += e.calls;
        row.clientErrors += e.clientErrors;
        row.serverErrors += e.serverErrors;
      } else rows.set(k, { id, hour: e.hour, calls: e.calls, clientErrors: e.clientErrors, serverErrors: e.serverErrors });
    }
    await insertRows(tx, "api_endpoint_hourly", [...rows.values()].map((r) => ({ tenantId, endpointId: r.id, hour: iso(r.hour), calls: r.calls, clientErrors: r.clientErrors, serverErrors: r.serverErrors })), {
      onConflict: `("endpointId", hour) DO UPDATE SET calls = api_endpoint_hourly.calls + EXCLUDED.calls,
        "clientErrors" = api_endpoint_hourly."clientErrors" + EXCLUDED."clientErrors", "serverErrors" = api_endpoint_hourly."serverErrors" + EXCLUDED."serverErrors"`,
    });
    const clients = this.cappedClients().filter((c) => serviceIds.has(c.host));
    await insertRows(tx, "api_client_hourly", clients.map((c) => ({ tenantId, serviceId: serviceIds.get(c.host)!, client: c.group.key, kind: c.group.kind, label: c.group.label, hour: iso(c.hour), calls: c.calls })), {
      onConflict: `("serviceId", client, hour) DO UPDATE SET calls = api_client_hourly.calls + EXCLUDED.calls, label = EXCLUDED.label`,
    });
  }

  /** Client hours with each service's groups past the busiest MAX_CLIENT_GROUPS merged into one "other" group per kind. */
  private cappedClients(): ClientHour[] {
    const all = [...this.clients.values()].flatMap((groups) => [...groups.values()].flatMap((byHour) => [...byHour.values()]));
    const totals = new Map<string, Map<string, number>>();
    for (const c of all) {
      const byGroup = totals.get(c.host) ?? new Map<string, number>();
      totals.set(c.host, byGroup);
      byGroup.set(c.group.key, (byGroup.get(c.group.key) ?? 0) + c.calls);
    }
    const kept = new Map<string, Set<string>>();
    for (const [host, byGroup] of totals) kept.set(host, new Set([...byGroup].sort((a, b) => b[1] - a[1]).slice(0, MAX_CLIENT_GROUPS).map(([k]) => k)));
    const out = new Map<string, ClientHour>();
    for (const c of all) {
      const group = kept.get(c.host)!.has(c.group.key) ? c.group : otherGroup(c.group.kind);
      const k = `${c.host}\u0000${group.key}\u0000${c.hour}`;
      const row = out.get(k);
      if (row) row.calls += c.calls;
      else out.set(k, { ...c, group });
    }
    return [...out.values()];
  }
}
