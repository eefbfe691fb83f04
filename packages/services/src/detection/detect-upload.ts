// Judges one upload's events once they are in the inventory: each request is
// given its actor (identities linked across requests, links stored per
// workspace) and its endpoint template (the templater discovery keeps), the
// actors' figures and hours are added up, the detectors run over the batch,
// and their findings become alerts, merged per campaign. Read in parts of at
// most a million events like discovery, each part committed with the
// upload's detected line, so a retried job adds nothing twice.
import { jsonOnce, streamRows, withTenant, withTenantClient, type Db, type Prisma } from "@lantern/db/client";
import { stageRows } from "@lantern/db/bulk";
import { ActorLinker, identityKey, type IdentityKey } from "@lantern/engine/detection/actors";
import { Baselines } from "@lantern/engine/detection/baselines";
import { baselineSubjects, detect } from "@lantern/engine/detection/detect";
import { explainInternal } from "@lantern/engine/detection/explain";
import { isInternal, parseCidr, type Cidr } from "@lantern/engine/normalize/ip";
import { MIN_CANDIDATE_CALLS } from "@lantern/engine/detection/detectors/volume";
import { entityWindowsOf } from "@lantern/engine/detection/detectors/entity-targeting";
import { agentFamily } from "@lantern/engine/detection/agent";
import { objectsOf } from "@lantern/engine/detection/objects";
import { HOUR } from "@lantern/engine/detection/windows";
import { endpointLabel, endpointLabeller, type DetectionEvent, type Finding } from "@lantern/engine/detection/types";
import { actorLabel } from "@lantern/engine/discovery/endpoint-stats";
import { Templater, type TemplaterState } from "@lantern/engine/discovery/templater";
import type { EntityClaim, Identity } from "@lantern/engine/normalize/identity";
import type { QueryParam } from "@lantern/engine/normalize/event";
import { PART_EVENTS, runInParts } from "../pipeline/parts";
import {
  loadActorHistory,
  loadLinks,
  mergeActors,
  stageLinks,
  unsafeAnalyzeActorTables,
  upsertActors,
} from "@lantern/db/repositories/actors";
import { recordFindings, type RecordOutcome } from "./alert-store";
import { loadBaselines, saveBaselines } from "@lantern/db/repositories/baselines";
import { loadSuppressions } from "./suppressions";
import {
  endpointsByLabel,
  flagActorEndpoints,
  loadPeerUse,
  stageActorEndpoints,
  stageActorObjects,
} from "@lantern/db/repositories/actor-use";
import { loadIpLists } from "./threat-lists";
import { loadPlaces, savePlaces } from "@lantern/db/repositories/places";
import { BatchTally } from "./batch-tally";
import { countryCentroids } from "../ingest/geoip";
import { Phases } from "../phases";

/** `phases`: where the time went (read, actors, history, detectors, …), for the worker's log. */
export type DetectOutcome = {
  status: "DETECTED" | "SKIPPED" | "CONTINUE";
  events: number;
  line: number;
  phases: Phases;
} & RecordOutcome;
export type DetectDeps = { db: Db; partEvents?: number; shouldYield?: () => Promise<boolean> };

/**
 * After a part this large the actor tables it grew are analyzed. Without fresh statistics (autovacuum off, as on the
 * benchmark machine, or not round yet after a bulk import) Postgres took tenant-wide indexes for one actor's rows: a
 * 10,000-event batch into 2M events of history read its busy actors' hours in 7.4 s instead of 63 ms.
 */
const ANALYZE_AFTER_EVENTS = 100_000;
const NO_QUERY: QueryParam[] = [];
const NO_ENTITIES: EntityClaim[] = [];

// As discovery reads them: arrays, epoch milliseconds, byte counts as float8 (pg gives bigint as strings).
// JSON columns come as text, parsed once per distinct value (jsonOnce).
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

export async function detectUpload(deps: DetectDeps, tenantId: string, uploadId: string): Promise<DetectOutcome> {
  const total = { events: 0, line: 0, raised: 0, merged: 0, reopened: 0, suppressed: 0, phases: new Phases() };
  // Parts run under the discovery lock: the templater state read here is written by discovery and corrections.
  const { ran, yielded } = await runInParts(
    deps.db,
    tenantId,
    async () => {
      const part = await detectPart(deps.db, tenantId, uploadId, deps.partEvents ?? PART_EVENTS);
      if (part && part.events >= ANALYZE_AFTER_EVENTS) {
        await unsafeAnalyzeActorTables(deps.db);
        part.phases.lap("statistics");
      }
      return part;
    },
    (part) => {
      total.events += part.events;
      total.line = part.lastLine;
      total.phases.add(part.phases);
      for (const k of ["raised", "merged", "reopened", "suppressed"] as const) total[k] += part.recorded[k];
    },
    deps.shouldYield,
  );
  return { status: yielded ? "CONTINUE" : ran ? "DETECTED" : "SKIPPED", ...total };
}

async function detectPart(db: Db, tenantId: string, uploadId: string, partEvents: number) {
  const upload = await withTenant(db, tenantId, (tx) =>
    tx.upload.findFirst({
      where: { id: uploadId, tenantId },
      select: { status: true, discoveredAt: true, detectedAt: true, detectedLine: true, source: true },
    }),
  );
  // After discovery only: templates and endpoints must exist for the findings to point at.
  if (upload?.status !== "COMPLETED" || !upload.discoveredAt || upload.detectedAt) return null;
  const phases = new Phases();
  const saved = await withTenant(db, tenantId, (tx) => tx.discoveryState.findUnique({ where: { tenantId } }));
  const templater = saved ? Templater.fromJSON(saved.templater as unknown as TemplaterState) : new Templater();

  // 1. The part's events, and every identity they carry (links are read for those only).
  const rows: Row[] = [];
  const identitiesOf: Identity[][] = [];
  const queryOf = jsonOnce<QueryParam[]>();
  const entitiesOf = jsonOnce<EntityClaim[]>();
  const parseIdentities = jsonOnce<Identity[]>();
  const keys = new Set<IdentityKey>();
  let lastLine = upload.detectedLine;
  await withTenantClient(db, tenantId, async (client) => {
    const text = `SELECT ${COLUMNS} FROM telemetry.events WHERE tenant_id = $1 AND upload_id = $2 AND line_no > $3 ORDER BY line_no LIMIT $4`;
    await streamRows<Row>(client, text, [tenantId, uploadId, upload.detectedLine, partEvents], (row) => {
      rows.push(row);
      const ids = parseIdentities(row[10]) ?? [];
      identitiesOf.push(ids);
      for (const id of ids) keys.add(identityKey(id));
      if (row[9]) keys.add(`ip:${row[9]}`);
      lastLine = row[0];
    });
  });
  const done = rows.length < partEvents;
  phases.lap("read");

  return withTenant(
    db,
    tenantId,
    async (tx) => {
      // 2. Actors: linked in line order, then each request given its actor as finally linked.
      const linker = new ActorLinker(await loadLinks(tx, tenantId, keys));
      phases.lap("links");
      const labels = new Map<IdentityKey, { label: string; kind: string }>();
      // Rows with the same identities share one parsed array (jsonOnce): each array is labelled once.
      const labelled = new Set<Identity[]>();
      const seen = rows.map((r, i) => {
        const ids = identitiesOf[i]!;
        if (!labelled.has(ids)) {
          labelled.add(ids);
          for (const id of ids) {
            const key = identityKey(id);
            if (!labels.has(key))
              labels.set(key, { label: actorLabel({ key, identity: id, ip: null }), kind: id.kind });
          }
        }
        return linker.observe(ids, r[9], { uploadId, line: r[0] });
      });
      const labelOf = (key: IdentityKey) =>
        labels.get(key) ??
        (key.startsWith("ip:") ? { label: key.slice(3), kind: "ip" } : { label: key, kind: key.split(":")[0]! });
      // Identities now belonging to another actor: their stored history moves first.
      await mergeActors(tx, tenantId, linker.takeChanges(), labelOf);
      phases.lap("merges");

      const events: DetectionEvent[] = [];
      const tally = new BatchTally(labelOf);
      const labelEndpoint = endpointLabeller();
      // A few distinct user agents repeat over a million lines: each named once.
      const families = new Map<string | null, string | null>();
      const familyOf = (ua: string | null) => {
        let f = families.get(ua);
        if (f === undefined) families.set(ua, (f = agentFamily(ua)));
        return f;
      };
      rows.forEach((r, i) => {
        const [
          line,
          ts,
          method,
          rowHost,
          service,
          path,
          query,
          status,
          responseBytes,
          clientIp,
          ,
          country,
          userAgent,
          entities,
        ] = r;
        const host = rowHost ?? service ?? upload.source;
        const template = templater.templateOf(host, path);
        const event: DetectionEvent = {
          ref: { uploadId, line },
          ts,
          actor: seen[i] ? linker.actorOf(seen[i]!) : null,
          clientIp,
          country,
          agent: familyOf(userAgent),
          method,
          host,
          path,
          template,
          endpoint: labelEndpoint({ method, host, template }),
          objects: objectsOf(template, path),
          status,
          responseBytes,
          query: queryOf(query) ?? NO_QUERY,
          entities: entitiesOf(entities) ?? NO_ENTITIES,
        };
        events.push(event);
        tally.add(event);
      });
      // The rows are done with: dropped before the detectors, so the collector does not walk a million of them again and again.
      rows.length = 0;
      identitiesOf.length = 0;
      phases.lap("tally");
      const stored = await upsertActors(tx, tenantId, tally.figures());
      phases.lap("actors");
      const actorIds = new Map([...stored].map(([key, a]) => [key, a.id]));
      const batchHours = [...tally.hours()].map((h) => ({
        key: h.key,
        actorId: actorIds.get(h.key)!,
        hour: h.hour,
        calls: h.calls,
      }));
      const history = await loadActorHistory(
        tx,
        batchHours,
        MIN_CANDIDATE_CALLS,
        new Map([...stored.values()].map((a) => [a.id, a.firstSeen])),
      );
      phases.lap("hours read");
      const endpoints = await endpointsByLabel(tx, tenantId, new Set(events.map((e) => e.host)));
      phases.lap("endpoints");
      const placesBefore = await loadPlaces(tx, tenantId, actorIds);
      phases.lap("places read");
      // Addresses are never judged by their peers (see the function-level detector), so only identified actors are read.
      const peerUse = await loadPeerUse(
        tx,
        tenantId,
        new Map([...stored].filter(([key]) => !key.startsWith("ip:"))),
        endpoints,
      );
      phases.lap("peers read");

      // 3. The detectors, judging against the stored baselines of the endpoints in the batch, and their findings as alerts.
      const knownIps = (ip: string) => linker.linkOf(`ip:${ip}`) !== null;
      // Entities crowded in some hour of the batch have a history of their own, read with the endpoints' (baselineSubjects).
      const entityWindows = entityWindowsOf(events, { knownIps });
      phases.lap("entity windows");
      const baselines = new Baselines(await loadBaselines(tx, tenantId, baselineSubjects(events, entityWindows)));
      const settings = await tx.tenant.findUnique({
        where: { id: tenantId },
        select: { decoyPaths: true, internalCidrs: true },
      });
      const internal = (settings?.internalCidrs ?? []).map(parseCidr).filter((c): c is Cidr => c !== null);
      const ipLists = await loadIpLists(tx, tenantId);
      phases.lap("baselines and lists read");
      // What the part adds to the stored figures changes nothing the detectors read (that was read above): it is staged,
      // then added while they run, Postgres on its core and the detectors on Node's. An error is held until they end.
      const learn = await stageLearnt(tx, tenantId, tally, linker, actorIds, endpoints);
      phases.lap("staged");
      const writing = learn().then(
        () => null,
        (error: unknown) => ({ error }),
      );
      const detected = await detect(events, {
        knownIps,
        entityWindows,
        label: (key) => labelOf(key).label,
        baselines,
        actorHistory: (key) => history.get(key),
        decoys: settings?.decoyPaths ?? [],
        peerUse,
        ipLists,
        places: (key) => placesBefore.get(key),
        centroids: countryCentroids(),
        lap: (detector) => phases.lap(`detector ${detector}`),
      });
      const addresses = (f: Finding) => [
        ...new Set(f.evidence.map((ref) => eventAt(events, ref.line)?.clientIp).filter((ip): ip is string => !!ip)),
      ];
      const findings = detected.map((f) => explainInternal(f, addresses(f), (ip) => isInternal(ip, internal)));
      phases.lap("detectors");
      const failed = await writing;
      if (failed) throw failed.error;
      phases.lap("staged figures moved (after the detectors)");
      await saveBaselines(tx, tenantId, baselines.changes());
      phases.lap("baselines written");
      await flagActorEndpoints(
        tx,
        tenantId,
        findings.flatMap((f) => {
          if (f.detector !== "function-level" || !f.actor) return [];
          const actorId = actorIds.get(f.actor)!;
          return (f.facts.endpoints as { endpoint: string }[]).flatMap((e) => {
            const endpoint = endpoints.get(e.endpoint);
            return endpoint ? [{ actorId, endpointId: endpoint.id }] : [];
          });
        }),
      );
      await savePlaces(tx, tenantId, tally.places.toLearn(placesBefore, findings, actorIds));
      phases.lap("places written");
      const recorded = await recordFindings(
        tx,
        tenantId,
        findings,
        {
          actor: (key) => actorIds.get(key),
          endpoint: (f) => (f.endpoint ? endpoints.get(endpointLabel(f.endpoint))?.id : undefined),
          addresses,
        },
        await loadSuppressions(tx, tenantId),
      );
      await tx.upload.update({
        where: { id: uploadId },
        data: { detectedLine: lastLine, detectedAt: done ? new Date() : null },
      });
      phases.lap("learnt and alerts written");
      return { done, events: events.length, lastLine, recorded, phases };
    },
    { timeoutMs: 30 * 60_000 },
  );
}

/**
 * Stages what the part adds to the stored figures (actor hours, links,
 * who-called-what, objects touched): the returned function adds it, one
 * statement per table, while the caller's thread is busy elsewhere (stageRows).
 */
async function stageLearnt(
  tx: Prisma.TransactionClient,
  tenantId: string,
  tally: BatchTally,
  linker: ActorLinker,
  actorIds: Map<IdentityKey, string>,
  endpoints: Map<string, { id: string }>,
): Promise<() => Promise<void>> {
  // Who called what, on the endpoints the inventory knows (a path discovery has not templated yet has no row to point at).
  function* knownPairs() {
    for (const p of tally.pairs()) {
      const endpoint = endpoints.get(p.endpoint);
      if (endpoint) yield { p, actorId: actorIds.get(p.key)!, endpointId: endpoint.id };
    }
  }
  const moves = [
    await stageRows(
      tx,
      "actor_hourly",
      (function* () {
        for (const h of tally.hours()) {
          yield {
            tenantId,
            actorId: actorIds.get(h.key)!,
            hour: new Date(h.hour * HOUR).toISOString(),
            calls: h.calls,
            failures: h.failures,
            errors: h.errors,
            bytes: h.bytes,
          };
        }
      })(),
      {
        onConflict: `("actorId", hour) DO UPDATE SET calls = actor_hourly.calls + EXCLUDED.calls, failures = actor_hourly.failures + EXCLUDED.failures,
          errors = actor_hourly.errors + EXCLUDED.errors, bytes = actor_hourly.bytes + EXCLUDED.bytes`,
      },
    ),
    await stageLinks(tx, tenantId, linker.touchedLinks()),
    await stageActorEndpoints(
      tx,
      tenantId,
      (function* () {
        for (const { p, actorId, endpointId } of knownPairs())
          yield {
            actorId,
            endpointId,
            calls: p.calls,
            failures: p.failures,
            firstSeen: p.firstSeen,
            lastSeen: p.lastSeen,
            flagged: false,
          };
      })(),
    ),
    await stageActorObjects(
      tx,
      tenantId,
      (function* () {
        for (const { p, actorId, endpointId } of knownPairs())
          for (const [object, o] of p.objects) yield { actorId, endpointId, object, ...o };
      })(),
    ),
  ];
  return async () => {
    for (const move of moves) await move();
  };
}

/** The batch's event on a line (events are in line order; lines skipped as unparsable leave gaps). */
function eventAt(events: DetectionEvent[], line: number): DetectionEvent | undefined {
  let lo = 0;
  let hi = events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = events[mid]!.ref.line;
    if (at === line) return events[mid];
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
