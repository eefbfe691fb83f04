// Detection's read: the next part of an upload's events, in line order, as
// the requests the detectors judge, with every identity they carry (links
// are then read for those only) and the templater discovery keeps. With
// them, the events of the same data source judged before in the hours the
// part touches and the hour before: a window that a log shipper's uploads
// (or the parts of a large upload) cut in two is judged whole, and the hour
// before is there for learning (see learnsFrom in detect-upload).
import { type Db, jsonOnce, streamRows, withTenant, withTenantClient } from "@lantern/db/client";
import { HOUR, hourOf } from "@lantern/engine/detection/windows";
import { streamPartEvents } from "../pipeline/parts";
import { identityKey, type IdentityKey } from "@lantern/engine/detection/actors";
import type { StoredRequest } from "@lantern/engine/detection/events";
import { Templater, type TemplaterState } from "@lantern/engine/discovery/templater";
import type { QueryParam } from "@lantern/engine/normalize/event";
import type { EntityClaim, Identity } from "@lantern/engine/normalize/identity";

export type PartRead = {
  templater: Templater;
  /** The part's requests and the ones judged before that share its hours (`judgedIn` set), in time order. */
  requests: StoredRequest[];
  /** Each request's identities; requests with the same ones share one array (parsed once). */
  identities: Identity[][];
  /** Every identity and address of the part, as actor keys. */
  keys: Set<IdentityKey>;
  lastLine: number;
  /** The part read fewer events than it could: it is the upload's last. */
  done: boolean;
  /** How many of `requests` are the part's own. */
  own: number;
  /** The time of the part's first request and the hour of its last (null: the part is empty). */
  span: { from: number; lastHour: number } | null;
  /** The latest hour among the requests judged before (null: none were read). */
  judgedThroughHour: number | null;
};

/**
 * At most this many events judged before are read again with a part: a stream's hour is far fewer. A part whose
 * hours hold more (the same hours uploaded again from the same source) is judged with the latest of them.
 */
export const MAX_JUDGED_BEFORE = 100_000;

const NO_QUERY: QueryParam[] = [];
const NO_ENTITIES: EntityClaim[] = [];

// Timestamps as epoch milliseconds (a number parses far faster than a Date); byte counts as float8 (pg gives
// bigint as strings). JSON columns come as text, parsed once per distinct value (jsonOnce).
const COLUMNS = `line_no, (extract(epoch FROM ts) * 1000)::float8, method, host, service, path, query::text, status, response_bytes::float8, host(client_ip), identities::text, country, user_agent, entities::text`;
type Row = [
  lineNo: number,
  ts: number,
  method: string,
  host: string | null,
  service: string | null,
  path: string,
  query: string | null,
  status: number | null,
  responseBytes: number | null,
  clientIp: string | null,
  identities: string | null,
  country: string | null,
  userAgent: string | null,
  entities: string | null,
];

/** The next part after the upload's detected line; null when the upload is not (or no longer) to be judged. */
export async function readPart(
  db: Db,
  tenantId: string,
  uploadId: string,
  partEvents: number,
): Promise<PartRead | null> {
  const upload = await withTenant(db, tenantId, (tx) =>
    tx.upload.findFirst({
      where: { id: uploadId, tenantId },
      select: { status: true, discoveredAt: true, detectedAt: true, detectedLine: true, source: true },
    }),
  );
  // After discovery only: templates and endpoints must exist for the findings to point at.
  if (upload?.status !== "COMPLETED" || !upload.discoveredAt || upload.detectedAt) return null;
  const saved = await withTenant(db, tenantId, (tx) => tx.discoveryState.findUnique({ where: { tenantId } }));
  const templater = saved ? Templater.fromJSON(saved.templater as unknown as TemplaterState) : new Templater();

  const own = { requests: [] as StoredRequest[], identities: [] as Identity[][] };
  const keys = new Set<IdentityKey>();
  const toRequest = rowReader(upload.source, keys);
  let lastLine = upload.detectedLine;
  const range = { columns: COLUMNS, afterLine: upload.detectedLine, limit: partEvents };
  await streamPartEvents<Row>(db, tenantId, uploadId, range, (row) => {
    const { request, identities } = toRequest(row);
    own.requests.push(request);
    own.identities.push(identities);
    lastLine = request.line;
  });
  const span = spanOf(own.requests);
  const before = span ? await readJudgedBefore(db, tenantId, upload.source, own.requests, span, toRequest) : null;
  const merged = before ? byTime(before, own) : own;
  return {
    templater,
    ...merged,
    keys,
    lastLine,
    done: own.requests.length < partEvents,
    own: own.requests.length,
    span,
    judgedThroughHour: before?.requests.length ? hourOf(before.requests.at(-1)!.ts) : null,
  };
}

type Requests = { requests: StoredRequest[]; identities: Identity[][] };

/** Turns rows into requests, parsing each distinct JSON value once and collecting the identities' keys. */
function rowReader(source: string, keys: Set<IdentityKey>) {
  const queryOf = jsonOnce<QueryParam[]>();
  const entitiesOf = jsonOnce<EntityClaim[]>();
  const identitiesOf = jsonOnce<Identity[]>();
  return (row: Row, judgedIn?: string): { request: StoredRequest; identities: Identity[] } => {
    const [line, ts, method, host, service, path, query, status, responseBytes, clientIp, ids, country, ua, ent] = row;
    const identities = identitiesOf(ids) ?? [];
    for (const id of identities) keys.add(identityKey(id));
    if (clientIp) keys.add(`ip:${clientIp}`);
    const request: StoredRequest = {
      line,
      ts,
      method,
      host: host ?? service ?? source,
      path,
      query: queryOf(query) ?? NO_QUERY,
      status,
      responseBytes,
      clientIp,
      country,
      userAgent: ua,
      entities: entitiesOf(ent) ?? NO_ENTITIES,
    };
    if (judgedIn) request.judgedIn = judgedIn;
    return { request, identities };
  };
}

function spanOf(requests: StoredRequest[]): PartRead["span"] {
  if (!requests.length) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const r of requests) {
    if (r.ts < from) from = r.ts;
    if (r.ts > to) to = r.ts;
  }
  return { from, lastHour: hourOf(to) };
}

/**
 * The source's events judged before (any upload's lines up to its detected line, this one's earlier parts included)
 * in the hours the part's requests fall in and the hour before its first, oldest first.
 */
async function readJudgedBefore(
  db: Db,
  tenantId: string,
  source: string,
  own: StoredRequest[],
  span: NonNullable<PartRead["span"]>,
  toRequest: ReturnType<typeof rowReader>,
): Promise<Requests> {
  const first = hourOf(span.from) - 1;
  const hours = new Set([first]);
  for (const r of own) hours.add(hourOf(r.ts));
  const text = `WITH judged AS (
      SELECT id AS judged_id, "detectedLine" AS judged_line FROM uploads
      WHERE "tenantId" = $1 AND source = $2 AND "detectedLine" > 0)
    SELECT * FROM (
      SELECT upload_id, ${COLUMNS} FROM telemetry.events JOIN judged ON judged_id = upload_id AND line_no <= judged_line
      WHERE tenant_id = $1 AND ts >= to_timestamp($3::float8 / 1000) AND ts < to_timestamp($4::float8 / 1000)
        AND floor(extract(epoch FROM ts) / 3600)::int = ANY($5::int[])
      ORDER BY ts DESC LIMIT $6) latest
    ORDER BY 3`;
  const values = [tenantId, source, first * HOUR, (span.lastHour + 1) * HOUR, [...hours], MAX_JUDGED_BEFORE];
  const out: Requests = { requests: [], identities: [] };
  await withTenantClient(db, tenantId, (client) =>
    streamRows<[string, ...Row]>(client, text, values, ([judgedIn, ...row]) => {
      const { request, identities } = toRequest(row, judgedIn);
      out.requests.push(request);
      out.identities.push(identities);
    }),
  );
  return out;
}

/** Two lists of requests, each in time order (or nearly: a part is in line order), merged by time. */
function byTime(a: Requests, b: Requests): Requests {
  const out: Requests = { requests: [], identities: [] };
  let i = 0;
  let j = 0;
  while (i < a.requests.length || j < b.requests.length) {
    const fromA = j >= b.requests.length || (i < a.requests.length && a.requests[i]!.ts <= b.requests[j]!.ts);
    const [list, k] = fromA ? [a, i++] : [b, j++];
    out.requests.push(list.requests[k]!);
    out.identities.push(list.identities[k]!);
  }
  return out;
}
