import { describe, expect, it } from "vitest";
import { createParser } from "@lantern/engine/formats/registry";
import { detectFormat } from "@lantern/engine/formats/detect";
import { normalizeRecord } from "@lantern/engine/normalize/event";
import { parseHar } from "@lantern/engine/formats/har";
import { SIM_FORMATS, SIM_HEADERS, SIM_NGINX_FORMAT, simHar, type SimLineFormat } from "./formats";
import { simulate } from "./generate";

const start = new Date("2026-11-18T00:00:00Z");
const requests = [...simulate({ start, days: 3, seed: 7 })];

describe("simulated traffic", () => {
  it("is repeatable for a seed and follows the day: more at lunch than at 4 am", () => {
    expect([...simulate({ start, days: 3, seed: 7 })].length).toBe(requests.length);
    const byHour = (h: number) =>
      requests.filter((r) => new Date(r.ts).getUTCHours() === h && r.scenario === "user").length;
    expect(byHour(12)).toBeGreaterThan(3 * byHour(4));
    expect(
      requests.every(
        (r, i) =>
          i === 0 ||
          r.ts >= requests[i - 1]!.ts ||
          new Date(r.ts).getUTCHours() !== new Date(requests[i - 1]!.ts).getUTCHours(),
      ),
    ).toBe(true);
  });

  it("plays the scenarios in a long run's last three days, after weeks of everyday history", () => {
    const DAY = 86_400_000;
    const month = simulate({ start, days: 30, seed: 7 });
    const firstOf = new Map<string, number>();
    let total = 0;
    for (const r of month) {
      total++;
      if (!firstOf.has(r.scenario)) firstOf.set(r.scenario, r.ts);
    }
    const attacks = new Set(requests.filter((r) => r.attack).map((r) => r.scenario));
    expect(attacks.size).toBe(15);
    // Every attack of the three-day run, each first seen in the last three days (day 28 or later).
    for (const scenario of attacks) expect(firstOf.get(scenario)! - start.getTime()).toBeGreaterThanOrEqual(27 * DAY);
    expect(firstOf.get("user")! - start.getTime()).toBeLessThan(DAY);
    // Ten times the days, less the three days' attacks and the weekends the companies' staff are off.
    expect(total).toBeGreaterThan(8 * requests.length);
  });

  it("contains each labelled scenario, attacks and benign look-alikes", () => {
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(r.scenario, (counts.get(r.scenario) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([
      "account-takeover",
      "account-targeting",
      "business-onboarding",
      "business-teams",
      "card-testing",
      "create-cancel-abuse",
      "credential-stuffing",
      "function-level-abuse",
      "gateway-scanner",
      "hoarding",
      "internal",
      "object-enumeration",
      "partner",
      "partner-moved",
      "partner-nightly-batch",
      "paylink",
      "revoked-key",
      "scanner",
      "scraping",
      "sequential-traveller",
      "staff",
      "stolen-key",
      "tenant-takeover",
      "token-replay",
      "traveller",
      "user",
      "viral-paylink",
    ]);
    expect(counts.get("credential-stuffing")).toBe(2_400);
    expect(requests.filter((r) => r.attack).map((r) => r.scenario)).not.toContain("partner-nightly-batch");
    // The traveller is not heard from while flying (03:00–07:00 on the third day), then calls from one address abroad.
    const abroad = requests.filter((r) => r.scenario === "traveller");
    expect(abroad.length).toBeGreaterThan(0);
    expect(abroad.every((r) => new Date(r.ts).getUTCHours() >= 7)).toBe(true);
    expect(new Set(abroad.map((r) => r.clientIp)).size).toBe(1);
    // Each person's addresses share a /24 (one country); the account thief's do not.
    const own = new Map<string, Set<string>>();
    for (const r of requests)
      if (r.scenario === "user")
        own.set(r.actor, (own.get(r.actor) ?? new Set()).add(r.clientIp.split(".").slice(0, 3).join(".")));
    expect([...own.values()].every((nets) => nets.size === 1)).toBe(true);
  });

  it("every line of every output format parses, and the rich format keeps identities and the real client", () => {
    const sample = requests.slice(0, 2_000);
    const rich = createParser({ id: "nginx", logFormat: SIM_NGINX_FORMAT });
    const events = sample.map((r) => {
      const parsed = rich.parseLine(SIM_FORMATS.nginx(r));
      if (parsed.ok !== true) throw new Error(`unparsed: ${SIM_FORMATS.nginx(r)}`);
      const n = normalizeRecord(parsed.record, { tenantKey: "k" });
      if (!n.ok) throw new Error(n.reason);
      return { r, e: n.event };
    });
    for (const { r, e } of events) expect(e.clientIp).toBe(r.clientIp);
    const user = events.find(({ r }) => r.scenario === "user" && r.authorization)!;
    expect(user.e.identities).toContainEqual({ kind: "jwt_sub", value: user.r.actor, source: "jwt" });
    // A company's staff: their tokens name the company, which detection judges as an entity.
    const staff = rich.parseLine(SIM_FORMATS.nginx(requests.find((r) => r.scenario === "business-teams")!));
    if (staff.ok !== true) throw new Error("unparsed staff line");
    const claimed = normalizeRecord(staff.record, { tenantKey: "k" });
    expect(claimed.ok && claimed.event.entities).toEqual([
      { name: "org_id", value: expect.stringMatching(/^org_\w+$/) },
    ]);
    const partner = events.find(({ r }) => r.apiKey)!;
    expect(partner.e.identities.map((i) => i.kind)).toContain("api_key");

    expect(detectFormat(sample.map(SIM_FORMATS.combined).join("\n"))).toMatchObject({
      spec: { id: "combined" },
      confidence: 1,
    });
    expect(detectFormat(sample.map(SIM_FORMATS.jsonl).join("\n"))).toMatchObject({
      spec: { id: "json" },
      confidence: 1,
    });
  });

  it("writes every supported format: each is detected as itself and every line reads back as the request it came from", () => {
    const sample = requests.slice(0, 1_000);
    const expected: Record<SimLineFormat, string> = {
      nginx: "nginx",
      combined: "combined",
      common: "common",
      envoy: "envoy",
      "aws-alb": "aws-alb",
      "aws-cloudfront": "aws-cloudfront",
      "aws-api-gateway": "aws-api-gateway",
      kong: "kong",
      jsonl: "json",
    };
    for (const format of Object.keys(SIM_FORMATS) as SimLineFormat[]) {
      const lines = [...(SIM_HEADERS[format] ?? []), ...sample.map(SIM_FORMATS[format])];
      const detected = detectFormat(lines.join("\n"));
      // The rich nginx format is a custom log_format: detection offers combined-like guesses, the user pastes the directive.
      const spec = format === "nginx" ? { id: "nginx" as const, logFormat: SIM_NGINX_FORMAT } : detected.spec!;
      if (format !== "nginx")
        expect({ format, id: detected.spec?.id, confidence: detected.confidence }).toEqual({
          format,
          id: expected[format],
          confidence: 1,
        });
      const parser = createParser(spec);
      const events = lines.flatMap((line) => {
        const parsed = parser.parseLine(line);
        if (parsed.ok === "skip") return [];
        if (parsed.ok !== true) throw new Error(`${format}: ${parsed.reason}: ${line}`);
        const n = normalizeRecord(parsed.record, { tenantKey: "k" });
        if (!n.ok) throw new Error(`${format}: ${n.reason}`);
        return [n.event];
      });
      expect(events).toHaveLength(sample.length);
      events.forEach((e, i) => {
        const r = sample[i]!;
        expect({
          format,
          method: e.method,
          path: e.path,
          status: e.status,
          client: e.clientIp,
          second: Math.floor(e.ts / 1000),
        }).toEqual({
          format,
          method: r.method,
          path: r.path,
          status: r.status,
          client: r.clientIp,
          second: Math.floor(r.ts / 1000),
        });
      });
    }
    // Gateways know partners as consumers.
    const kong = createParser({ id: "kong" });
    const partner = sample.find((r) => r.apiKey)!;
    const parsed = kong.parseLine(SIM_FORMATS.kong(partner));
    const event = parsed.ok === true ? normalizeRecord(parsed.record, { tenantKey: "k" }) : null;
    expect(event?.ok && event.event.identities).toContainEqual({
      kind: "consumer",
      value: partner.actor,
      source: "gateway",
    });
  });

  it("writes a HAR capture whose entries read back with their request headers", () => {
    const sample = requests.slice(0, 200);
    const har = parseHar(simHar(sample));
    if ("error" in har) throw new Error(har.error);
    expect(har.records).toHaveLength(200);
    expect(har.rejected).toEqual([]);
    const withToken = sample.findIndex((r) => r.authorization);
    expect(har.records[withToken]!.headers?.authorization).toBe(sample[withToken]!.authorization);
  });
});
