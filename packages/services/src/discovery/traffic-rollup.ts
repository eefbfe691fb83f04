// Hourly traffic of one discovery run, summed in memory and added to the
// rollup tables in the run's transaction: calls per endpoint and hour (with
// 4xx and 5xx), calls per service, client group and hour. Charts and the API
// map read these, never the events.
import type { Prisma } from "@lantern/db/client";
import { insertRows } from "@lantern/db/bulk";
import { moveActorUse } from "@lantern/db/repositories/actor-use";
import { MAX_CLIENT_GROUPS, otherGroup, type ClientGroup } from "@lantern/engine/discovery/client-groups";

type Key = { host: string; method: string; template: string };
type Counts = { calls: number; clientErrors: number; serverErrors: number };
/** Hour (hours since the epoch) → counts. */
type Hours<T> = Map<number, T>;

const HOUR = 3_600_000;
/** Timestamps as text: Postgres reads the UTC instant into the timestamp(3) columns Prisma uses. */
const iso = (hour: number) => new Date(hour * HOUR).toISOString();

/** Moves an endpoint's hourly rows (and which actors called it) to the endpoint it was folded into, adding where both have an hour. */
export async function moveEndpointTraffic(tx: Prisma.TransactionClient, fromId: string, toId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO api_endpoint_hourly ("tenantId", "endpointId", hour, calls, "clientErrors", "serverErrors")
    SELECT "tenantId", ${toId}, hour, calls, "clientErrors", "serverErrors" FROM api_endpoint_hourly WHERE "endpointId" = ${fromId}
    ON CONFLICT ("endpointId", hour) DO UPDATE SET calls = api_endpoint_hourly.calls + EXCLUDED.calls,
      "clientErrors" = api_endpoint_hourly."clientErrors" + EXCLUDED."clientErrors", "serverErrors" = api_endpoint_hourly."serverErrors" + EXCLUDED."serverErrors"`;
  // Detection's record of who calls it (endpoints, objects) follows, so no caller looks new to the merged endpoint.
  await moveActorUse(tx, "endpointId", fromId, toId);
}

export class TrafficRollup {
  // Nested maps (endpoint key → hour, host → group → hour): no key string is built per call,
  // and a 30-day upload over thousands of endpoints holds one small object per endpoint-hour.
  private readonly endpoints = new Map<string, { key: Key; hours: Hours<Counts> }>();
  private readonly clients = new Map<string, Map<string, { group: ClientGroup; hours: Hours<number> }>>();

  /** One call; `k` is a string that identifies `key` (the caller's map key for it). */
  add(k: string, key: Key, ts: number, status: number | null, group: ClientGroup): void {
    const hour = Math.floor(ts / HOUR);
    let endpoint = this.endpoints.get(k);
    if (!endpoint) this.endpoints.set(k, (endpoint = { key, hours: new Map() }));
    let e = endpoint.hours.get(hour);
    if (!e) endpoint.hours.set(hour, (e = { calls: 0, clientErrors: 0, serverErrors: 0 }));
    e.calls++;
    if (status !== null && status >= 400) {
      if (status < 500) e.clientErrors++;
      else if (status < 600) e.serverErrors++;
    }
    let groups = this.clients.get(key.host);
    if (!groups) this.clients.set(key.host, (groups = new Map()));
    let byGroup = groups.get(group.key);
    if (!byGroup) groups.set(group.key, (byGroup = { group, hours: new Map() }));
    byGroup.hours.set(hour, (byGroup.hours.get(hour) ?? 0) + 1);
  }

  /**
   * Adds this run's hours to the tables (the rollup is spent afterwards).
   * `endpointId` gives the stored id of a key as templated when it was seen
   * (undefined: not in the inventory, e.g. 404 noise); `serviceIds` the id of
   * each host. Rows are produced as they are written, never all at once.
   */
  async write(
    tx: Prisma.TransactionClient,
    tenantId: string,
    endpointId: (key: Key) => string | undefined,
    serviceIds: Map<string, string>,
  ): Promise<void> {
    // Keys templated early may now share an endpoint: their hours are summed per endpoint.
    const byId = new Map<string, Hours<Counts>>();
    for (const { key, hours } of this.endpoints.values()) {
      const id = endpointId(key);
      if (!id) continue;
      const into = byId.get(id);
      if (into) for (const [hour, c] of hours) addCounts(into, hour, c);
      else byId.set(id, hours);
    }
    await insertRows(tx, "api_endpoint_hourly", endpointRows(tenantId, byId), {
      onConflict: `("endpointId", hour) DO UPDATE SET calls = api_endpoint_hourly.calls + EXCLUDED.calls,
        "clientErrors" = api_endpoint_hourly."clientErrors" + EXCLUDED."clientErrors", "serverErrors" = api_endpoint_hourly."serverErrors" + EXCLUDED."serverErrors"`,
    });
    await insertRows(tx, "api_client_hourly", this.clientRows(tenantId, serviceIds), {
      onConflict: `("serviceId", client, hour) DO UPDATE SET calls = api_client_hourly.calls + EXCLUDED.calls, label = EXCLUDED.label`,
    });
  }

  /** Client hours, each service's groups past the busiest MAX_CLIENT_GROUPS merged into one "other" group per kind. */
  private *clientRows(tenantId: string, serviceIds: Map<string, string>) {
    for (const [host, groups] of this.clients) {
      const serviceId = serviceIds.get(host);
      if (!serviceId) continue;
      const total = (hours: Hours<number>) => [...hours.values()].reduce((a, b) => a + b, 0);
      const ranked = [...groups.values()]
        .map((g) => ({ ...g, total: total(g.hours) }))
        .sort((a, b) => b.total - a.total);
      const others = new Map<string, { group: ClientGroup; hours: Hours<number> }>();
      for (const { group, hours } of ranked.slice(MAX_CLIENT_GROUPS)) {
        const other = otherGroup(group.kind);
        const into = others.get(other.key) ?? { group: other, hours: new Map<number, number>() };
        others.set(other.key, into);
        for (const [hour, calls] of hours) into.hours.set(hour, (into.hours.get(hour) ?? 0) + calls);
      }
      for (const { group, hours } of [...ranked.slice(0, MAX_CLIENT_GROUPS), ...others.values()]) {
        for (const [hour, calls] of hours)
          yield {
            tenantId,
            serviceId,
            client: group.key,
            kind: group.kind,
            label: group.label,
            hour: iso(hour),
            calls,
          };
      }
    }
  }
}

function addCounts(into: Hours<Counts>, hour: number, c: Counts): void {
  const t = into.get(hour);
  if (!t) into.set(hour, { ...c });
  else {
    t.calls += c.calls;
    t.clientErrors += c.clientErrors;
    t.serverErrors += c.serverErrors;
  }
}

function* endpointRows(tenantId: string, byId: Map<string, Hours<Counts>>) {
  for (const [endpointId, hours] of byId)
    for (const [hour, c] of hours) yield { tenantId, endpointId, hour: iso(hour), ...c };
}
