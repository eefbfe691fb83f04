// The benign-explained verdict: a finding the workspace's own setup explains.
// Scanning and volume bursts whose every request came from the workspace's
// internal networks (private ranges, and the ranges named in Settings) are
// most often its own vulnerability scanner or batch job: they are still
// raised, so nothing is hidden, but as benign-explained and low, saying why.
// Enumeration, stuffing and function-level findings are never explained
// away by the network: an insider is still an attacker.
import type { Finding } from "./types";

const EXPLAINABLE = new Set<Finding["detector"]>(["scanning", "volume"]);

export function explainInternal(f: Finding, addresses: string[], isInternal: (ip: string) => boolean): Finding {
  if (!EXPLAINABLE.has(f.detector) || addresses.length === 0 || !addresses.every(isInternal)) return f;
  const shown = addresses.slice(0, 3).join(", ") + (addresses.length > 3 ? ", …" : "");
  return {
    ...f,
    verdict: "benign-explained",
    severity: "low",
    explanation: `${f.explanation} Every request behind it came from your internal networks (${shown}): most likely your own ${f.detector === "scanning" ? "scanner" : "batch job"}. Suppress it if so.`,
  };
}
