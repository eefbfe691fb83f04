// The detectors on simulated traffic, in memory (parse, normalise, template,
// actors, detect): every labelled attack found, nothing raised on normal
// traffic; the benign look-alikes (partners' nightly batches, staff, a
// traveller, a partner that moved) raise nothing or a benign-explained finding.
import { beforeAll, describe, expect, it } from "vitest";
import { countryCentroids, countryLookup } from "../ingest/geoip";
import { ActorLinker } from "@lantern/engine/detection/actors";
import { detect } from "@lantern/engine/detection/detect";
import { detectionEventBuilder } from "@lantern/engine/detection/events";
import type { DetectionEvent } from "@lantern/engine/detection/types";
import { Templater } from "@lantern/engine/discovery/templater";
import { createParser } from "@lantern/engine/formats/registry";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { DECOYS } from "@lantern/simulator/business";
import { SIM_FORMATS, SIM_NGINX_FORMAT } from "@lantern/simulator/formats";
import { simulate, type SimRequest } from "@lantern/simulator/generate";

let countryOf: (ip: string) => string | null;
beforeAll(async () => {
  countryOf = await countryLookup();
});

async function pipeline(requests: SimRequest[]) {
  const parser = createParser({ id: "nginx", logFormat: SIM_NGINX_FORMAT });
  const templater = new Templater();
  const linker = new ActorLinker();
  const normalised = requests.map((r) => {
    const parsed = parser.parseLine(SIM_FORMATS.nginx(r));
    if (parsed.ok !== true) throw new Error("unparsed");
    const n = normalizeRecord(parsed.record, { tenantKey: "k", countryOf });
    if (!n.ok) throw new Error(n.reason);
    templater.observe(n.event.host!, n.event.method, n.event.path, { found: n.event.status !== 404 });
    return n.event;
  });
  const actors = normalised.map((e, i) => linker.observe(e.identities, e.clientIp, { uploadId: "u", line: i + 1 }));
  // The production builder (detection's parts use it), over the requests as ingestion stored them.
  const build = detectionEventBuilder("u", (host, path) => templater.templateOf(host, path));
  const events: DetectionEvent[] = normalised.map((e, i) =>
    build(
      {
        line: i + 1,
        ts: e.ts,
        method: e.method,
        host: e.host!,
        path: e.path,
        query: e.query,
        status: e.status,
        responseBytes: e.responseBytes,
        clientIp: e.clientIp,
        country: e.country,
        userAgent: e.userAgent,
        entities: e.entities,
      },
      actors[i] ? linker.actorOf(actors[i]!) : null,
    ),
  );
  const known = new Set(
    normalised
      .filter((e, i) => e.identities.length > 0 || actors[i]?.startsWith("ip:") === false)
      .map((e) => e.clientIp),
  );
  return detect(events, { knownIps: (ip) => known.has(ip), decoys: DECOYS, centroids: countryCentroids() });
}

describe("detection on simulated traffic", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: each attack raises a finding backed by its own requests; normal traffic and look-alikes at most a benign-explained one`, async () => {
      const requests = [...simulate({ start: new Date("2026-11-16T00:00:00Z"), days: 3, seed })];
      const findings = await pipeline(requests);
      const scenarioOf = (line: number) => requests[line - 1]!.scenario;
      const attributed = findings.map((f) => {
        const scenarios = f.evidence.map((ref) => scenarioOf(ref.line));
        const top = [...new Set(scenarios)].sort(
          (a, b) => scenarios.filter((s) => s === b).length - scenarios.filter((s) => s === a).length,
        )[0]!;
        return {
          detector: f.detector,
          verdict: f.verdict,
          scenario: top,
          attack: requests.find((r) => r.scenario === top)!.attack,
          title: f.title,
          explanation: f.explanation,
        };
      });
      const attacks = [...new Set(requests.filter((r) => r.attack).map((r) => r.scenario))];
      expect(attacks.sort()).toEqual([
        "account-takeover",
        "account-targeting",
        "card-testing",
        "create-cancel-abuse",
        "credential-stuffing",
        "function-level-abuse",
        "gateway-scanner",
        "hoarding",
        "object-enumeration",
        "revoked-key",
        "scanner",
        "scraping",
        "stolen-key",
        "tenant-takeover",
        "token-replay",
      ]);
      const detected = new Set(attributed.filter((a) => a.attack).map((a) => a.scenario));
      expect([...detected].sort()).toEqual(attacks.sort());
      expect(attributed.filter((a) => a.attack && a.verdict === "benign-explained")).toEqual([]);
      // Card testing looks like nothing else: only the order of its calls gives it away.
      expect(attributed.filter((a) => a.scenario === "card-testing").map((a) => a.detector)).toEqual(["sequence"]);
      // A replayed token from the owner's own network at an ordinary pace: only the client gives it away.
      expect(attributed.filter((a) => a.scenario === "token-replay").map((a) => a.detector)).toEqual(["new-client"]);
      // Guesses a gateway refuses (403 for every route it does not know) are a scan, as 404s are.
      expect(attributed.filter((a) => a.scenario === "gateway-scanner").map((a) => a.detector)).toContain("scanning");
      // Sixty users of one company at night from addresses its staff never used: the company's own callers give it away.
      expect(attributed.filter((a) => a.scenario === "tenant-takeover").map((a) => a.detector)).toContain(
        "entity-targeting",
      );
      // What people do without attacking is either not raised or raised as benign-explained, saying why.
      expect(attributed.filter((a) => !a.attack && a.verdict !== "benign-explained")).toEqual([]);
      const explained = attributed.filter((a) => !a.attack).map((a) => `${a.detector} ${a.scenario}`);
      // The consultant who goes from London to Paris to Berlin, each hop in time a person can make it: new places, same
      // behaviour, each explained; never "in two places at once".
      expect(explained.sort()).toEqual([
        "new-geography partner-moved",
        "new-geography sequential-traveller",
        "new-geography sequential-traveller",
        "new-geography traveller",
      ]);
    });
  }
});
