// Detection's read: the next part of an upload's events, in line order, as
// the requests the detectors judge, with every identity they carry (links
// are then read for those only) and the templater discovery keeps.
import { type Db, jsonOnce, withTenant } from "@lantern/db/client";
import { streamPartEvents } from "../pipeline/parts";
import { identityKey, type IdentityKey } from "@lantern/engine/detection/actors";
import type { StoredRequest } from "@lantern/engine/detection/events";
import { Templater, type TemplaterState } from "@lantern/engine/discovery/templater";
import type { QueryParam } from "@lantern/engine/normalize/event";
import type { EntityClaim, Identity } from "@lantern/engine/normalize/identity";

export type PartRead = {
  templater: Templater;
  requests: StoredRequest[];
  /** Each request's identities; requests with the same ones share one array (parsed once). */
  identities: Identity[][];
  /** Every identity and address of the part, as actor keys. */
  keys: Set<IdentityKey>;
  lastLine: number;
  /** The part read fewer events than it could: it is the upload's last. */
  done: boolean;
};

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

  const part: PartRead = { templater, requests: [], identities: [], keys: new Set(), lastLine: 0, done: false };
  const queryOf = jsonOnce<QueryParam[]>();
  const entitiesOf = jsonOnce<EntityClaim[]>();
  const identitiesOf = jsonOnce<Identity[]>();
  part.lastLine = upload.detectedLine;
  const range = { columns: COLUMNS, afterLine: upload.detectedLine, limit: partEvents };
  await streamPartEvents<Row>(db, tenantId, uploadId, range, (row) => {
    const [line, ts, method, host, service, path, query, status, responseBytes, clientIp, ids, country, ua, ent] = row;
    part.requests.push({
      line,
      ts,
      method,
      host: host ?? service ?? upload.source,
      path,
      query: queryOf(query) ?? NO_QUERY,
      status,
      responseBytes,
      clientIp,
      country,
      userAgent: ua,
      entities: entitiesOf(ent) ?? NO_ENTITIES,
    });
    const identities = identitiesOf(ids) ?? [];
    part.identities.push(identities);
    for (const id of identities) part.keys.add(identityKey(id));
    if (clientIp) part.keys.add(`ip:${clientIp}`);
    part.lastLine = line;
  });
  part.done = part.requests.length < partEvents;
  return part;
}
