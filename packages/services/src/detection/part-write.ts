// Detection's writes: what the part adds to the stored figures (staged, then
// moved while the detectors run), and what the judgement leaves behind:
// baselines, flagged actor-endpoint pairs, places learnt, alerts.
import type { Prisma } from "@lantern/db/client";
import { stageRows } from "@lantern/db/bulk";
import { flagActorEndpoints, stageActorEndpoints, stageActorObjects } from "@lantern/db/repositories/actor-use";
import { stageLinks } from "@lantern/db/repositories/actors";
import { saveBaselines } from "@lantern/db/repositories/baselines";
import { savePlaces } from "@lantern/db/repositories/places";
import type { ActorLinker, IdentityKey } from "@lantern/engine/detection/actors";
import { endpointLabel, type Finding } from "@lantern/engine/detection/types";
import { HOUR } from "@lantern/engine/detection/windows";
import type { Phases } from "../pipeline/phases";
import { type RecordOutcome, recordFindings } from "./alert-store";
import type { BatchTally } from "./batch-tally";
import type { PartContext } from "./part-context";
import { loadSuppressions } from "./suppressions";

/**
 * Stages what the part adds to the stored figures (actor hours, links,
 * who-called-what, objects touched): the returned function adds it, one
 * statement per table, while the caller's thread is busy elsewhere (stageRows).
 */
export async function stageLearnt(
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

/** The judgement's marks: baselines learnt, actors flagged on endpoints beyond their peers, places learnt, alerts. */
export async function writeJudgement(
  tx: Prisma.TransactionClient,
  tenantId: string,
  input: { findings: Finding[]; context: PartContext; tally: BatchTally; addresses: (f: Finding) => string[] },
  phases: Phases,
): Promise<RecordOutcome> {
  const { findings, context, tally, addresses } = input;
  const { actorIds, endpoints } = context;
  await saveBaselines(tx, tenantId, context.baselines.changes());
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
  await savePlaces(tx, tenantId, tally.places.toLearn(context.placesBefore, findings, actorIds));
  phases.lap("places written");
  return recordFindings(
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
}
