// Counting hunt matches by value: the facets beside the results (the top
// values of the fields analysts pivot on) and the `| stats count() by …`
// table. Actors are counted by each request's own identity and then led to
// their actor through the stored links; paths are merged into the endpoint
// whose template covers them, as the inventory names it.
import { type Prisma, Prisma as Sql } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { GROUPABLE, type Groupable } from "@lantern/engine/hunt/fields";
import { huntTerm } from "@lantern/engine/hunt/query";
import { templatePattern } from "@lantern/engine/posture/samples";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { OWN_KEY, SERVICE_SQL } from "./compile";
import { actorsOfKeys } from "./lookups";
import { compiled, hunting, type HuntInput, ZHunt } from "./run";

/** Each groupable field's value as SQL; actor and endpoint are resolved after grouping. */
const GROUP_SQL: Record<Groupable, Prisma.Sql> = {
  actor: OWN_KEY,
  ip: Sql.sql`host(client_ip)`,
  country: Sql.sql`country`,
  method: Sql.sql`method`,
  host: SERVICE_SQL,
  path: Sql.sql`path`,
  endpoint: Sql.sql`method || ' ' || ${SERVICE_SQL} || ' ' || path`,
  status: Sql.sql`status::text`,
  ua: Sql.sql`user_agent`,
};

export type GroupValue = { value: string; label: string; query: string; href: string | null };
export type Facet = { field: Groupable; values: (GroupValue & { n: number })[] };

/** Top values shown per facet. */
const FACET_SIZE = 8;

/** The top values of each field analysts pivot on, with counts; each value carries the term that adds it to the query. */
export async function huntFacets(ctx: ServiceContext, tenantId: string, input: HuntInput): Promise<Facet[]> {
  const q = ZHunt.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const raw = await facetCounts(tx, c.where);
    const facets: Facet[] = [];
    for (const field of FACET_FIELDS) {
      const resolved = await resolveGroups(tx, tenantId, [field], raw.get(field) ?? []);
      facets.push({ field, values: resolved.slice(0, FACET_SIZE).map((r) => ({ ...r.values[0]!, n: r.n })) });
    }
    return facets;
  });
}

/**
 * Every facet's top values in one pass over the matches (grouping sets),
 * where a query per facet read them six times. Actors and endpoints keep
 * more raw values: several of those merge into one after resolving.
 */
async function facetCounts(tx: Prisma.TransactionClient, where: Prisma.Sql) {
  const columns = Sql.join(
    FACET_FIELDS.map((f) => Sql.sql`${GROUP_SQL[f]} AS ${Sql.raw(f)}`),
    ", ",
  );
  const which = Sql.join(
    FACET_FIELDS.map((f) => Sql.sql`WHEN GROUPING(${Sql.raw(f)}) = 0 THEN ${f}`),
    " ",
  );
  const rows = await tx.$queryRaw<{ field: Groupable; v: string | null; n: number }[]>(Sql.sql`
    WITH m AS (SELECT ${columns} FROM telemetry.events WHERE ${where}),
    g AS (
      SELECT CASE ${which} END AS field, coalesce(${Sql.raw(FACET_FIELDS.join(", "))}) AS v, count(*)::int AS n
      FROM m GROUP BY GROUPING SETS (${Sql.raw(FACET_FIELDS.map((f) => `(${f})`).join(", "))})
    )
    SELECT field, v, n FROM (
      SELECT field, v, n, row_number() OVER (PARTITION BY field ORDER BY n DESC, v) AS r FROM g
    ) ranked
    WHERE r <= CASE WHEN field IN ('actor', 'endpoint') THEN 300 ELSE ${FACET_SIZE} END`);
  const out = new Map<Groupable, RawGroup[]>();
  for (const r of rows) out.set(r.field, [...(out.get(r.field) ?? []), { values: [r.v], n: r.n }]);
  for (const list of out.values()) list.sort((a, b) => b.n - a.n);
  return out;
}

const FACET_FIELDS: Groupable[] = ["actor", "ip", "country", "endpoint", "status", "ua"];

/** `| stats count() by …`: counts per combination of values, most first. */
export async function huntStats(ctx: ServiceContext, tenantId: string, input: HuntInput) {
  const q = ZHunt.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const by = (c.pipe?.stats.by ?? []) as Groupable[];
    const unknown = by.find((f) => !(GROUPABLE as readonly string[]).includes(f));
    if (unknown) throw new AppError("BAD_REQUEST", `Stats group by ${GROUPABLE.join(", ")}; not by "${unknown}".`);
    const raw = await grouped(tx, c.where, by, by.some((f) => f === "endpoint" || f === "actor") ? 2_000 : 100);
    return { by, rows: (await resolveGroups(tx, tenantId, by, raw)).slice(0, 100) };
  });
}

type RawGroup = { values: (string | null)[]; n: number };

async function grouped(tx: Prisma.TransactionClient, where: Prisma.Sql, by: Groupable[], limit: number) {
  if (by.length === 0) {
    const [row] = await tx.$queryRaw<{ n: number }[]>(
      Sql.sql`SELECT count(*)::int AS n FROM telemetry.events WHERE ${where}`,
    );
    return [{ values: [], n: row?.n ?? 0 }];
  }
  const columns = Sql.join(
    by.map((f, i) => Sql.sql`${GROUP_SQL[f]} AS ${Sql.raw(`v${i}`)}`),
    ", ",
  );
  const rows = await tx.$queryRaw<Record<string, string | number | null>[]>(Sql.sql`
    SELECT ${columns}, count(*)::int AS n FROM telemetry.events WHERE ${where}
    GROUP BY ${Sql.raw(by.map((_, i) => String(i + 1)).join(", "))} ORDER BY n DESC LIMIT ${limit}`);
  return rows.map((r) => ({ values: by.map((_, i) => (r[`v${i}`] as string | null) ?? null), n: Number(r.n) }));
}

/** Raw group values as people read them (actors by name, paths by endpoint), merged where they meet. */
async function resolveGroups(tx: Prisma.TransactionClient, tenantId: string, by: Groupable[], raw: RawGroup[]) {
  const column = (i: number) => raw.map((r) => r.values[i]).filter((v): v is string => v !== null);
  // One after another: the transaction has one connection.
  const resolvers: ((v: string | null) => GroupValue)[] = [];
  for (const [i, field] of by.entries()) resolvers.push(await resolverFor(tx, tenantId, field, column(i)));
  const merged = new Map<string, { values: GroupValue[]; n: number }>();
  for (const r of raw) {
    const values = r.values.map((v, i) => resolvers[i]!(v));
    const id = values.map((v) => v.value).join("\u0001");
    const at = merged.get(id);
    if (at) at.n += r.n;
    else merged.set(id, { values, n: r.n });
  }
  return [...merged.values()].sort((a, b) => b.n - a.n);
}

async function resolverFor(
  tx: Prisma.TransactionClient,
  tenantId: string,
  field: Groupable,
  seen: string[],
): Promise<(v: string | null) => GroupValue> {
  if (field === "actor") {
    const actors = await actorsOfKeys(tx, tenantId, [...new Set(seen)]);
    return (v) => {
      const a = v ? actors.get(v) : null;
      return a
        ? { value: a.key, label: a.label, query: huntTerm("actor", a.label), href: `/actors/${a.id}` }
        : plain("actor", v);
    };
  }
  if (field === "endpoint") {
    const match = await endpointMatcher(tx, tenantId);
    return (v) => {
      const e = v ? match(v) : null;
      return e ? { value: e, label: e, query: huntTerm("endpoint", e), href: null } : notInInventory(v);
    };
  }
  return (v) => plain(field, v);
}

/** A request no endpoint covers (a 404 probe, a path discovery left out): by its method and path. */
function notInInventory(v: string | null): GroupValue {
  if (v === null) return plain("path", null);
  const [method = "", host = "", ...rest] = v.split(" ");
  const path = rest.join(" ");
  return {
    value: v,
    label: `${method} ${host}${path} (not in the inventory)`,
    query: `${huntTerm("method", method)} AND ${huntTerm("path", path)}`,
    href: null,
  };
}

function plain(field: string, v: string | null, empty = "(none)"): GroupValue {
  return v === null
    ? { value: "", label: empty, query: `NOT ${field}:*`, href: null }
    : { value: v, label: v, query: huntTerm(field, v), href: null };
}

/** "GET host /path" → the inventory endpoint whose template covers it ("GET host/users/{id}"), or null. */
async function endpointMatcher(tx: Prisma.TransactionClient, tenantId: string) {
  const endpoints = await tx.apiEndpoint.findMany({
    where: { tenantId },
    select: { method: true, template: true, service: { select: { host: true } } },
  });
  const byHost = new Map<string, { method: string; pattern: RegExp; label: string }[]>();
  for (const e of endpoints) {
    const list = byHost.get(e.service.host) ?? [];
    list.push({ method: e.method, pattern: new RegExp(templatePattern(e.template)), label: storedEndpointLabel(e) });
    byHost.set(e.service.host, list);
  }
  // Literal templates first: /users/me is its own endpoint, not /users/{id}.
  for (const list of byHost.values()) list.sort((a, b) => braces(a.label) - braces(b.label));
  return (v: string): string | null => {
    const [method, host, ...rest] = v.split(" ");
    const path = rest.join(" ");
    return byHost.get(host ?? "")?.find((e) => e.method === method && e.pattern.test(path))?.label ?? null;
  };
}

const braces = (label: string) => label.match(/\{/g)?.length ?? 0;
