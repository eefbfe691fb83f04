// Recognises a log's format from its first lines: every candidate parser
// tries the sample, and the one that accepts the largest share wins. The
// share is the confidence shown to the user, who can override the choice.
import { looksLikeHar } from "./har";
import { guessJsonMapping } from "./json-mapping";
import type { LineParser } from "./record";
import { createParser, type FormatSpec } from "./registry";

export type Detection = {
  spec: FormatSpec | null;
  /** Share of sampled lines the chosen format parses, 0..1. */
  confidence: number;
  sampledLines: number;
  /** Runners-up, best first, for the override menu. */
  alternatives: { spec: FormatSpec; confidence: number }[];
};

// More specific formats first: on a tie the earlier one wins.
const LINE_CANDIDATES: FormatSpec[] = [
  { id: "aws-cloudfront" },
  { id: "aws-alb" },
  { id: "envoy" },
  { id: "envoy-legacy" },
  { id: "combined" },
  { id: "common" },
];

function jsonCandidates(lines: string[]): FormatSpec[] {
  const objects: Record<string, unknown>[] = [];
  for (const line of lines) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) objects.push(value);
    } catch {
      // not JSON; other candidates will judge it
    }
  }
  if (objects.length === 0) return [];
  const has = (key: string) => objects.some((o) => key in o);
  const out: FormatSpec[] = [];
  if (has("latencies") && has("request") && has("response")) out.push({ id: "kong" });
  if (has("httpMethod") || has("requestTimeEpoch")) out.push({ id: "aws-api-gateway" });
  out.push({ id: "json", mapping: guessJsonMapping(objects.slice(0, 50)) });
  return out;
}

function score(parser: LineParser, lines: string[]): number {
  let ok = 0;
  let counted = 0;
  for (const line of lines) {
    const r = parser.parseLine(line);
    if (r.ok === "skip") continue;
    counted++;
    if (r.ok) ok++;
  }
  return counted === 0 ? 0 : ok / counted;
}

/** `head` is the start of the file (a few hundred lines is plenty). */
export function detectFormat(head: string, maxLines = 200): Detection {
  if (looksLikeHar(head)) return { spec: { id: "har" }, confidence: 1, sampledLines: 0, alternatives: [] };
  const lines = head.split(/\r?\n/).slice(0, maxLines + 1);
  // The last line of a head cut from a bigger file may be partial.
  if (lines.length > maxLines) lines.pop();
  // Shippers' JSON envelopes are judged by the line they carry (the parsers unwrap them).
  const sample = lines.filter((l) => l.trim());
  const scored = [...jsonCandidates(sample.filter((l) => l.trimStart().startsWith("{"))), ...LINE_CANDIDATES]
    .map((spec) => ({ spec, confidence: score(createParser(spec), sample) }))
    .filter((c) => c.confidence > 0);
  // Stable sort keeps the specific-first order among equals.
  scored.sort((a, b) => b.confidence - a.confidence);
  const [best, ...rest] = scored;
  return {
    spec: best?.spec ?? null,
    confidence: Math.round((best?.confidence ?? 0) * 1000) / 1000,
    sampledLines: sample.filter((l) => !l.startsWith("#")).length,
    alternatives: rest.slice(0, 3).map((c) => ({ spec: c.spec, confidence: Math.round(c.confidence * 1000) / 1000 })),
  };
}
