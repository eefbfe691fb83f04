// Property-based: no line an attacker can write makes a parser, the format
// detector, the line splitter or the normaliser throw, and every event that
// comes out is storable (the event writer's fuzz test then COPYs such
// events into Postgres). Fixed seed and bounded runs, so `npm test` is
// repeatable; a failure prints the seed and the shrunk counterexample.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLineSplitter } from "../lines";
import { normalizeRecord, type ApiEvent } from "../normalize/event";
import { parseIp } from "../normalize/ip";
import { anyText, formatSamples, FUZZ, hostileLines } from "../testing/hostile";
import { detectFormat } from "./detect";
import { parseHar } from "./har";
import { createParser } from "./registry";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What the event writer and Postgres need of an event, checked field by field. */
function unstorable(e: ApiEvent): string | null {
  if (!Number.isFinite(e.ts) || e.ts < Date.UTC(1990, 0, 1) || e.ts > Date.UTC(2100, 0, 1)) return `time ${e.ts}`;
  if (e.status !== null && !(Number.isInteger(e.status) && e.status >= 0 && e.status <= 999))
    return `status ${e.status}`;
  for (const n of [e.requestBytes, e.responseBytes])
    if (n !== null && !(Number.isSafeInteger(n) && n >= 0)) return `bytes ${n}`;
  if (e.latencyMs !== null && !(Number.isFinite(e.latencyMs) && e.latencyMs >= 0)) return `latency ${e.latencyMs}`;
  for (const ip of [e.clientIp, e.peerIp])
    if (ip !== null && parseIp(ip)?.text !== ip) return `address ${JSON.stringify(ip)}`;
  const texts = JSON.stringify(e, (_k, v) =>
    typeof v === "string" && (CONTROL.test(v) || LONE_SURROGATE.test(v)) ? `UNSTORABLE:${JSON.stringify(v)}` : v,
  );
  const bad = /UNSTORABLE:[^,}]*/.exec(texts);
  return bad ? bad[0] : null;
}

const tenantKey = "fuzz-tenant-key";

describe("hostile lines never break ingestion", () => {
  for (const sample of formatSamples()) {
    it(`${sample.spec.id}: parsing and normalising never throw, and every event is storable`, () => {
      fc.assert(
        fc.property(fc.array(hostileLines(sample), { minLength: 1, maxLength: 5 }), (lines) => {
          const parser = createParser(sample.spec);
          for (const header of (sample as { header?: string[] }).header ?? []) parser.parseLine(header);
          for (const line of lines) {
            const parsed = parser.parseLine(line);
            if (parsed.ok !== true) continue;
            // With the raw line (as ingestion calls it: most fields skip their checks) and without (every field checked).
            for (const withLine of [line, undefined]) {
              const normalized = normalizeRecord(parsed.record, { tenantKey }, withLine);
              if (!normalized.ok) continue;
              const problem = unstorable(normalized.event);
              if (problem)
                throw new Error(
                  `unstorable event (${problem}) from ${JSON.stringify(line)}${withLine ? " given its line" : ""}`,
                );
            }
          }
        }),
        FUZZ,
      );
    });
  }

  it("the mutations do reach the normaliser: some hostile lines of each format still parse", () => {
    // Guards the test above against proving nothing (every mutated line rejected).
    for (const sample of formatSamples()) {
      const accepted = fc.sample(hostileLines(sample), { seed: FUZZ.seed, numRuns: 300 }).filter((line) => {
        const parser = createParser(sample.spec);
        for (const header of (sample as { header?: string[] }).header ?? []) parser.parseLine(header);
        const parsed = parser.parseLine(line);
        return parsed.ok === true && normalizeRecord(parsed.record, { tenantKey }).ok;
      });
      expect(accepted.length, sample.spec.id).toBeGreaterThan(10);
    }
  });

  it("format detection never throws on hostile heads", () => {
    const heads = fc.oneof(
      ...formatSamples().map((s) =>
        fc.array(hostileLines(s), { minLength: 1, maxLength: 20 }).map((l) => l.join("\n")),
      ),
    );
    fc.assert(
      fc.property(heads, (head) => {
        const detection = detectFormat(head);
        expect(detection.confidence).toBeGreaterThanOrEqual(0);
      }),
      { ...FUZZ, numRuns: 200 },
    );
  });

  it("the line splitter takes arbitrary bytes cut anywhere, and loses no line", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4_000 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        const splitter = createLineSplitter(1_000);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, bytes.length]
          .slice(1)
          .map((end, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], end));
        const lines = [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
        const newlines = bytes.filter((b) => b === 0x0a).length;
        // One line per newline, plus the unterminated tail (an empty tail is not a line).
        expect(lines.length).toBeGreaterThanOrEqual(newlines);
        expect(lines.length).toBeLessThanOrEqual(newlines + 1);
        for (const line of lines) if ("text" in line) expect(LONE_SURROGATE.test(line.text)).toBe(false);
      }),
      FUZZ,
    );
  });

  it("HAR files with hostile JSON never throw", () => {
    const entry = fc.record(
      {
        startedDateTime: anyText,
        request: fc.record({
          method: anyText,
          url: anyText,
          headers: fc.array(fc.record({ name: anyText, value: anyText })),
        }),
        response: fc.record({ status: fc.oneof(fc.integer(), fc.double(), anyText) }),
        time: fc.oneof(fc.double(), anyText),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(entry, { maxLength: 5 }).map((entries) => JSON.stringify({ log: { entries } })),
          anyText,
        ),
        (text) => {
          const har = parseHar(text);
          if ("error" in har) return;
          for (const record of har.records) {
            const normalized = normalizeRecord(record, { tenantKey });
            if (normalized.ok) expect(unstorable(normalized.event)).toBeNull();
          }
        },
      ),
      FUZZ,
    );
  });
});
