// Detection's second read: what the part is judged against, stored before
// it. The actors' own hours and who called the part's objects (both less
// the calls of events read again, which the part holds as well), the
// endpoints the findings point at, where the actors called from, who called
// what (peer groups), the baselines of the endpoints and crowded entities in
// the part, the workspace's decoys, internal networks and threat lists.
import type { Prisma } from "@lantern/db/client";
import { endpointsByLabel, loadObjectCallers, loadPeerUse } from "@lantern/db/repositories/actor-use";
import { loadActorHistory, type StoredActor } from "@lantern/db/repositories/actors";
import { loadBaselines } from "@lantern/db/repositories/baselines";
import { loadPlaces } from "@lantern/db/repositories/places";
import type { IdentityKey } from "@lantern/engine/detection/actors";
import { Baselines, type Learns } from "@lantern/engine/detection/baselines";
import { baselineSubjects } from "@lantern/engine/detection/detect";
import { entityWindowsOf } from "@lantern/engine/detection/detectors/entity-targeting";
import { enumerationCandidates } from "@lantern/engine/detection/detectors/object-enumeration";
import { objectName, storedObjectName } from "@lantern/engine/detection/objects";
import { type ActorHistory, MIN_CANDIDATE_CALLS } from "@lantern/engine/detection/detectors/volume";
import type { DetectionEvent, DetectOptions } from "@lantern/engine/detection/types";
import { type Cidr, parseCidr } from "@lantern/engine/normalize/ip";
import type { Phases } from "../pipeline/phases";
import type { BatchTally } from "./batch-tally";
import { loadIpLists } from "./threat-lists";

export type PartContext = Required<
  Pick<DetectOptions, "knownIps" | "entityWindows" | "baselines" | "decoys" | "peerUse" | "ipLists" | "objectCallers">
> & {
  actorIds: Map<IdentityKey, string>;
  history: Awaited<ReturnType<typeof loadActorHistory>>;
  endpoints: Awaited<ReturnType<typeof endpointsByLabel>>;
  placesBefore: Awaited<ReturnType<typeof loadPlaces>>;
  /** The workspace's internal networks: findings from them are explained as such. */
  internal: Cidr[];
};

export async function readPartContext(
  tx: Prisma.TransactionClient,
  tenantId: string,
  input: {
    events: DetectionEvent[];
    tally: BatchTally;
    stored: Map<IdentityKey, StoredActor>;
    knownIps: (ip: string) => boolean;
    /** Which hours the baselines learn (detect-upload's learnsFrom). */
    learns: Learns;
    /** Calls per actor and hour among the events judged before and read again with the part. */
    readAgain: ActorHours;
    /** 1 for each of `events` judged before and read again with the part. */
    judgedBefore: Uint8Array;
  },
  phases: Phases,
): Promise<PartContext> {
  const { events, tally, stored, knownIps, learns, readAgain, judgedBefore } = input;
  const actorIds = new Map([...stored].map(([key, a]) => [key, a.id]));
  const batchHours = [...tally.hours()].map((h) => ({
    key: h.key,
    actorId: actorIds.get(h.key)!,
    hour: h.hour,
    calls: h.calls,
  }));
  const firstSeen = new Map([...stored.values()].map((a) => [a.id, a.firstSeen]));
  const history = lessReadAgain(await loadActorHistory(tx, batchHours, MIN_CANDIDATE_CALLS, firstSeen), readAgain);
  phases.lap("hours read");
  const endpoints = await endpointsByLabel(tx, tenantId, new Set(events.map((e) => e.host)));
  phases.lap("endpoints");
  const placesBefore = await loadPlaces(tx, tenantId, actorIds);
  phases.lap("places read");
  // Addresses are never judged by their peers (see the function-level detector), so only identified actors are read.
  const identified = new Map([...stored].filter(([key]) => !key.startsWith("ip:")));
  const peerUse = await loadPeerUse(tx, tenantId, identified, endpoints);
  phases.lap("peers read");
  const objectCallers = await readObjectCallers(tx, tenantId, { events, judgedBefore }, endpoints);
  phases.lap("object callers read");
  // Entities crowded in some hour of the batch have a history of their own, read with the endpoints' (baselineSubjects).
  const entityWindows = entityWindowsOf(events, { knownIps });
  phases.lap("entity windows");
  const baselines = new Baselines(await loadBaselines(tx, tenantId, baselineSubjects(events, entityWindows)), {
    learns,
  });
  const settings = await tx.tenant.findUnique({
    where: { id: tenantId },
    select: { decoyPaths: true, internalCidrs: true },
  });
  const internal = (settings?.internalCidrs ?? []).map(parseCidr).filter((c): c is Cidr => c !== null);
  const ipLists = await loadIpLists(tx, tenantId);
  phases.lap("baselines and lists read");
  return {
    knownIps,
    entityWindows,
    baselines,
    decoys: settings?.decoyPaths ?? [],
    peerUse,
    ipLists,
    objectCallers,
    actorIds,
    history,
    endpoints,
    placesBefore,
    internal,
  };
}

/** Calls per hour (hour index → calls) of each actor. */
export type ActorHours = Map<IdentityKey, Map<number, number>>;

/**
 * The stored hours less the calls of the events read again. Those were added up when they were judged, and the
 * volume detector adds the part's events, them included, to the stored hour (a stream splits an hour across
 * uploads): counted in both, an hour cut by an upload counted its first minutes twice, and a user's quiet
 * hour of 7 calls became "13 calls, 13× its usual".
 */
function lessReadAgain(history: Map<IdentityKey, ActorHistory>, readAgain: ActorHours): Map<IdentityKey, ActorHistory> {
  for (const [key, again] of readAgain) {
    const stored = history.get(key);
    if (!stored) continue;
    for (const [hour, calls] of again) {
      const left = (stored.hours.get(hour) ?? 0) - calls;
      if (left > 0) stored.hours.set(hour, left);
      else stored.hours.delete(hour);
    }
  }
  return history;
}

/**
 * Who called the objects of the part's crowded actor-hours before it (enumerationCandidates), by endpoint label,
 * less the calls of the events read again: the detector adds the part's calls to these, and those were stored when
 * they were judged. Counted in both, a walker's one call to an account before an upload's cut counted two, and the
 * holder's share fell below "nearly all": the walk lost the owners of everything it read before the cut.
 */
async function readObjectCallers(
  tx: Prisma.TransactionClient,
  tenantId: string,
  { events, judgedBefore }: { events: DetectionEvent[]; judgedBefore: Uint8Array },
  endpoints: Awaited<ReturnType<typeof endpointsByLabel>>,
): Promise<PartContext["objectCallers"]> {
  const wanted = new Map<string, Set<string>>();
  const labelOf = new Map<string, string>();
  for (const [label, objects] of enumerationCandidates(events)) {
    const endpoint = endpoints.get(label);
    if (!endpoint) continue;
    wanted.set(endpoint.id, new Set([...objects].map(storedObjectName)));
    labelOf.set(label, endpoint.id);
  }
  const stored = await loadObjectCallers(tx, tenantId, wanted);
  events.forEach((e, i) => {
    if (!judgedBefore[i] || !e.actor || e.objects.length === 0) return;
    const callers = stored.get(labelOf.get(e.endpoint) ?? "")?.get(storedObjectName(objectName(e.objects)));
    const calls = callers?.get(e.actor);
    if (calls === undefined) return;
    if (calls > 1) callers!.set(e.actor, calls - 1);
    else callers!.delete(e.actor);
  });
  // Looked up by the name as stored: an email by its shape, so addresses of one shape share their callers.
  return (endpoint, object) => stored.get(labelOf.get(endpoint) ?? "")?.get(storedObjectName(object));
}
