// Sensitive-data classification measured on simulated traffic against the
// simulator's truth (what each request carries, where): per request and
// code, false positives and misses. HAR carries bodies; the rich nginx
// format only the path and query string.
import { describe, expect, it } from "vitest";
import { parseHar } from "@lantern/engine/formats/har";
import { createParser } from "@lantern/engine/formats/registry";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { SIM_FORMATS, SIM_NGINX_FORMAT, simHar } from "./formats";
import { simulate, type SimRequest } from "./generate";

const requests = [...simulate({ start: new Date("2026-11-18T00:00:00Z"), days: 2, seed: 5 })];

function score(found: string[][], truth: string[][]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  found.forEach((codes, i) => {
    const expected = new Set(truth[i]);
    for (const c of codes)
      if (expected.has(c)) tp++;
      else fp++;
    for (const c of expected) if (!codes.includes(c)) fn++;
  });
  return { tp, fp, fn, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
}

describe("sensitive data on simulated traffic", () => {
  it("HAR (bodies, query, path): every planted value found, nothing else flagged", () => {
    // A HAR is a capture of thousands of requests; score one of each kind of caller, plenty of them.
    const sample = requests.filter((_, i) => i % 7 === 0).slice(0, 6_000);
    const har = parseHar(simHar(sample));
    if ("error" in har) throw new Error(har.error);
    const found = har.records.map((rec) => {
      const n = normalizeRecord(rec, { tenantKey: "k" });
      if (!n.ok) throw new Error(n.reason);
      return n.event.sensitive as string[];
    });
    const s = score(
      found,
      sample.map((r) => r.sensitive ?? []),
    );
    expect(s.tp).toBeGreaterThan(500);
    expect(s).toMatchObject({ fp: 0, fn: 0 });
  });

  it("access log lines (path and query only): credentials and emails in URLs found, bodies not invented", () => {
    const parser = createParser({ id: "nginx", logFormat: SIM_NGINX_FORMAT });
    const inUrl = (r: SimRequest) => (r.sensitive ?? []).filter((c) => c.endsWith(":path") || c.endsWith(":query"));
    const found = requests.map((r) => {
      const parsed = parser.parseLine(SIM_FORMATS.nginx(r));
      if (parsed.ok !== true) throw new Error("unparsed");
      const n = normalizeRecord(parsed.record, { tenantKey: "k" });
      if (!n.ok) throw new Error(n.reason);
      return n.event.sensitive as string[];
    });
    const s = score(found, requests.map(inUrl));
    expect(s.tp).toBeGreaterThan(100);
    expect(s).toMatchObject({ fp: 0, fn: 0 });
    // The 400 account ids, thousands of charge ids and payment ids never pass for cards or phone numbers.
    expect(found.flat().filter((c) => c.startsWith("card") || c.startsWith("phone"))).toEqual([]);
  });
});
