// A parsed hunt (engine/hunt/query.ts) as a SQL condition over
// telemetry.events. Field names come from the allowlist only and map to
// fixed column expressions; every value is a bound parameter. The compiler
// never writes the tenant or the time range: the search adds
// `tenant_id = …` itself, and row-level security holds underneath.
//
// Under NOT, each term is wrapped in coalesce(…, false), so NOT of a term
// also keeps the requests where the column is empty (NOT ua:curl* includes
// requests without a user agent), as analysts expect. Elsewhere terms stay
// bare: a wrapped term cannot use an index.
import { type Prisma, Prisma as Sql } from "@lantern/db/client";
import { type HuntField, huntField } from "@lantern/engine/hunt/fields";
import { type HuntNode, HuntQueryError, type HuntTerm } from "@lantern/engine/hunt/query";
import { parseCidr, parseIp } from "@lantern/engine/normalize/ip";
import { templatePattern } from "@lantern/engine/posture/samples";

/** What the compiler asks the database about the workspace (its actors and endpoints). */
export type HuntLookups = {
  /**
   * The keys (identities, "ip:" addresses) whose requests are the named
   * actors' ([] when none is named so), and the time ranges they were active
   * in (null: too many to narrow by).
   */
  actor(value: string, wildcard: boolean): Promise<{ keys: string[]; hours: { from: Date; to: Date }[] | null }>;
  endpoints(value: string, wildcard: boolean): Promise<{ method: string; host: string; template: string }[]>;
};

type Fragment = Prisma.Sql;
const NOTHING = Sql.sql`false`;

export async function compileHunt(node: HuntNode | null, lookups: HuntLookups, negated = false): Promise<Fragment> {
  if (!node) return Sql.sql`true`;
  if (node.kind === "term") {
    const term = await compileTerm(node, lookups);
    // Only under NOT: a wrapped term cannot use an index, and outside NOT an empty column already fails the match.
    return negated ? Sql.sql`coalesce(${term}, false)` : term;
  }
  if (node.kind === "not") return Sql.sql`NOT ${await compileHunt(node.node, lookups, !negated)}`;
  const left = await compileHunt(node.left, lookups, negated);
  const right = await compileHunt(node.right, lookups, negated);
  return node.kind === "and" ? Sql.sql`(${left} AND ${right})` : Sql.sql`(${left} OR ${right})`;
}

function fieldOf(t: HuntTerm): HuntField {
  const field = huntField(t.field!);
  if (!field)
    throw new HuntQueryError(
      `There is no field "${t.field}". Fields: actor, ip, country, method, host, path, endpoint, status, ua, user, auth and more (all under "Fields and syntax").`,
      t.at,
    );
  return field;
}

async function compileTerm(t: HuntTerm, lookups: HuntLookups): Promise<Fragment> {
  // Exhaustive over HuntFieldType: TypeScript checks every type has its case.
  if (t.field === null) return freeText(t);
  const field = fieldOf(t);
  if (t.op !== "=" && t.op !== "range" && field.type !== "number")
    throw new HuntQueryError(`${field.name} is compared with ":" only; >, < and ranges are for numbers.`, t.at);
  if (t.op === "range" && field.type !== "number")
    throw new HuntQueryError(`Ranges are for numbers; ${field.name} is not one.`, t.at);
  if (t.wildcard && t.value === "*") return present(field);
  switch (field.type) {
    case "text":
      return textMatch(COLUMNS[field.name]!, t, field.caseless === true);
    case "keyword":
      return textMatch(COLUMNS[field.name]!, t, true);
    case "number":
      return numberMatch(COLUMNS[field.name]!, t, field.name);
    case "ip":
      return ipMatch(t);
    case "boolean":
      return booleanMatch(t, field.name);
    case "actor": {
      const { keys, hours } = await lookups.actor(t.value, hasWildcard(t));
      return actorMatch(keys, hours);
    }
    case "endpoint":
      return endpointMatch(await lookups.endpoints(t.value, hasWildcard(t)));
    case "user":
      return userMatch(t);
    case "auth":
      return authMatch(t);
    case "sensitive":
      return hasWildcard(t)
        ? Sql.sql`EXISTS (SELECT 1 FROM unnest(sensitive) s WHERE s LIKE ${likePattern(t.value)})`
        : Sql.sql`${t.value.toLowerCase()} = ANY(sensitive)`;
    case "param":
      return hasWildcard(t)
        ? Sql.sql`EXISTS (SELECT 1 FROM jsonb_array_elements(query) p WHERE p->>'name' LIKE ${likePattern(t.value)})`
        : Sql.sql`query @> ${JSON.stringify([{ name: t.value }])}::jsonb`;
  }
}

/**
 * The service a request went to, as the inventory names it: its Host, else
 * the service its gateway logged, else its upload's data source (a plain
 * combined log has no Host). The lookup runs only for requests without both.
 */
export const SERVICE_SQL = Sql.sql`coalesce(host, service, (SELECT u.source FROM uploads u WHERE u.id = upload_id))`;

/** Columns of telemetry.events by field name: fixed SQL, never built from the query. */
const COLUMNS: Record<string, Fragment> = {
  country: Sql.sql`country`,
  method: Sql.sql`method`,
  host: SERVICE_SQL,
  path: Sql.sql`path`,
  status: Sql.sql`status`,
  bytes: Sql.sql`response_bytes`,
  request_bytes: Sql.sql`request_bytes`,
  latency: Sql.sql`latency_ms`,
  ua: Sql.sql`user_agent`,
  referer: Sql.sql`referer`,
  scheme: Sql.sql`scheme`,
  protocol: Sql.sql`protocol`,
  tls: Sql.sql`tls`,
};

const hasWildcard = (t: HuntTerm) => t.wildcard && /[*?]/.test(t.value);

/** A wildcard value as a LIKE pattern: * and ? become % and _, and LIKE's own characters are escaped. */
export function likePattern(value: string): string {
  return value
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, "%")
    .replace(/\?/g, "_");
}

function textMatch(column: Fragment, t: HuntTerm, caseless: boolean): Fragment {
  if (hasWildcard(t))
    return caseless
      ? Sql.sql`${column} ILIKE ${likePattern(t.value)}`
      : Sql.sql`${column} LIKE ${likePattern(t.value)}`;
  return caseless ? Sql.sql`lower(${column}) = ${t.value.toLowerCase()}` : Sql.sql`${column} = ${t.value}`;
}

/** `field:*`: the request has a value there. */
function present(field: HuntField): Fragment {
  if (COLUMNS[field.name]) return Sql.sql`${COLUMNS[field.name]!} IS NOT NULL`;
  if (field.type === "ip") return Sql.sql`client_ip IS NOT NULL`;
  if (field.type === "sensitive") return Sql.sql`cardinality(sensitive) > 0`;
  if (field.type === "param") return Sql.sql`jsonb_array_length(query) > 0`;
  if (field.type === "auth" || field.type === "user" || field.type === "actor")
    return Sql.sql`jsonb_array_length(identities) > 0`;
  throw new HuntQueryError(`${field.name}:* asks nothing: give a value.`, 0);
}

function numberMatch(column: Fragment, t: HuntTerm, name: string): Fragment {
  if (t.op === "range") {
    const r = t.range!;
    const low = r.minInclusive ? Sql.sql`${column} >= ${r.min}` : Sql.sql`${column} > ${r.min}`;
    const high = r.maxInclusive ? Sql.sql`${column} <= ${r.max}` : Sql.sql`${column} < ${r.max}`;
    return Sql.sql`(${low} AND ${high})`;
  }
  // status:5* or status:4?? : the digits as text.
  if (hasWildcard(t) && t.op === "=" && /^[\d*?]+$/.test(t.value))
    return Sql.sql`${column}::text LIKE ${likePattern(t.value)}`;
  const n = Number(t.value);
  if (!/^-?\d+(\.\d+)?$/.test(t.value) || !Number.isFinite(n))
    throw new HuntQueryError(`${name} takes a number ("${t.value}" is not one).`, t.at);
  const ops = { "=": Sql.sql`=`, ">": Sql.sql`>`, ">=": Sql.sql`>=`, "<": Sql.sql`<`, "<=": Sql.sql`<=` } as const;
  return Sql.sql`${column} ${ops[t.op as keyof typeof ops]} ${n}`;
}

/** An address, a range, or IPv4 octets ending in * (203.0.113.* is the /24). */
function ipMatch(t: HuntTerm): Fragment {
  const octets = /^(\d{1,3}(?:\.\d{1,3}){0,2})(?:\.\*)+$/.exec(t.value);
  const value = octets ? widen(octets[1]!) : t.value;
  if (value.includes("/")) {
    if (!parseCidr(value)) throw new HuntQueryError(`"${t.value}" is not an address range.`, t.at);
    // Between the range's first and last address (<<= is not leakproof, so under row-level security it reads everything).
    return Sql.sql`(client_ip >= host(network(${value}::inet))::inet AND client_ip <= host(broadcast(${value}::inet))::inet)`;
  }
  const ip = parseIp(value);
  if (!ip) throw new HuntQueryError(`"${t.value}" is not an address (203.0.113.7, 203.0.113.0/24, 203.0.113.*).`, t.at);
  return Sql.sql`client_ip = ${ip.text}::inet`;
}

function widen(prefix: string): string {
  const parts = prefix.split(".");
  return `${[...parts, ...Array(4 - parts.length).fill("0")].join(".")}/${parts.length * 8}`;
}

const BOOLEAN_COLUMNS: Record<string, Fragment> = { secret_in_url: Sql.sql`secret_in_url` };

function booleanMatch(t: HuntTerm, name: string): Fragment {
  const v = t.value.toLowerCase();
  if (v !== "true" && v !== "false") throw new HuntQueryError(`${name} is true or false.`, t.at);
  return Sql.sql`${BOOLEAN_COLUMNS[name]!} = ${v === "true"}`;
}

/** Kinds that name a person (what `user:` searches). */
const PERSON_KINDS = ["jwt_sub", "basic_user", "remote_user", "consumer"];

/** Every identity of a request as a key ("jwt_sub:alice", "api_key:<keyed hash>"). */
const IDENTITY_KEYS = Sql.sql`telemetry.identity_keys(identities)`;

/**
 * A request's own actor key, as detection picks it: its strongest identity
 * (stored with the event, see the hunt_indexes migration), else "ip:" and
 * its address.
 */
export const OWN_KEY = Sql.sql`coalesce(actor_key, 'ip:' || host(client_ip))`;

/**
 * An actor's requests, as detection counts them: those whose own key is the
 * actor's, or a credential's or an address's linked to it (an address's
 * anonymous calls are its actor's).
 */
function actorMatch(keys: string[], hours: { from: Date; to: Date }[] | null): Fragment {
  const identities = keys.filter((k) => !k.startsWith("ip:"));
  const addresses = keys.filter((k) => k.startsWith("ip:")).map((k) => k.slice(3));
  const parts: Fragment[] = [];
  if (identities.length) parts.push(Sql.sql`actor_key = ANY(${identities}::text[])`);
  if (addresses.length) parts.push(Sql.sql`(actor_key IS NULL AND client_ip = ANY(${addresses}::inet[]))`);
  if (!parts.length || hours?.length === 0) return NOTHING;
  const whose = Sql.sql`(${Sql.join(parts, " OR ")})`;
  if (!hours) return whose;
  // Only the hours it was active: ranges of ts, which the (tenant_id, ts) index reads and nothing else.
  const when = Sql.join(
    hours.map((h) => Sql.sql`(ts >= ${h.from} AND ts < ${h.to})`),
    " OR ",
  );
  return Sql.sql`((${when}) AND ${whose})`;
}

function endpointMatch(endpoints: { method: string; host: string; template: string }[]): Fragment {
  if (!endpoints.length) return NOTHING;
  const parts = endpoints.map(
    (e) => Sql.sql`(method = ${e.method} AND ${SERVICE_SQL} = ${e.host} AND path ~ ${templatePattern(e.template)})`,
  );
  return Sql.sql`(${Sql.join(parts, " OR ")})`;
}

function userMatch(t: HuntTerm): Fragment {
  if (hasWildcard(t))
    return Sql.sql`EXISTS (SELECT 1 FROM jsonb_array_elements(identities) i
      WHERE i->>'kind' = ANY(${PERSON_KINDS}::text[]) AND i->>'value' LIKE ${likePattern(t.value)})`;
  return Sql.sql`${IDENTITY_KEYS} && ${PERSON_KINDS.map((kind) => `${kind}:${t.value}`)}::text[]`;
}

function authMatch(t: HuntTerm): Fragment {
  const v = t.value.toLowerCase();
  if (v === "none") return Sql.sql`coalesce(jsonb_array_length(identities), 0) = 0`;
  if (!/^[a-z_]{2,20}$/.test(v)) throw new HuntQueryError(`"${t.value}" is no kind of credential.`, t.at);
  return Sql.sql`identities @> ${JSON.stringify([{ kind: v }])}::jsonb`;
}

/** Free text: anywhere in the path, the host, the user agent or the referer, without case. */
function freeText(t: HuntTerm): Fragment {
  const pattern = hasWildcard(t) ? likePattern(t.value) : `%${likePattern(t.value)}%`;
  return Sql.sql`(path ILIKE ${pattern} OR ${SERVICE_SQL} ILIKE ${pattern} OR user_agent ILIKE ${pattern} OR referer ILIKE ${pattern})`;
}
