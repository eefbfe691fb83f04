// How alert fields read in the dashboard.
import type { DetectorId } from "@lantern/engine/detection/types";

export const STATUS_LABEL: Record<string, string> = {
  NEW: "new",
  INVESTIGATING: "investigating",
  RESOLVED: "resolved",
  FALSE_POSITIVE: "false positive",
};
export const VERDICT_LABEL: Record<string, string> = {
  ATTACK: "attack",
  SUSPICIOUS: "suspicious",
  BENIGN_EXPLAINED: "benign (explained)",
};
// Typed by the engine's detector ids: a new detector without a label does not compile.
const DETECTOR_LABEL: Record<DetectorId, string> = {
  "credential-stuffing": "Credential stuffing",
  "object-enumeration": "Object enumeration (BOLA)",
  "excessive-data": "Excessive data / harvesting",
  scanning: "Scanning and fuzzing",
  volume: "Volume anomaly",
  decoy: "Decoy endpoint",
  injection: "Injection attempts",
  "function-level": "Function-level abuse (BFLA)",
  "threat-intel": "Threat intelligence",
  "impossible-travel": "Impossible travel / credential sharing",
  "new-geography": "New geography or network",
  "business-logic": "Business-logic abuse",
  "entity-targeting": "Business entity under attack",
  refusals: "Credential refused again and again",
  sequence: "Unusual call sequence",
  "new-client": "New client for an established actor",
  hunt: "Saved hunt",
};
/** Every detector with its label, for pickers. */
export const DETECTORS = Object.entries(DETECTOR_LABEL).map(([id, label]) => ({ id: id as DetectorId, label }));
/** A stored alert's detector as people read it (an unknown id as it is). */
export const detectorLabel = (detector: string) => DETECTOR_LABEL[detector as DetectorId] ?? detector;
/** Critical is filled, high outlined in red, medium in amber: the worst stand out in a long list. */
export const severityTone = (s: string) =>
  s === "CRITICAL" ? "critical" : s === "HIGH" ? "danger" : s === "MEDIUM" ? "accent" : undefined;
