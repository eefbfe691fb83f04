// Discovery's read: the next part of an upload's events in line order, each
// matched to a template by the workspace's templater (which learns as it
// goes) and summed into its endpoint's stats and hourly traffic as templated
// then. A scanner guessing its way through the part (guesses.ts) is read as
// its misses are, whatever the server answered. Spec paths and people's corrections are applied to the templater
// first, so traffic is matched to them before anything is learnt.
import { type Db, jsonOnce, withTenant } from "@lantern/db/client";
import { streamPartEvents } from "../pipeline/parts";
import { clientGroupOf } from "@lantern/engine/discovery/client-groups";
import { actorOf, type DiscoveryEvent, isAnswered, StatsBuilder } from "@lantern/engine/discovery/endpoint-stats";
import { GuessTally } from "@lantern/engine/discovery/guesses";
import { Templater, type TemplaterState } from "@lantern/engine/discovery/templater";
import { type Cidr, parseCidr } from "@lantern/engine/normalize/ip";
import { attacksInRequest } from "@lantern/engine/payloads/classify";
import { applyDeclarations } from "./corrections";
import { type EndpointKey, keyOf } from "./endpoint-sums";
import { TrafficRollup } from "./traffic-rollup";

export type LearntPart = {
  templater: Templater;
  /** Stats per endpoint key as templated when the request was read. */
  builders: Map<string, { key: EndpointKey; builder: StatsBuilder }>;
  traffic: TrafficRollup;
  events: number;
  lastLine: number;
  /** The part read fewer events than it could: it is the upload's last. */
  done: boolean;
};

// Rows come back as arrays in this column order (see streamPartEvents);
// timestamps as epoch milliseconds (a number parses far faster than a Date); byte counts as float8 because
// pg hands bigint columns over as strings (summed, they concatenated).
// JSON columns (query, identities) come as text, parsed once per distinct value (jsonOnce).
const COLUMNS = `line_no, (extract(epoch FROM ts) * 1000)::float8, method, host, service, path, query::text, status, latency_ms, response_bytes::float8, request_bytes::float8,
  host(client_ip), identities::text, sensitive, user_agent, country, scheme, tls`;
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
  scheme: string | null,
  tls: string | null,
];

/** The next part after the upload's discovered line; null when the upload is not (or no longer) to be added. */
export async function learnPart(
  db: Db,
  tenantId: string,
  uploadId: string,
  partEvents: number,
): Promise<LearntPart | null> {
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
  const state = saved?.templater as unknown as TemplaterState | undefined;
  // The templater learns as it reads, so a second reading starts again from the state saved before the first.
  const templater = async () => {
    const t = state ? Templater.fromJSON(structuredClone(state)) : new Templater();
    await withTenant(db, tenantId, (tx) => applyDeclarations(tx, tenantId, t));
    return t;
  };
  const read = { db, tenantId, uploadId, partEvents, upload, internal };
  const first = await readPart(read, await templater(), new Set());
  if (!first.guessers.answered) return first.part;
  // The server answered a scanner's guesses (a catch-all): read again with the guessers known, their calls as misses.
  return (await readPart(read, await templater(), first.guessers.actors)).part;
}

type PartSource = {
  db: Db;
  tenantId: string;
  uploadId: string;
  partEvents: number;
  upload: { discoveredLine: number; source: string };
  internal: Cidr[];
};

/**
 * One reading of the part: every call templated and summed, those of `guessers` as misses whatever the answer; and
 * who was guessing in it (guesses.ts), known once all of it is read.
 */
async function readPart(source: PartSource, templater: Templater, guessers: Set<string>) {
  const { upload, internal } = source;
  const part: LearntPart = {
    templater,
    builders: new Map(),
    traffic: new TrafficRollup(),
    events: 0,
    lastLine: upload.discoveredLine,
    done: false,
  };
  const guesses = new GuessTally();
  const queryOf = jsonOnce<DiscoveryEvent["query"]>();
  const identitiesOf = jsonOnce<DiscoveryEvent["identities"]>();
  const range = { columns: COLUMNS, afterLine: upload.discoveredLine, limit: source.partEvents };
  part.events = await streamPartEvents<EventRow>(source.db, source.tenantId, source.uploadId, range, (row) => {
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
      scheme,
      tls,
    ] = row;
    const identities = identitiesOf(ids) ?? [];
    const actor = actorOf({ identities, clientIp })?.key ?? null;
    const answered = isAnswered(status);
    guesses.add(actor, method, path, answered ? responseBytes : undefined);
    const guess = actor !== null && guessers.has(actor);
    // Logs without a Host (plain combined format) are grouped under their data source.
    const host = rowHost ?? service ?? upload.source;
    const template = templater.observe(host, method, path, { found: answered && !guess });
    const key = { host, method, template };
    const k = keyOf(key);
    let entry = part.builders.get(k);
    if (!entry) part.builders.set(k, (entry = { key, builder: new StatsBuilder(undefined, internal) }));
    const group = clientGroupOf({ identities, clientIp, userAgent, country }, internal);
    part.traffic.add(k, entry.key, ts, status, group);
    const params = queryOf(query) ?? [];
    entry.builder.add({
      ts,
      status,
      latencyMs,
      responseBytes,
      requestBytes,
      clientIp,
      identities,
      query: params,
      sensitive: sensitive ?? [],
      attacks: attacksInRequest(path, params),
      scheme,
      tls,
      guess,
    });
    part.lastLine = lineNo;
  });
  part.done = part.events < source.partEvents;
  return { part, guessers: guesses.guessers() };
}
