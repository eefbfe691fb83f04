// Judges one upload's events once they are in the inventory: each request is
// given its actor (identities linked across requests, links stored per
// workspace) and its endpoint template (the templater discovery keeps), the
// actors' figures and hours are added up, the detectors run over the part,
// and their findings become alerts, merged per campaign. Read in parts like
// discovery (pipeline/parts.ts), each part committed with the upload's
// detected line, so a retried job adds nothing twice. The source's events
// judged before in the part's hours are judged with it (part-read): what
// they add up to is stored already, so they are counted and learnt from
// only as learnsFrom says, and a finding must reach into the part.
//   read (part-read, part-context) → judge (engine) → write (part-write)
import { withTenant, type Db } from "@lantern/db/client";
import { unsafeAnalyzeActorTables, upsertActors } from "@lantern/db/repositories/actors";
import { detect } from "@lantern/engine/detection/detect";
import { detectionEventBuilder } from "@lantern/engine/detection/events";
import { explainInternal } from "@lantern/engine/detection/explain";
import type { EventRef } from "@lantern/engine/detection/actors";
import type { Learns } from "@lantern/engine/detection/baselines";
import type { DetectionEvent, Finding } from "@lantern/engine/detection/types";
import { hourOf } from "@lantern/engine/detection/windows";
import { isInternal } from "@lantern/engine/normalize/ip";
import { countryCentroids } from "../ingest/geoip";
import { Phases } from "../pipeline/phases";
import { PART_EVENTS, runInParts } from "../pipeline/parts";
import type { RecordOutcome } from "./alert-store";
import { BatchTally } from "./batch-tally";
import { linkActors, type PartActors } from "./part-actors";
import { type ActorHours, type PartContext, readPartContext } from "./part-context";
import { type PartRead, readPart } from "./part-read";
import { stageLearnt, writeJudgement } from "./part-write";

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

export async function detectUpload(deps: DetectDeps, tenantId: string, uploadId: string): Promise<DetectOutcome> {
  const total = { events: 0, line: 0, raised: 0, merged: 0, reopened: 0, suppressed: 0, phases: new Phases() };
  // Parts run under the workspace lock: the templater state read here is written by discovery and corrections.
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
  const phases = new Phases();
  const part = await readPart(db, tenantId, uploadId, partEvents);
  if (!part) return null;
  phases.lap("read");
  const { done, lastLine } = part;

  return withTenant(
    db,
    tenantId,
    async (tx) => {
      const actors = await linkActors(tx, tenantId, uploadId, part, phases);
      const tally = new BatchTally(actors.labelOf);
      const { events, readAgain, judgedBefore } = eventsOf(uploadId, part, actors, tally);
      phases.lap("tally");
      const stored = await upsertActors(tx, tenantId, tally.figures());
      phases.lap("actors");
      const knownIps = (ip: string) => actors.linker.linkOf(`ip:${ip}`) !== null;
      const learns = learnsFrom(part);
      const context = await readPartContext(
        tx,
        tenantId,
        { events, tally, stored, knownIps, learns, readAgain, judgedBefore },
        phases,
      );

      // What the part adds to the stored figures changes nothing the detectors read (that was read above): it is staged,
      // then added while they run, Postgres on its core and the detectors on Node's. An error is held until they end.
      const learn = await stageLearnt(tx, tenantId, tally, actors.linker, context.actorIds, context.endpoints);
      phases.lap("staged");
      const writing = learn().then(
        () => null,
        (error: unknown) => ({ error }),
      );
      const { findings, addresses } = await judge(events, context, actors, phases, part.span?.from ?? 0);
      const failed = await writing;
      if (failed) throw failed.error;
      phases.lap("staged figures moved (after the detectors)");

      const recorded = await writeJudgement(tx, tenantId, { findings, context, tally, addresses }, phases);
      await tx.upload.update({
        where: { id: uploadId },
        data: { detectedLine: lastLine, detectedAt: done ? new Date() : null },
      });
      phases.lap("learnt and alerts written");
      return { done, events: part.own, lastLine, recorded, phases };
    },
    { timeoutMs: 30 * 60_000 },
  );
}

/**
 * Which of the part's hours the baselines learn: those it closes. Its last hour may go on in the next upload (that
 * one learns it, with this part's events read again), and hours that events judged before reach past were closed,
 * and learnt, before. Each hour is so learnt once, whole.
 */
function learnsFrom(part: PartRead): Learns {
  const last = part.span?.lastHour ?? -Infinity;
  const closedBefore = part.judgedThroughHour ?? -Infinity;
  return (ts) => {
    const hour = hourOf(ts);
    return hour < last && hour >= closedBefore;
  };
}

/**
 * The part's requests as detection events. Its own (not those judged before) are added up per actor as they are
 * made; those judged before are marked (judgedBefore) and counted per actor and hour, as the stored figures
 * already hold them.
 */
function eventsOf(uploadId: string, part: PartRead, actors: PartActors, tally: BatchTally) {
  const build = detectionEventBuilder(uploadId, (host, path) => part.templater.templateOf(host, path));
  const readAgain: ActorHours = new Map();
  const judgedBefore = new Uint8Array(part.requests.length);
  const events = part.requests.map((r, i) => {
    const event = build(r, actors.actorOf(i));
    if (!r.judgedIn) {
      tally.add(event);
      return event;
    }
    judgedBefore[i] = 1;
    if (event.actor) {
      let hours = readAgain.get(event.actor);
      if (!hours) readAgain.set(event.actor, (hours = new Map()));
      const hour = hourOf(event.ts);
      hours.set(hour, (hours.get(hour) ?? 0) + 1);
    }
    return event;
  });
  // The requests are done with: dropped before the detectors, so the collector does not walk a million of them again and again.
  part.requests.length = 0;
  part.identities.length = 0;
  return { events, readAgain, judgedBefore };
}

/**
 * The detectors over the part, against what was stored before it; findings from internal networks explained as such.
 * Findings over events judged before only (ended before the part's first request) were raised then.
 */
async function judge(events: DetectionEvent[], context: PartContext, actors: PartActors, phases: Phases, from: number) {
  const detected = await detect(events, {
    knownIps: context.knownIps,
    entityWindows: context.entityWindows,
    label: (key) => actors.labelOf(key).label,
    baselines: context.baselines,
    actorHistory: (key) => context.history.get(key),
    decoys: context.decoys,
    peerUse: context.peerUse,
    ipLists: context.ipLists,
    objectCallers: context.objectCallers,
    places: (key) => context.placesBefore.get(key),
    centroids: countryCentroids(),
    lap: (detector) => phases.lap(`detector ${detector}`),
  });
  const kept = detected.filter((f) => f.to >= from);
  const addresses = addressesOf(kept, events);
  const findings = kept.map((f) => explainInternal(f, addresses(f), (ip) => isInternal(ip, context.internal)));
  phases.lap("detectors");
  return { findings, addresses };
}

/** The addresses of the requests each finding names as evidence, found in one pass over the part. */
function addressesOf(findings: Finding[], events: DetectionEvent[]): (f: Finding) => string[] {
  const wanted = new Map<string, Map<number, string | null>>();
  for (const f of findings)
    for (const ref of f.evidence) {
      let lines = wanted.get(ref.uploadId);
      if (!lines) wanted.set(ref.uploadId, (lines = new Map()));
      lines.set(ref.line, null);
    }
  if (wanted.size)
    for (const e of events) {
      const lines = wanted.get(e.ref.uploadId);
      if (lines?.has(e.ref.line)) lines.set(e.ref.line, e.clientIp);
    }
  const ipOf = (ref: EventRef) => wanted.get(ref.uploadId)?.get(ref.line);
  return (f) => [...new Set(f.evidence.map(ipOf).filter((ip): ip is string => !!ip))];
}
