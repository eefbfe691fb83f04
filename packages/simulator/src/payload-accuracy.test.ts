// Attack-payload classification on simulated traffic: no everyday request
// of Northwind Pay (paths with ids, tokens in URLs, emails in refunds,
// payment links, back-office pages) carries an attack payload, the way the
// simulator's truth says; and the real 2015 Apache log flags only its
// scanner's probes.
import { readFileSync } from "node:fs";
import { attackKindsOf } from "@lantern/engine/payloads/classify";
import { sharedData } from "@lantern/engine/testing/shared-data";
import { describe, expect, it } from "vitest";
import { simulate } from "./generate";

/** The path and each query value of a request target, as a parameter value would be checked. */
function valuesOf(target: string): string[] {
  const q = target.indexOf("?");
  if (q === -1) return [target];
  const query = target.slice(q + 1).split("&");
  return [target.slice(0, q), ...query.map((kv) => kv.slice(kv.indexOf("=") + 1)).filter(Boolean)];
}

const flagged = (targets: Iterable<string>) =>
  [...targets].flatMap((t) => valuesOf(t).filter((v) => attackKindsOf(v).length > 0));

describe("attack payloads on traffic with known truth", () => {
  it("finds none in three days of everyday simulated traffic", () => {
    const requests = [...simulate({ start: new Date("2026-11-16T00:00:00Z"), days: 3, seed: 1 })];
    const everyday = requests.filter((r) => !r.attack);
    expect(everyday.length).toBeGreaterThan(40_000);
    expect(flagged(everyday.map((r) => r.path + (r.query ? `?${r.query}` : "")))).toEqual([]);
  });

  it("flags only the scanner's probes in a real web server's log", () => {
    const targets = readFileSync(sharedData("real/apache-semicomplete-2015.log"), "utf8")
      .split("\n")
      .flatMap((line) => /"[A-Z]+ (\S+)/.exec(line)?.[1] ?? []);
    expect(targets).toHaveLength(10_000);
    // 144.76.95.39 asked for paths holding a literal "file://$file/": template injection probes.
    expect([...new Set(flagged(targets))]).toEqual(["/misc/nmh//%22file://$file/%22", "/scripts//%22file://$file/%22"]);
  });
});
