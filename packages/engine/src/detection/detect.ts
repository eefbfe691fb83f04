// Runs every detector over a batch of events and returns their findings,
// strongest first.
import { businessLogic } from "./detectors/business-logic";
import { credentialStuffing } from "./detectors/credential-stuffing";
import { entityHistorySubjects, entityTargeting, type EntityWindows } from "./detectors/entity-targeting";
import { decoy } from "./detectors/decoy";
import { excessiveData } from "./detectors/excessive-data";
import { batchPeerUse, functionLevelAbuse } from "./detectors/function-level";
import { geography } from "./detectors/geography";
import { injection } from "./detectors/injection";
import { newClient } from "./detectors/new-client";
import { objectEnumeration } from "./detectors/object-enumeration";
import { refusals } from "./detectors/refusals";
import { scanning } from "./detectors/scanning";
import { sequence } from "./detectors/sequence";
import { threatIntel } from "./detectors/threat-intel";
import { volume } from "./detectors/volume";
import type { DetectOptions, DetectionEvent, Finding } from "./types";

const SEVERITY = { critical: 3, high: 2, medium: 1, low: 0 } as const;

/**
 * Async only to yield between detectors: over a part of a million events each
 * takes seconds, and a worker whose event loop is held longer than its job
 * lock (30 s) has the job taken away as stalled.
 */
export async function detect(events: DetectionEvent[], given: DetectOptions = {}): Promise<Finding[]> {
  // Three detectors judge by peer group: without stored peer use, the batch's is worked out once for all of them.
  const options = { ...given, peerUse: given.peerUse ?? batchPeerUse(events) };
  const run = async (detector: (events: DetectionEvent[], options: DetectOptions) => Finding[]) => {
    await new Promise((done) => setImmediate(done));
    const found = detector(events, options);
    options.lap?.(detector.name);
    return found;
  };
  const specific: Finding[] = [];
  for (const detector of [
    credentialStuffing,
    objectEnumeration,
    excessiveData,
    scanning,
    decoy,
    injection,
    functionLevelAbuse,
    threatIntel,
    businessLogic,
    entityTargeting,
    refusals,
  ])
    specific.push(...(await run(detector)));
  // Call order and volume are generic signals: where a more specific detector explains the same actor's hour, its finding is the one kept.
  const explained = (by: Finding[]) => (f: Finding) => by.some((s) => s.actor === f.actor && overlaps(s, f));
  const ordered = [...specific, ...(await run(sequence)).filter((f) => !explained(specific)(f))];
  const behaviour = [...ordered, ...(await run(volume)).filter((f) => !explained(ordered)(f))];
  // Where an actor called from says nothing of what it did: judged beside the rest, never explaining it away.
  const placed = (await run(geography)).map((g) => withCompany(g, behaviour));
  // A new client is the only sign of a replayed token; beside any other finding on the actor at the time it adds nothing.
  const findings = [
    ...behaviour,
    ...placed,
    ...(await run(newClient)).filter((f) => !explained([...behaviour, ...placed])(f)),
  ];
  return findings.sort(
    (a, b) => SEVERITY[b.severity] - SEVERITY[a.severity] || b.confidence - a.confidence || a.from - b.from,
  );
}

/**
 * The subjects of the stored baselines a batch's detectors read, for the
 * caller to load: the workspace's ("*": peer-group and host norms), each
 * endpoint's, and each entity crowded in some hour of the batch (its own
 * history of callers).
 */
export function baselineSubjects(events: DetectionEvent[], entityWindows: EntityWindows): string[] {
  return ["*", ...new Set(events.map((e) => e.endpoint)), ...entityHistorySubjects(entityWindows)];
}

/** Within an hour of each other: the same episode. */
const overlaps = (a: Finding, b: Finding, slack = 0) => a.from - slack <= b.to && b.from - slack <= a.to;

/** "Travelling, same behaviour" holds only while nothing else flags the actor at the same time. */
function withCompany(g: Finding, others: Finding[]): Finding {
  if (g.verdict !== "benign-explained") return g;
  const beside = others.filter((f) => f.actor === g.actor && overlaps(f, g, 3_600_000));
  if (!beside.length) return g;
  return {
    ...g,
    verdict: "suspicious",
    severity: "medium",
    explanation: `${g.explanation} But at the same time: ${beside.map((f) => f.title).join("; ")}.`,
  };
}
