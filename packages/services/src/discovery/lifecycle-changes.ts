// Changes that only show across a service's endpoints: an older API version
// still called after a newer one exists, and an endpoint that was busy and
// has gone quiet while its service kept serving. Each is reported once (until
// the endpoint is called again, for "gone quiet").
import type { Prisma } from "@lantern/db/client";
import { versionOf } from "@lantern/engine/discovery/endpoint-stats";

/** Quiet this long while its service served traffic, after at least QUIET_MIN_CALLS calls. */
export const QUIET_AFTER_MS = 7 * 86_400_000;
export const QUIET_MIN_CALLS = 50;

export type LifecycleChange = {
  kind: "OLD_VERSION_CALLED" | "GONE_QUIET";
  at: Date;
  endpointId: string;
  detail: Record<string, string>;
};

const versionNumber = (v: string) => Number(v.slice(1));

export async function lifecycleChanges(
  tx: Prisma.TransactionClient,
  tenantId: string,
  service: { id: string; host: string },
  skip: Set<string>,
): Promise<LifecycleChange[]> {
  const endpoints = (
    await tx.apiEndpoint.findMany({
      where: { tenantId, serviceId: service.id },
      select: { id: true, method: true, template: true, firstSeen: true, lastSeen: true, calls: true },
    })
  ).filter((e) => !skip.has(e.id));
  if (endpoints.length === 0) return [];
  const reported = await tx.apiChange.findMany({
    where: {
      tenantId,
      endpointId: { in: endpoints.map((e) => e.id) },
      kind: { in: ["OLD_VERSION_CALLED", "GONE_QUIET"] },
    },
    select: { endpointId: true, kind: true, at: true },
  });
  // The latest report of each kind per endpoint.
  const latest = new Map<string, Date>();
  for (const c of reported) {
    const k = `${c.endpointId}\u0000${c.kind}`;
    if (!latest.has(k) || c.at > latest.get(k)!) latest.set(k, c.at);
  }
  const already = (id: string, kind: LifecycleChange["kind"], since = new Date(0)) =>
    (latest.get(`${id}\u0000${kind}`) ?? new Date(-8.64e15)) >= since;
  const out: LifecycleChange[] = [];
  const what = (e: (typeof endpoints)[number]) => ({ method: e.method, host: service.host, template: e.template });

  // The same operation under several versions: /v1/orders/{orderId} beside /v2/orders/{orderId}.
  const byShape = new Map<string, { e: (typeof endpoints)[number]; version: number }[]>();
  for (const e of endpoints) {
    const version = versionOf(e.template);
    if (!version) continue;
    const shape = `${e.method} ${e.template.replace(`/${version}`, "/{version}")}`;
    const list = byShape.get(shape) ?? [];
    byShape.set(shape, list);
    list.push({ e, version: versionNumber(version) });
  }
  for (const list of byShape.values()) {
    if (list.length < 2) continue;
    const newest = list.reduce((a, b) => (b.version > a.version ? b : a));
    for (const { e, version } of list) {
      if (version >= newest.version || e.lastSeen <= newest.e.firstSeen || already(e.id, "OLD_VERSION_CALLED"))
        continue;
      out.push({
        kind: "OLD_VERSION_CALLED",
        at: e.lastSeen,
        endpointId: e.id,
        detail: { ...what(e), newer: newest.e.template },
      });
    }
  }

  const serviceLast = Math.max(...endpoints.map((e) => e.lastSeen.getTime()));
  for (const e of endpoints) {
    if (
      Number(e.calls) < QUIET_MIN_CALLS ||
      serviceLast - e.lastSeen.getTime() < QUIET_AFTER_MS ||
      already(e.id, "GONE_QUIET", e.lastSeen)
    )
      continue;
    out.push({
      kind: "GONE_QUIET",
      at: new Date(e.lastSeen.getTime() + QUIET_AFTER_MS),
      endpointId: e.id,
      detail: { ...what(e), lastSeen: e.lastSeen.toISOString() },
    });
  }
  return out;
}
