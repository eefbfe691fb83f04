import { sharedData } from "./testing/shared-data";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createParser } from "./formats/registry";
import type { FormatSpec } from "./formats/registry";
import { normalizeRecord } from "./normalize/event";
import { readinessReport } from "./readiness";

const shared = (path: string) => readFileSync(sharedData(path), "utf8");
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

function report(spec: FormatSpec, text: string) {
  const parser = createParser(spec);
  const sample = text.split("\n").flatMap((line) => {
    const r = parser.parseLine(line);
    if (r.ok !== true) return [];
    const n = normalizeRecord(r.record, { tenantKey: "k" });
    return n.ok ? [{ record: r.record, event: n.event }] : [];
  });
  return readinessReport(spec.id, sample);
}

const failing = (r: ReturnType<typeof report>) => r.checks.filter((c) => !c.ok).map((c) => c.id);

describe("log readiness", () => {
  it("the real 2015 Apache combined log lacks identity, milliseconds, host and latency, with fixes for nginx and Apache", () => {
    const r = report({ id: "combined" }, shared("real/apache-semicomplete-2015.log"));
    expect(r.sampled).toBe(9_999);
    expect(failing(r)).toEqual(["identity", "timestamp_precision", "host", "latency"]);
    expect(r.score).toBe(45);
    const fix = r.checks.find((c) => c.id === "latency")?.fix;
    expect(fix).toContain("nginx: Add $request_time");
    expect(fix).toContain("Apache: Add %D");
  });

  it("ALB logs have millisecond times and latency but no caller identity", () => {
    const r = report({ id: "aws-alb" }, shared("formats/aws-alb.log"));
    expect(failing(r)).toEqual(["client_ip", "identity"]);
    expect(r.checks.find((c) => c.id === "identity")?.fix).toMatch(/ALB logs carry no caller identity/);
    // Seven lines without a query string prove nothing either way.
    expect(r.checks.find((c) => c.id === "query_string")).toMatchObject({
      ok: true,
      inconclusive: expect.stringContaining("Too few lines"),
    });
  });

  it("Kong logs with consumers and API keys score well", () => {
    const r = report({ id: "kong" }, fixture("kong-http-log.jsonl"));
    expect(failing(r)).toEqual([]);
    expect(r.score).toBe(100);
  });

  it("an empty sample scores 0", () => {
    expect(readinessReport("combined", [])).toMatchObject({ score: 0, sampled: 0 });
  });
});
