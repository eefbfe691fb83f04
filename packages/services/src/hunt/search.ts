// Hunting over every stored request of the workspace: the matches of a
// query in a time range, as a histogram, the newest requests, the top values
// of the fields analysts pivot on, and a `| stats count() by …` table.
//
// Each part is its own call (the page asks for them side by side) and its
// own transaction with a statement timeout, so a broad hunt cannot hold the
// database. The tenant and the time range are written here, never taken from
// the query; row-level security holds underneath.
import { Prisma as Sql, type Prisma, withTenant } from "@lantern/db/client";
import { storedEndpointLabel } from "@lantern/db/repositories/actor-use";
import { ACTOR_KIND_ORDER } from "@lantern/engine/detection/actors";
import { GROUPABLE, type Groupable } from "@lantern/engine/hunt/fields";
import { HuntQueryError, parseHunt } from "@lantern/engine/hunt/query";
import { templatePattern } from "@lantern/engine/posture/samples";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { compileHunt, SERVICE_SQL } from "./compile";
import { actorsOfKeys, huntLookups } from "./lookups";

const DAY = 86_400_000;
/** The longest range one hunt reads: the longest retention a workspace can set. */
const MAX_SPAN_DAYS = 400;
/** A hunt's statements stop after this long; the page says to narrow the range. */
const STATEMENT_TIMEOUT_MS = 25_000;

export const ZHunt = z
  .object({
    q: z.string().max(2_000).default(""),
    from: z.coerce.date(),
    to: z.coerce.date(),
  })
  .refine((h) => h.from < h.to, { message: "The range ends before it starts.", path: ["to"] })
  .refine((h) => h.to.getTime() - h.from.getTime() <= MAX_SPAN_DAYS * DAY, {
    message: `A hunt covers at most ${MAX_SPAN_DAYS} days.`,
    path: ["from"],
  });
export type HuntInput = z.input<typeof ZHunt>;

export const ZHuntRows = ZHunt.and(z.object({ limit: z.number().int().min(10).max(500).default(100) }));

type Compiled = { where: Prisma.Sql; pipe: ReturnType<typeof parseHunt>["pipe"]; from: Date; to: Date };

/** Parses and compiles the hunt inside `tx`; a bad query is a BAD_REQUEST naming the position. */
async function compiled(
  tx: Prisma.TransactionClient,
  tenantId: string,
  input: z.output<typeof ZHunt>,
): Promise<Compiled> {
  try {
    const parsed = parseHunt(input.q);
    const where = await compileHunt(parsed.where, huntLookups(tx, tenantId));
    return {
      where: Sql.sql`tenant_id = ${tenantId} AND ts >= ${input.from} AND ts < ${input.to} AND ${where}`,
      pipe: parsed.pipe,
      from: input.from,
      to: input.to,
    };
  } catch (error) {
    if (error instanceof HuntQueryError)
      throw new AppError("BAD_REQUEST", `${error.message} (at character ${error.position + 1})`);
    throw error;
  }
}

/** Runs `read` in the workspace's transaction with the hunt's statement timeout; a timeout says what to do. */
async function hunting<T>(ctx: ServiceContext, tenantId: string, read: (tx: Prisma.TransactionClient) => Promise<T>) {
  try {
    return await withTenant(
      ctx.db,
      tenantId,
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
        return read(tx);
      },
      { timeoutMs: STATEMENT_TIMEOUT_MS + 5_000 },
    );
  } catch (error) {
    if (String((error as Error).message).includes("statement timeout"))
      throw new AppError(
        "BAD_REQUEST",
        `This hunt read for more than ${STATEMENT_TIMEOUT_MS / 1000} s: narrow the time range or add a field (an actor, an address, a path).`,
      );
    throw error;
  }
}

/** How far the workspace's stored requests reach (traffic time), and how long they are kept. */
export async function huntExtent(ctx: ServiceContext, tenantId: string) {
  return withTenant(ctx.db, tenantId, async (tx) => {
    const [row] = await tx.$queryRaw<{ oldest: Date | null; newest: Date | null }[]>(Sql.sql`
      SELECT min(ts) AS oldest, max(ts) AS newest FROM telemetry.events WHERE tenant_id = ${tenantId}`);
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { eventRetentionDays: true } });
    return {
      oldest: row?.oldest?.toISOString() ?? null,
      newest: row?.newest?.toISOString() ?? null,
      retentionDays: tenant.eventRetentionDays,
    };
  });
}

/** Bucket widths a histogram picks from: the smallest that gives at most 120 bars. */
const BUCKETS_MS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, DAY, 7 * DAY];

/** The matches over time (and how many were refused or failed), and their total. */
export async function huntHistogram(ctx: ServiceContext, tenantId: string, input: HuntInput) {
  const q = ZHunt.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const span = q.to.getTime() - q.from.getTime();
    const bucketMs = BUCKETS_MS.find((w) => span / w <= 120) ?? 7 * DAY;
    const seconds = bucketMs / 1000;
    const rows = await tx.$queryRaw<{ at: Date; n: number; errors: number }[]>(Sql.sql`
      SELECT to_timestamp(floor(extract(epoch FROM ts) / ${seconds}) * ${seconds}) AS at,
        count(*)::int AS n, (count(*) FILTER (WHERE status >= 400))::int AS errors
      FROM telemetry.events WHERE ${c.where}
      GROUP BY 1 ORDER BY 1`);
    return {
      bucketMs,
      buckets: rows.map((r) => ({ at: r.at.toISOString(), n: r.n, errors: r.errors })),
      total: rows.reduce((n, r) => n + r.n, 0),
    };
  });
}

type EventRow = {
  ts: Date;
  uploadId: string;
  line: number;
  method: string;
  host: string | null;
  path: string;
  status: number | null;
  ip: string | null;
  country: string | null;
  userAgent: string | null;
  responseBytes: number | null;
  latencyMs: number | null;
  key: string | null;
};

/** The newest matching requests, each with the actor it belongs to. */
export async function huntRows(ctx: ServiceContext, tenantId: string, input: z.input<typeof ZHuntRows>) {
  const q = ZHuntRows.parse(input);
  return hunting(ctx, tenantId, async (tx) => {
    const c = await compiled(tx, tenantId, q);
    const rows = await tx.$queryRaw<EventRow[]>(Sql.sql`
      SELECT ts, upload_id AS "uploadId", line_no AS line, method, ${SERVICE_SQL} AS host, path, status, host(client_ip) AS ip, country,
        user_agent AS "userAgent", response_bytes::float8 AS "responseBytes", latency_ms AS "latencyMs",
        ${OWN_KEY} AS key
      FROM telemetry.events WHERE ${c.where}
      ORDER BY ts DESC, upload_id, line_no LIMIT ${q.limit}`);
    const actors = await actorsOfKeys(tx, tenantId, [...new Set(rows.flatMap((r) => (r.key ? [r.key] : [])))]);
    return rows.map(({ key, ...r }) => ({
      ...r,
      ts: r.ts.toISOString(),
      actor: key ? (actors.get(key) ?? null) : null,
    }));
  });
}

/** A request's own actor key, as detection picks it: its strongest identity, else its address. */
const OWN_KEY = Sql.sql`coalesce(
  (SELECT (i->>'kind') || ':' || coalesce(i->>'value', i->'secret'->>'hash') FROM jsonb_array_elements(identities) i
    WHERE i->>'kind' = ANY(${[...ACTOR_KIND_ORDER]}::text[])
    ORDER BY array_position(${[...ACTOR_KIND_ORDER]}::text[], i->>'kind') LIMIT 1),
  'ip:' || host(client_ip))`;

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
    const facets: Facet[] = [];
    for (const field of FACET_FIELDS) {
      const raw = await grouped(tx, c.where, [field], field === "endpoint" || field === "actor" ? 300 : FACET_SIZE);
      const resolved = await resolveGroups(tx, tenantId, [field], raw);
      facets.push({
        field,
        values: resolved.slice(0, FACET_SIZE).map((r) => ({ ...r.values[0]!, n: r.n })),
      });
    }
    return facets;
  });
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
        ? { value: a.key, label: a.label, query: term("actor", a.label), href: `/actors/${a.id}` }
        : plain("actor", v);
    };
  }
  if (field === "endpoint") {
    const match = await endpointMatcher(tx, tenantId);
    return (v) => {
      const e = v ? match(v) : null;
      return e ? { value: e, label: e, query: term("endpoint", e), href: null } : plain("path", v, "unknown endpoint");
    };
  }
  return (v) => plain(field, v);
}

function plain(field: string, v: string | null, empty = "(none)"): GroupValue {
  return v === null
    ? { value: "", label: empty, query: `NOT ${field}:*`, href: null }
    : { value: v, label: v, query: term(field, v), href: null };
}

/** A field and value as a query term, quoted (and escaped) when it is not a plain word. */
export function term(field: string, value: string): string {
  return /^[\w.-]+$/.test(value) ? `${field}:${value}` : `${field}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
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
