// Hostile log lines for property-based tests: real lines of every format
// with attackers' fragments spliced in (NUL, %00, control bytes, invalid
// surrogates, huge and odd numbers, deep JSON, prototype keys, quotes and
// escapes), and lines of arbitrary code units. Shared by the engine's fuzz
// test and the event writer's, so both judge the same inputs.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { FormatSpec } from "../formats/registry";
import { sharedData } from "./shared-data";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const linesOf = (text: string, n = 8) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, n);

const NGINX_FORMAT =
  '$remote_addr "$http_x_forwarded_for" [$time_iso8601] "$request" $status $body_bytes_sent $request_time "$http_referer" "$http_user_agent" "$http_x_api_key" "$http_authorization" "$http_cookie"';

/** Every format with real (or documentation) lines to start from. */
export function formatSamples(): { spec: FormatSpec; lines: string[] }[] {
  const cloudfront = readFileSync(sharedData("formats/aws-cloudfront.log"), "utf8").split("\n").filter(Boolean);
  return [
    {
      spec: { id: "combined" },
      lines: linesOf(readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8"), 20),
    },
    {
      spec: { id: "common" },
      lines: linesOf(readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8")).map((l) =>
        l.replace(/ "[^"]*" "[^"]*"$/, ""),
      ),
    },
    { spec: { id: "aws-alb" }, lines: linesOf(readFileSync(sharedData("formats/aws-alb.log"), "utf8")) },
    // CloudFront's #Fields header configures the parser: it stays first, unmutated.
    { spec: { id: "aws-cloudfront" }, lines: cloudfront.filter((l) => !l.startsWith("#")) },
    { spec: { id: "envoy" }, lines: linesOf(readFileSync(sharedData("formats/envoy.log"), "utf8")) },
    { spec: { id: "aws-api-gateway" }, lines: linesOf(fixture("aws-api-gateway.jsonl")) },
    { spec: { id: "kong" }, lines: linesOf(fixture("kong-http-log.jsonl")) },
    {
      spec: {
        id: "json",
        mapping: {
          time: "timestamp",
          method: "method",
          url: "path",
          status: "status",
          latencyMs: "duration_ms",
          peerIp: "remote_addr",
          userAgent: "user_agent",
          requestId: "request_id",
          responseBytes: "bytes_sent",
          headers: "headers",
        },
      },
      lines: linesOf(fixture("generic.jsonl")),
    },
    {
      spec: { id: "nginx", logFormat: NGINX_FORMAT },
      lines: [
        '10.0.0.9 "198.51.100.20, 10.0.0.8" [2026-11-22T10:00:00+00:00] "GET /v1/keys/abc/usage?api_key=qk_live_51Habc9XyZ0123456789&page=2 HTTP/1.1" 200 1234 0.052 "https://app.acme.test/settings?token=x" "Mozilla/5.0" "AKX-header-7f3a9c1e5b2d8046" "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwib3JnX2lkIjoib3JnLTcifQ.c2ln" "sessionid=abc123"',
      ],
    },
  ].map((s) => ({
    ...s,
    header: s.spec.id === "aws-cloudfront" ? cloudfront.filter((l) => l.startsWith("#")) : [],
  })) as { spec: FormatSpec; lines: string[]; header: string[] }[];
}

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
export const anyText = fc.string({ unit: codeUnit, maxLength: 80 });

const deepJson = fc.integer({ min: 1, max: 5_000 }).map((depth) => `${"[".repeat(depth)}1${"]".repeat(depth)}`);

/** What attackers and broken software put into fields. */
export const hostileFragment = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "%00",
    "%2500",
    "\\0",
    "\\u0000",
    "\\x00",
    "\\x90\\x02",
    "\ud800",
    "\udc00",
    "\ud83d",
    "%ud800",
    "%E0%80%AF",
    "%C0%AF",
    "%",
    "\u001b[31m",
    "\r",
    "\t",
    "\u007f",
    "\u0085",
    "\u2028",
    "\ufeff",
    '"',
    "\\",
    '\\"',
    "'",
    "]",
    "[",
    "{",
    "}",
    ":",
    ",",
    " ",
    "  ",
    "99999999999999999999999",
    "-1",
    "1e309",
    "-0",
    "NaN",
    "Infinity",
    "0x7fffffff",
    "4294967296",
    "32768",
    "65536",
    "1.5",
    '"__proto__":{"polluted":true}',
    '{"constructor":{"prototype":{"x":1}}}',
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "../../../../etc/passwd",
    "Bearer ",
    "Basic AAAA",
    "eyJhbGciOiJub25lIn0.eyJzdWIiOiJcdTAwMDAifQ.",
    "::::::",
    "1.2.3.4%eth0",
    "[::1]:80",
    "999.1.1.1",
    "0000-00-00T00:00:00Z",
    "31/Feb/2026:25:61:61 +9999",
    "-99999999999999",
    "275760-09-13T00:00:00Z",
    "\u0000".repeat(100),
  ),
  anyText,
  deepJson,
  fc.integer({ min: 1, max: 70_000 }).map((n) => "A".repeat(n)),
);

/** A real line with 1–4 hostile fragments spliced in at random places (replacing a few characters or not). */
export const mutatedLine = (lines: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...lines),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), hostileFragment), { minLength: 1, maxLength: 4 }),
    )
    .map(([line, edits]) =>
      edits.reduce((out, [at, cut, fragment]) => {
        const i = at % (out.length + 1);
        return out.slice(0, i) + fragment + out.slice(i + cut);
      }, line),
    );

const DEEP = "\u0001deep\u0001";
/** Nested arrays and objects, deeper than JSON.stringify or a recursive String() can go. */
const deepStructure = fc
  .tuple(fc.integer({ min: 1, max: 12_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

/**
 * A JSON line whose values are replaced by hostile text (JSON.stringify
 * escapes it, so the line stays JSON) or by deeply nested structures, where a
 * field should hold a string.
 */
export const hostileJsonLine = (lines: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...lines),
      fc.array(fc.oneof(hostileFragment, fc.constant(DEEP)), { minLength: 1, maxLength: 6 }),
      deepStructure,
    )
    .map(([line, fragments, deep]) => {
      let i = 0;
      const value = JSON.parse(line, (_key, v) =>
        typeof v === "string" || typeof v === "number" ? fragments[i++ % fragments.length] : v,
      );
      return JSON.stringify(value).replaceAll(JSON.stringify(DEEP), deep);
    });

/** The lines to try for one format: mutated real lines, hostile JSON lines, and plain garbage. */
export function hostileLines(sample: { spec: FormatSpec; lines: string[] }) {
  const json = sample.lines[0]?.startsWith("{");
  return fc.oneof(mutatedLine(sample.lines), ...(json ? [hostileJsonLine(sample.lines)] : []), anyText);
}

/** The fixed seed and bounded case count every fuzz test in `npm test` runs with. */
export const FUZZ = { seed: 20_261_204, numRuns: 400 } as const;
