// Runs every detector over a batch of events and returns their findings,
// strongest first.
import { credentialStuffing } from "./detectors/credential-stuffing";
import { decoy } from "./detectors/decoy";
import { excessiveData } from "./detectors/excessive-data";
import { functionLevelAbuse } from "./detectors/function-level";
import { objectEnumeration } from "./detectors/object-enumeration";
import { scanning } from "./detectors/scanning";
import { threatIntel } from "./detectors/threat-intel";
import { volume } from "./detectors/volume";
import type { DetectOptions, DetectionEvent, Finding } from "./types";

const SEVERITY = { critical: 3, high: 2, medium: 1, low: 0 } as const;

export function detect(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const specific = [...credentialStuffing(events, options), ...objectEnumeration(events, options), ...excessiveData(events, options), ...scanning(events, options), ...decoy(events, options), ...functionLevelAbuse(events, options), ...threatIntel(events, options)];
  // Volume is the generic signal: where a specific detector explains the same actor's hour, its finding is the one kept.
  const explained = (f: Finding) => specific.some((s) => s.actor === f.actor && s.from <= f.to && f.from <= s.to);
  const findings = [...specific, ...volume(events, options).filter((f) => !explained(f))];
  return findings.sort((a, b) => SEVERITY[b.severity] - SEVERITY[a.severity] || b.confidence - a.confidence || a.from - b.from);
}
