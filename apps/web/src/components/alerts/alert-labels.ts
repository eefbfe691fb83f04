// How alert fields read in the dashboard.
export const STATUS_LABEL: Record<string, string> = { NEW: "new", INVESTIGATING: "investigating", RESOLVED: "resolved", FALSE_POSITIVE: "false positive" };
export const VERDICT_LABEL: Record<string, string> = { ATTACK: "attack", SUSPICIOUS: "suspicious", BENIGN_EXPLAINED: "benign (explained)" };
export const DETECTOR_LABEL: Record<string, string> = {
  "credential-stuffing": "Credential stuffing",
  "object-enumeration": "Object enumeration (BOLA)",
  "excessive-data": "Excessive data / harvesting",
  scanning: "Scanning and fuzzing",
  volume: "Volume anomaly",
  decoy: "Decoy endpoint",
  "function-level": "Function-level abuse (BFLA)",
};
export const severityTone = (s: string) => (s === "CRITICAL" || s === "HIGH" ? "danger" : s === "MEDIUM" ? "accent" : undefined);
