// Endpoint templating measured on simulated traffic against the simulator's
// truth (which template made each path): precision and recall of the
// inferred (method, host, template) set, with parameter names compared too.
import { describe, expect, it } from "vitest";
import { isAnswered } from "@lantern/engine/discovery/endpoint-stats";
import { Templater } from "@lantern/engine/discovery/templater";
import { simulate } from "./generate";

const shape = (template: string) => template.replace(/\{\w+\}/g, "{}");

describe("endpoint templating on simulated traffic", () => {
  it("finds every endpoint the simulator used and nothing else (precision and recall ≥ 0.95), with the same parameter names", () => {
    const requests = [...simulate({ start: new Date("2026-11-18T00:00:00Z"), days: 3, seed: 11 })];
    const t = new Templater();
    // As discovery observes them: a path counts as found when it was answered (not 404, 401 or 403).
    for (const r of requests) t.observe(r.host, r.method, r.path, { found: isAnswered(r.status) });
    const inferred = new Set(t.endpoints().map((e) => `${e.method} ${e.host}${e.template}`));
    // Paths only ever missed or refused (the scanners' word list and guesses) are kept out of the inventory by design.
    const found = requests.filter((r) => isAnswered(r.status));
    const truth = new Set(found.map((r) => `${r.method} ${r.host}${r.endpoint}`));
    const shapes = (set: Set<string>) => new Set([...set].map(shape));
    const hit = [...shapes(inferred)].filter((e) => shapes(truth).has(e)).length;
    const precision = hit / shapes(inferred).size;
    const recall = hit / shapes(truth).size;
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    // Names as a person would write them, except where the path gives no hint (ledger/{accountId}).
    const named = [...inferred].filter((e) => truth.has(e));
    expect([...truth].filter((e) => !inferred.has(e))).toEqual([
      "GET ledger.internal/internal/ledger/{accountId}/balance",
    ]);
    expect(named.length).toBe(truth.size - 1);
    // Each request's path maps to its own endpoint's template.
    const wrong = found.filter((r) => shape(t.templateOf(r.host, r.path)) !== shape(r.endpoint));
    expect(wrong).toEqual([]);
  });
});
