// Discovery's write: one transaction per part that adds it to the
// inventory. Services first, then stored endpoints re-templated (one now
// covered by a broader template is folded into it), then every endpoint's
// stats merged with what is stored, the changes people see (new service,
// endpoint, parameter, sensitive data, unauthenticated), hourly traffic, the
// spec status, the templater, and the upload's discovered line.
import { insertRows } from "@lantern/db/bulk";
import type { Prisma } from "@lantern/db/client";
import { newId } from "@lantern/db/ids";
import {
  belongsInInventory,
  type EndpointStats,
  mergeStats,
  newStats,
  summarise,
} from "@lantern/engine/discovery/endpoint-stats";
import { OVERFLOW_TEMPLATE, type Templater, type VariableInfo } from "@lantern/engine/discovery/templater";
import { type EndpointUpdate, endpointColumns, updateEndpoints } from "./endpoint-columns";
import { type EndpointKey, type EndpointSums, keyOf } from "./endpoint-sums";
import { lifecycleChanges } from "./lifecycle-changes";
import type { LearntPart } from "./part-learn";
import { applySpec } from "./spec-status";
import { moveEndpointTraffic } from "./traffic-rollup";

type ChangeKind = Prisma.ApiChangeCreateManyInput["kind"];

/** The inventory changes a part makes, in the order they happened to be found. */
class ChangeLog {
  readonly rows: Prisma.ApiChangeCreateManyInput[] = [];
  constructor(private readonly tenantId: string) {}
  add(kind: ChangeKind, at: number, detail: Record<string, string>, endpointId?: string): void {
    this.rows.push({ id: newId("change"), tenantId: this.tenantId, kind, endpointId, detail, at: new Date(at) });
  }
}

type StoredEndpoint = { id: string; unauthenticated: boolean };
type Folded = { id: string; into: EndpointKey };

/** Writes the part; returns endpoint key → stored id of every endpoint it wrote. */
export async function writeInventory(
  tx: Prisma.TransactionClient,
  tenantId: string,
  uploadId: string,
  part: LearntPart,
  sums: EndpointSums,
): Promise<Map<string, string>> {
  const { templater } = part;
  const changes = new ChangeLog(tenantId);
  const hosts = sums.hosts();
  const services = await saveServices(tx, tenantId, hosts, sums, changes);
  const { stored, folded, regrouped } = await foldStoredEndpoints(tx, tenantId, services, templater, sums);
  // Only the stats this run adds to are read: a small upload into a large workspace reads little.
  const before = await storedStats(
    tx,
    [...sums.byKey.keys()].flatMap((k) => stored.get(k)?.id ?? []),
  );
  const variables = new Map(templater.endpoints({ includeNotFound: true }).map((e) => [keyOf(e), e.variables]));
  const plan = planEndpoints(tenantId, { sums, stored, before, variables, services, regrouped }, changes);

  await insertRows(tx, "api_endpoints", plan.creates, { updatedAt: true });
  await updateEndpoints(tx, tenantId, plan.updates);
  const foldedIds = new Set(folded.map((f) => f.id));
  for (const host of hosts) {
    for (const c of await lifecycleChanges(tx, tenantId, { id: services.get(host)!, host }, foldedIds))
      changes.add(c.kind, c.at.getTime(), c.detail, c.endpointId);
  }
  await insertRows(tx, "api_changes", changes.rows);
  for (const f of folded) {
    const into = plan.endpointIds.get(keyOf(f.into));
    if (into) await moveEndpointTraffic(tx, f.id, into);
    await tx.apiEndpoint.delete({ where: { id: f.id } });
  }
  const idOf = (k: EndpointKey) =>
    plan.endpointIds.get(keyOf({ ...k, template: templater.templateOf(k.host, k.template) }));
  await part.traffic.write(tx, tenantId, idOf, services);
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
    data: { discoveredLine: part.lastLine, discoveredAt: part.done ? new Date() : null },
  });
  return plan.endpointIds;
}

/** Each host's service, created or with its calls and time span grown; host → service id. */
async function saveServices(
  tx: Prisma.TransactionClient,
  tenantId: string,
  hosts: string[],
  sums: EndpointSums,
  changes: ChangeLog,
): Promise<Map<string, string>> {
  const services = new Map<string, string>();
  for (const host of hosts) {
    const mine = sums.statsOf(host);
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
    if (!existing) changes.add("NEW_SERVICE", first.getTime(), { host });
    services.set(host, service.id);
  }
  return services;
}

/**
 * The stored endpoints of these services, by key. Those whose template is now
 * covered by a broader one are folded into it: their stats are added to the
 * sums (a regrouping, not a new API), their hourly rows move once it is written.
 */
async function foldStoredEndpoints(
  tx: Prisma.TransactionClient,
  tenantId: string,
  services: Map<string, string>,
  templater: Templater,
  sums: EndpointSums,
) {
  const hostOf = new Map([...services].map(([host, id]) => [id, host]));
  const stored = new Map<string, StoredEndpoint>();
  const folded: Folded[] = [];
  for (const row of await tx.apiEndpoint.findMany({
    where: { tenantId, serviceId: { in: [...services.values()] } },
    select: { id: true, serviceId: true, method: true, template: true, unauthenticated: true },
  })) {
    const host = hostOf.get(row.serviceId)!;
    const now = templater.templateOf(host, row.template);
    if (now === row.template) stored.set(keyOf({ host, method: row.method, template: row.template }), row);
    else folded.push({ id: row.id, into: { host, method: row.method, template: now } });
  }
  const regrouped = new Set<string>();
  const foldedInto = new Map(folded.map((f) => [f.id, f.into]));
  for (const [id, stats] of await storedStats(tx, [...foldedInto.keys()])) {
    const into = foldedInto.get(id)!;
    sums.add(into, stats);
    regrouped.add(keyOf(into));
  }
  return { stored, folded, regrouped };
}

/** What each summed endpoint becomes: a new row or an update, and the changes it makes. */
function planEndpoints(
  tenantId: string,
  input: {
    sums: EndpointSums;
    stored: Map<string, StoredEndpoint>;
    before: Map<string, EndpointStats>;
    variables: Map<string, VariableInfo[]>;
    services: Map<string, string>;
    regrouped: Set<string>;
  },
  changes: ChangeLog,
) {
  const { sums, stored, before, variables, services, regrouped } = input;
  const creates: Prisma.ApiEndpointCreateManyInput[] = [];
  const updates: EndpointUpdate[] = [];
  const endpointIds = new Map<string, string>();
  for (const [k, { key, stats }] of sums.byKey) {
    // Scanner noise (only ever missed, or refused to a caller or two) and the overflow bucket stay out of the inventory.
    if (key.template === OVERFLOW_TEMPLATE) continue;
    const existing = stored.get(k);
    const old = existing ? before.get(existing.id)! : null;
    const knownParams = new Set(Object.keys(old?.query ?? {}));
    const knownSensitive = new Set(summarise(old ?? newStats()).sensitive.map((x) => x.type));
    const merged = mergeStats(old ?? newStats(), stats);
    if (!belongsInInventory(merged)) continue;
    const { summary: s, data } = endpointColumns(merged, key.template, variables.get(k) ?? []);
    const id = existing?.id ?? newId("endpoint");
    if (existing) updates.push({ id, ...data });
    else {
      const serviceId = services.get(key.host)!;
      creates.push({ id, tenantId, serviceId, method: key.method, template: key.template, ...data });
    }
    endpointIds.set(k, id);
    const what = { method: key.method, host: key.host, template: key.template };
    if (!existing && !regrouped.has(k)) changes.add("NEW_ENDPOINT", merged.firstSeen, what, id);
    if (!existing) continue;
    for (const name of Object.keys(stats.query))
      if (!knownParams.has(name) && merged.query[name])
        changes.add("NEW_PARAMETER", stats.firstSeen, { ...what, parameter: name }, id);
    if (!existing.unauthenticated && s.unauthenticated) changes.add("NEWLY_UNAUTHENTICATED", stats.lastSeen, what, id);
    for (const seen of s.sensitive)
      if (!knownSensitive.has(seen.type)) {
        const where = seen.places.map((p) => p.where).join(", ");
        changes.add("NEW_SENSITIVE_DATA", stats.lastSeen, { ...what, dataType: seen.type, where }, id);
      }
  }
  return { creates, updates, endpointIds };
}

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
