// Reading actors: the list (by risk, volume or recency, with a search) and
// one actor's profile: the identities linked to it and why, its hours, its
// countries and its alerts.
import { z } from "zod";
import { withTenant, type Prisma } from "@lantern/db/client";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { containsText } from "../validation";
import { actorTargets } from "../response/actor-targets";

export const ZActorQuery = z.object({
  search: z.string().trim().max(200).optional(),
  sort: z.enum(["riskScore", "calls", "lastSeen"]).default("riskScore"),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(10).max(200).default(50),
});
export type ActorQuery = z.input<typeof ZActorQuery>;

export async function listActors(ctx: ServiceContext, tenantId: string, input: ActorQuery) {
  const q = ZActorQuery.parse(input);
  const where: Prisma.ActorWhereInput = {
    tenantId,
    ...(q.search ? { label: { contains: containsText(q.search), mode: "insensitive" } } : {}),
  };
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [total, rows] = await Promise.all([
      tx.actor.count({ where }),
      tx.actor.findMany({
        where,
        orderBy: [{ [q.sort]: "desc" }, { lastSeen: "desc" }, { id: "asc" }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        include: { _count: { select: { alerts: true } } },
      }),
    ]);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      rows: rows.map((a) => ({
        id: a.id,
        label: a.label,
        kind: a.kind,
        calls: Number(a.calls),
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        countries: a.countries,
        riskScore: a.riskScore,
        alerts: a._count.alerts,
      })),
    };
  });
}

const HOUR = 3_600_000;

export async function getActor(ctx: ServiceContext, tenantId: string, actorId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const a = await tx.actor.findFirst({ where: { id: actorId, tenantId } });
    if (!a) throw notFound("Actor");
    const [links, alerts, hours, endpoints, places] = await Promise.all([
      // The identities that stand for it: credentials and addresses linked to it, with the request that linked them.
      tx.actorLink.findMany({ where: { tenantId, to: a.key }, orderBy: { together: "desc" }, take: 100 }),
      tx.alert.findMany({
        where: { tenantId, actorId: a.id },
        orderBy: { lastSeen: "desc" },
        take: 50,
        select: {
          id: true,
          title: true,
          severity: true,
          confidence: true,
          risk: true,
          verdict: true,
          status: true,
          lastSeen: true,
        },
      }),
      tx.actorHourly.findMany({ where: { actorId: a.id }, orderBy: { hour: "desc" }, take: 24 * 30 }),
      // The endpoints it uses, busiest first.
      tx.actorEndpoint.findMany({
        where: { tenantId, actorId: a.id },
        orderBy: { calls: "desc" },
        take: 100,
        select: {
          calls: true,
          failures: true,
          firstSeen: true,
          lastSeen: true,
          endpoint: { select: { id: true, method: true, template: true, service: { select: { host: true } } } },
        },
      }),
      // Where it calls from: countries, and a machine credential's networks (what the geography detectors judge against).
      tx.actorPlace.findMany({
        where: { tenantId, actorId: a.id },
        orderBy: [{ kind: "asc" }, { calls: "desc" }],
        take: 50,
        select: { kind: true, place: true, calls: true, firstSeen: true, lastSeen: true },
      }),
    ]);
    const linkedCount = await tx.actorLink.count({ where: { tenantId, to: a.key } });
    // Objects touched per endpoint, and how many belong to someone else: an object's owner is the actor that made at
    // least 80% of its calls (and more than one), as the enumeration detector infers it.
    const objects = await tx.$queryRaw<
      { endpointId: string; objects: number; ownedByOthers: number; examples: string[] }[]
    >`
      WITH mine AS (SELECT "endpointId", object, calls FROM actor_objects WHERE "tenantId" = ${tenantId} AND "actorId" = ${a.id}),
      ranked AS (
        SELECT o."endpointId", o.object, o."actorId", o.calls, sum(o.calls) OVER w AS total, row_number() OVER (w ORDER BY o.calls DESC) AS r
        FROM actor_objects o JOIN mine m USING ("endpointId", object) WHERE o."tenantId" = ${tenantId}
        WINDOW w AS (PARTITION BY o."endpointId", o.object)
      )
      SELECT m."endpointId", count(*)::int AS objects,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ranked r WHERE r."endpointId" = m."endpointId" AND r.object = m.object AND r.r = 1
          AND r."actorId" <> ${a.id} AND r.calls >= 2 AND r.calls >= 0.8 * r.total))::int AS "ownedByOthers",
        (array_agg(m.object ORDER BY m.calls DESC))[1:5] AS examples
      FROM mine m GROUP BY m."endpointId" ORDER BY count(*) DESC LIMIT 50`;
    // Traffic per day over its last 30 days of activity, oldest first.
    const byDay = new Map<number, { calls: number; failures: number; errors: number }>();
    for (const h of hours) {
      const day = Math.floor(h.hour.getTime() / (24 * HOUR)) * 24 * HOUR;
      const d = byDay.get(day) ?? { calls: 0, failures: 0, errors: 0 };
      byDay.set(day, d);
      d.calls += h.calls;
      d.failures += h.failures;
      d.errors += h.errors;
    }
    return {
      id: a.id,
      label: a.label,
      kind: a.kind,
      calls: Number(a.calls),
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      countries: a.countries,
      riskScore: a.riskScore,
      identities: {
        total: linkedCount,
        // Addresses are shown; credentials by kind only (their key is a keyed hash, not for display).
        shown: links.map((l) => ({
          kind: l.key.split(":")[0]!,
          address: l.key.startsWith("ip:") ? l.key.slice(3) : null,
          together: l.together,
          via: { uploadId: l.viaUploadId, line: l.viaLine },
        })),
      },
      alerts,
      // What a gateway could be told to refuse: its own identity, its busiest linked addresses.
      blockable: actorTargets(
        a,
        links.filter((l) => l.key.startsWith("ip:")).map((l) => l.key.slice(3)),
      ),
      endpoints: endpoints.map((e) => {
        const o = objects.find((x) => x.endpointId === e.endpoint.id);
        return {
          id: e.endpoint.id,
          label: storedEndpointLabel(e.endpoint),
          calls: e.calls,
          failures: e.failures,
          firstSeen: e.firstSeen,
          lastSeen: e.lastSeen,
          objects: o ? { count: o.objects, ownedByOthers: o.ownedByOthers, examples: o.examples } : null,
        };
      }),
      places,
      traffic: [...byDay].sort(([x], [y]) => x - y).map(([at, d]) => ({ at: new Date(at), ...d })),
    };
  });
}
