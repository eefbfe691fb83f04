// Adds one completed upload's events to the workspace's API inventory:
// templates learnt by the templater (state kept per workspace), stats merged
// into each endpoint's stored sums, histograms and sketches. Incremental: an
// upload is read once, history never again. A large upload is read in parts
// of at most a million events, each added in its own transaction with the
// upload's discovered line, so memory stays bounded (a 30-day upload over
// thousands of endpoints holds millions of endpoint-hours otherwise), the
// dashboard shows progress, a retried job resumes after the last part and
// adds nothing twice, and between parts the job can give way to other
// workspaces' uploads. One part per workspace at a time (an advisory lock).
import { jsonOnce, streamRows, withTenant, withTenantClient, type Db, type Prisma } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import { insertRows } from "@lantern/db/bulk";
import {
  mergeStats,
  newStats,
  StatsBuilder,
  summarise,
  type DiscoveryEvent,
  type EndpointStats,
} from "@lantern/engine/discovery/endpoint-stats";
import { OVERFLOW_TEMPLATE, Templater, type TemplaterState } from "@lantern/engine/discovery/templater";
import { clientGroupOf } from "@lantern/engine/discovery/client-groups";
import { parseCidr, type Cidr } from "@lantern/engine/normalize/ip";
import { lifecycleChanges } from "./lifecycle-changes";
import { endpointColumns, updateEndpoints, type EndpointUpdate } from "./endpoint-columns";
import { PART_EVENTS, runInParts } from "../pipeline/parts";
import { applyDeclarations } from "./corrections";
import { applySpec } from "./spec-status";
import { moveEndpointTraffic, TrafficRollup } from "./traffic-rollup";

/** CONTINUE: parts are left and the caller was asked to yield; `line` is where the next part starts after. */
export type DiscoverOutcome = {
  status: "DISCOVERED" | "SKIPPED" | "CONTINUE";
  events: number;
  endpoints: number;
  line: number;
};
export type DiscoverDeps = { db: Db; partEvents?: number; shouldYield?: () => Promise<boolean> };

// Rows come back as arrays (pg builds a keyed object per row far more slowly), in this column order;
// timestamps as epoch milliseconds (a number parses far faster than a Date); byte counts as float8 because
// pg hands bigint columns over as strings (summed, they concatenated).
// JSON columns (query, identities) come as text, parsed once per distinct value (jsonOnce).
const COLUMNS = `line_no, (extract(epoch FROM ts) * 1000)::float8, method, host, service, path, query::text, status, latency_ms, response_bytes::float8, request_bytes::float8,
  host(client_ip), identities::text, sensitive, user_agent, country`;
type EventRow = [
  lineNo: number,
  ts: number,
  method: string,
  host: string | null,
  service: string | null,
  path: string,
  query: string | null,
  status: number | null,
  latencyMs: number | null,
  responseBytes: number | null,
  requestBytes: number | null,
  clientIp: string | null,
  identities: string | null,
  sensitive: DiscoveryEvent["sensitive"] | null,
  userAgent: string | null,
  country: string | null,
];

type Key = { host: string; method: string; template: string };
const keyOf = (k: Key) => `${k.host}\u0000${k.method}\u0000${k.template}`;

/** The stored stats of endpoints, by id (read in chunks: a stats document is a few kilobytes). */
async function storedStats(tx: Prisma.TransactionClient, ids: string[]): Promise<Map<string, EndpointStats>> {
  const out = new Map<string, EndpointStats>();
  for (let i = 0; i < ids.length; i += 1_000) {
    for (const row of await tx.apiEndpoint.findMany({
      where: { id: { in: ids.slice(i, i + 1_000) } },
      select: { id: true, stats: true },
    })) {
      out.set(row.id, row.stats as unknown as EndpointStats);
    }
  }
  return out;
}

export async function discoverUpload(deps: DiscoverDeps, tenantId: string, uploadId: string): Promise<DiscoverOutcome> {
  let events = 0;
  let line = 0;
  const endpoints = new Set<string>();
  const { ran, yielded } = await runInParts(
    deps.db,
    tenantId,
    () => discoverPart(deps.db, tenantId, uploadId, deps.partEvents ?? PART_EVENTS),
    (part) => {
      events += part.events;
      line = part.lastLine;
      for (const id of part.endpointIds) endpoints.add(id);
    },
    deps.shouldYield,
  );
  return { status: yielded ? "CONTINUE" : ran ? "DISCOVERED" : "SKIPPED", events, endpoints: endpoints.size, line };
}

/** Adds the next part of the upload; null when there is nothing (left) to add. */
async function discoverPart(db: Db, tenantId: string, uploadId: string, partEvents: number) {
  const upload = await withTenant(db, tenantId, (tx) =>
    tx.upload.findFirst({
      where: { id: uploadId, tenantId },
      select: { status: true, discoveredAt: true, discoveredLine: true, source: true },
    }),
  );
  if (upload?.status !== "COMPLETED" || upload.discoveredAt) return null;
  const [saved, tenant] = await withTenant(db, tenantId, (tx) =>
    Promise.all([
      tx.discoveryState.findUnique({ where: { tenantId } }),
      tx.tenant.findUnique({ where: { id: tenantId }, select: { internalCidrs: true } }),
    ]),
  );
  const internal = (tenant?.internalCidrs ?? []).map(parseCidr).filter((c): c is Cidr => c !== null);
  const templater = saved ? Templater.fromJSON(saved.templater as unknown as TemplaterState) : new Templater();
  // Spec paths and people's corrections first: traffic is matched to them before anything is learnt.
  await withTenant(db, tenantId, (tx) => applyDeclarations(tx, tenantId, templater));

  // 1. Read the upload's events in line order, learning templates and summing stats per template as seen then.
  const builders = new Map<string, { key: Key; builder: StatsBuilder }>();
  const traffic = new TrafficRollup();
  let events = 0;
  let lastLine = upload.discoveredLine;
  await withTenantClient(db, tenantId, async (client) => {
    const text = `SELECT ${COLUMNS} FROM telemetry.events WHERE tenant_id = $1 AND upload_id = $2 AND line_no > $3 ORDER BY line_no LIMIT $4`;
    const queryOf = jsonOnce<DiscoveryEvent["query"]>();
    const identitiesOf = jsonOnce<DiscoveryEvent["identities"]>();
    events = await streamRows<EventRow>(
      client,
      text,
      [tenantId, uploadId, upload.discoveredLine, partEvents],
      (row) => {
        const [
          lineNo,
          ts,
          method,
          rowHost,
          service,
          path,
          query,
          status,
          latencyMs,
          responseBytes,
          requestBytes,
          clientIp,
          ids,
          sensitive,
          userAgent,
          country,
        ] = row;
        // Logs without a Host (plain combined format) are grouped under their data source.
        const host = rowHost ?? service ?? upload.source;
        const template = templater.observe(host, method, path, { found: status !== 404 });
        const key = { host, method, template };
        const k = keyOf(key);
        let entry = builders.get(k);
        if (!entry) builders.set(k, (entry = { key, builder: new StatsBuilder(undefined, internal) }));
        const identities = identitiesOf(ids) ?? [];
        traffic.add(k, entry.key, ts, status, clientGroupOf({ identities, clientIp, userAgent, country }, internal));
        entry.builder.add({
          ts,
          status,
          latencyMs,
          responseBytes,
          requestBytes,
          clientIp,
          identities,
          query: queryOf(query) ?? [],
          sensitive: sensitive ?? [],
        });
        lastLine = lineNo;
      },
    );
  });
  const done = events < partEvents;

  // 2. Templates learnt late in the upload may cover ones formed early (a place promoted to a variable): regroup.
  const finals = new Map<string, { key: Key; stats: EndpointStats }>();
  const add = (key: Key, stats: EndpointStats) => {
    const k = keyOf(key);
    const existing = finals.get(k);
    if (existing) mergeStats(existing.stats, stats);
    else finals.set(k, { key, stats });
  };
  for (const { key, builder } of builders.values())
    add({ ...key, template: templater.templateOf(key.host, key.template) }, builder.finish());
  const variables = new Map(templater.endpoints({ includeNotFound: true }).map((e) => [keyOf(e), e.variables]));
  const hosts = [...new Set([...finals.values()].map((f) => f.key.host))];

  // Endpoint key → stored id, of every endpoint this part writes.
  const endpointIds = new Map<string, string>();
  // 3. One transaction: services, endpoints (stored ones re-templated too), the templater, the upload marked.
  await withTenant(
    db,
    tenantId,
    async (tx) => {
      const services = new Map<string, string>();
      const changes: Prisma.ApiChangeCreateManyInput[] = [];
      const change = (
        kind: Prisma.ApiChangeCreateManyInput["kind"],
        at: number,
        detail: Record<string, string>,
        endpointId?: string,
      ) => changes.push({ id: newId("change"), tenantId, kind, endpointId, detail, at: new Date(at) });
      // Templates that replaced stored ones: a regrouping, not a new API.
      const regrouped = new Set<string>();
      // Stored endpoints folded into another: their hourly rows move to it once it is written.
      const folded: { id: string; into: Key }[] = [];
      for (const host of hosts) {
        const mine = [...finals.values()].filter((f) => f.key.host === host).map((f) => f.stats);
        const first = new Date(Math.min(...mine.map((s) => s.firstSeen)));
        const last = new Date(Math.max(...mine.map((s) => s.lastSeen)));
        const calls = mine.reduce((s, x) => s + x.calls, 0);
        const existing = await tx.apiService.findUnique({ where: { tenantId_host: { tenantId, host } } });
        const service = existing
          ? await tx.apiService.update({
              where: { id: existing.id },
              data: {
                calls: { increment: calls },
                firstSeen: first < existing.firstSeen ? first : existing.firstSeen,
                lastSeen: last > existing.lastSeen ? last : existing.lastSeen,
              },
            })
          : await tx.apiService.create({
              data: { id: newId("service"), tenantId, host, firstSeen: first, lastSeen: last, calls },
            });
        if (!existing) change("NEW_SERVICE", first.getTime(), { host });
        services.set(host, service.id);
      }

      // Stored endpoints of these services, by key; those whose template is now covered by a broader one are folded into it.
      const hostOf = new Map([...services].map(([host, id]) => [id, host]));
      const stored = new Map<string, { id: string; unauthenticated: boolean }>();
      for (const row of await tx.apiEndpoint.findMany({
        where: { tenantId, serviceId: { in: [...services.values()] } },
        select: { id: true, serviceId: true, method: true, template: true, unauthenticated: true },
      })) {
        const host = hostOf.get(row.serviceId)!;
        const now = templater.templateOf(host, row.template);
        if (now === row.template) stored.set(keyOf({ host, method: row.method, template: row.template }), row);
        else folded.push({ id: row.id, into: { host, method: row.method, template: now } });
      }
      const foldedInto = new Map(folded.map((f) => [f.id, f.into]));
      for (const [id, stats] of await storedStats(tx, [...foldedInto.keys()])) {
        const into = foldedInto.get(id)!;
        add(into, stats);
        regrouped.add(keyOf(into));
      }
      // Only the stats this run adds to are read: a small upload into a large workspace reads little.
      const before = await storedStats(
        tx,
        [...finals.keys()].flatMap((k) => stored.get(k)?.id ?? []),
      );

      const creates: Prisma.ApiEndpointCreateManyInput[] = [];
      const updates: EndpointUpdate[] = [];
      for (const [k, { key, stats }] of finals) {
        // Scanner noise (only ever 404) and the overflow bucket stay out of the inventory.
        if (key.template === OVERFLOW_TEMPLATE) continue;
        const existing = stored.get(k);
        const old = existing ? before.get(existing.id)! : null;
        const knownParams = new Set(Object.keys(old?.query ?? {}));
        const knownSensitive = new Set(summarise(old ?? newStats()).sensitive.map((x) => x.type));
        const merged = mergeStats(old ?? newStats(), stats);
        if (merged.found === 0) continue;
        const { summary: s, data } = endpointColumns(merged, key.template, variables.get(k) ?? []);
        const id = existing?.id ?? newId("endpoint");
        if (existing) updates.push({ id, ...data });
        else
          creates.push({
            id,
            tenantId,
            serviceId: services.get(key.host)!,
            method: key.method,
            template: key.template,
            ...data,
          });
        endpointIds.set(k, id);
        const what = { method: key.method, host: key.host, template: key.template };
        if (!existing && !regrouped.has(k)) change("NEW_ENDPOINT", merged.firstSeen, what, id);
        if (existing) {
          for (const name of Object.keys(stats.query))
            if (!knownParams.has(name) && merged.query[name])
              change("NEW_PARAMETER", stats.firstSeen, { ...what, parameter: name }, id);
          if (!existing.unauthenticated && s.unauthenticated) change("NEWLY_UNAUTHENTICATED", stats.lastSeen, what, id);
          for (const seen of s.sensitive)
            if (!knownSensitive.has(seen.type))
              change(
                "NEW_SENSITIVE_DATA",
                stats.lastSeen,
                { ...what, dataType: seen.type, where: seen.places.map((p) => p.where).join(", ") },
                id,
              );
        }
      }
      await insertRows(tx, "api_endpoints", creates, { updatedAt: true });
      await updateEndpoints(tx, tenantId, updates);
      const foldedIds = new Set(folded.map((f) => f.id));
      for (const host of hosts) {
        for (const c of await lifecycleChanges(tx, tenantId, { id: services.get(host)!, host }, foldedIds))
          change(c.kind, c.at.getTime(), c.detail, c.endpointId);
      }
      await insertRows(tx, "api_changes", changes);
      for (const f of folded) {
        const into = endpointIds.get(keyOf(f.into));
        if (into) await moveEndpointTraffic(tx, f.id, into);
        await tx.apiEndpoint.delete({ where: { id: f.id } });
      }
      await traffic.write(
        tx,
        tenantId,
        (k) => endpointIds.get(keyOf({ ...k, template: templater.templateOf(k.host, k.template) })),
        services,
      );
      // Endpoints new or regrouped: marked against their service's spec, if it has one.
      for (const host of hosts) await applySpec(tx, tenantId, host);
      const state = templater.toJSON() as unknown as Prisma.InputJsonValue;
      await tx.discoveryState.upsert({
        where: { tenantId },
        create: { tenantId, templater: state },
        update: { templater: state },
      });
      await tx.upload.update({
        where: { id: uploadId },
        data: { discoveredLine: lastLine, discoveredAt: done ? new Date() : null },
      });
      // Generous: a part of a month-long upload over thousands of endpoints writes hundreds of thousands
      // of hourly rows here (about 30 µs each on the benchmark machine); the workspace lock keeps runs apart.
    },
    { timeoutMs: 30 * 60_000 },
  );
  return { done, events, lastLine, endpointIds: [...endpointIds.values()] };
}
