// Geography on generated series: a credential in two places at once, a jump
// faster than a flight, a journey the time allows (travelling, or not only),
// a server that moved within its country; and the look-alikes that stay quiet.
import { describe, expect, it } from "vitest";
import { detect } from "./detect";
import { geography, type ActorPlaces } from "./detectors/geography";
import { distanceKm, networkOf, type LatLng } from "./geo";
import { ev, HOUR, T0 } from "./test-events";
import type { DetectOptions, DetectionEvent } from "./types";

const CENTROIDS: Record<string, LatLng> = {
  GB: [54, -2],
  DE: [51, 9],
  ES: [40, -4],
  BR: [-10, -55],
  BE: [50.83, 4],
  NL: [52.5, 5.75],
};
const options = (extra: DetectOptions = {}): DetectOptions => ({ centroids: (c) => CENTROIDS[c], ...extra });
const KEY = "api_key:k1";
const USER = "jwt_sub:alice";

/** A partner key calling every 5 minutes for two days from one address in GB. */
function partnerDays(ip = "51.140.10.20"): DetectionEvent[] {
  return Array.from({ length: 2 * 24 * 12 }, (_, i) =>
    ev(T0 + i * 300_000, { template: "/v2/charges", method: "POST", actor: KEY, clientIp: ip, country: "GB" }),
  );
}
/** A person using the app from home (GB) a few times an hour, daytime, for two days. */
function homeDays(): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let h = 0; h < 48; h++)
    if (h % 24 >= 8 && h % 24 < 20)
      for (let k = 0; k < 3; k++)
        out.push(
          ev(T0 + h * HOUR + k * 600_000, {
            template: "/v1/accounts/{id}",
            actor: USER,
            clientIp: "81.2.69.11",
            country: "GB",
            agent: "NorthwindPay",
          }),
        );
  return out;
}
const byTime = (events: DetectionEvent[]) => events.sort((a, b) => a.ts - b.ts);

describe("geography helpers", () => {
  it("measures great circles and names networks", () => {
    expect(Math.round(distanceKm([51.5, -0.13], [48.86, 2.35]))).toBe(343); // London–Paris
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("not an address")).toBeNull();
  });
});

describe("impossible travel and credential sharing", () => {
  it("flags a key used from two countries at once as an attack, with the far side's calls as evidence", () => {
    const stolen = Array.from({ length: 40 }, (_, i) =>
      ev(T0 + 48 * HOUR + i * 60_000, {
        template: "/v2/refunds",
        method: "POST",
        actor: KEY,
        clientIp: "185.220.101.5",
        country: "DE",
      }),
    );
    const home = Array.from({ length: 10 }, (_, i) =>
      ev(T0 + 48 * HOUR + i * 240_000 + 30_000, {
        template: "/v2/charges",
        method: "POST",
        actor: KEY,
        clientIp: "51.140.10.20",
        country: "GB",
      }),
    );
    const findings = geography(byTime([...partnerDays(), ...stolen, ...home]), options());
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      detector: "impossible-travel",
      verdict: "attack",
      severity: "critical",
      facts: { country: "DE", from: "GB", calls: 40 },
    });
    expect(f.facts.callsFromOrigin).toBeGreaterThanOrEqual(9);
    expect(f.title).toBe("api_key:k1 used from Germany and United Kingdom at the same time");
    expect(f.explanation).toMatch(
      /40 calls from Germany \(185\.220\.101\.5\) between 00:00 and 00:39 UTC, while \d+ more came from United Kingdom, [\d,]+ km away/,
    );
    const stolenLines = new Set(stolen.map((e) => e.ref.line));
    expect(f.evidence.every((r) => stolenLines.has(r.line))).toBe(true);
  });

  it("flags a person's jump faster than a flight as suspicious (a VPN can do it too)", () => {
    const jump = [
      ev(T0 + 44 * HOUR, { template: "/v1/accounts/{id}", actor: USER, clientIp: "177.37.10.10", country: "BR" }),
    ];
    const [f, ...rest] = geography(byTime([...homeDays(), ...jump]), options());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ detector: "impossible-travel", verdict: "suspicious", severity: "high" });
    expect(f!.title).toMatch(/^jwt_sub:alice travelled [\d,]+ km in \d+ min$/);
    expect(f!.explanation).toContain("faster than any flight");
  });

  it("judges the first call of a batch against where the actor was last seen in stored history", () => {
    const places: ActorPlaces = {
      countries: [{ place: "GB", firstSeen: T0 - 72 * HOUR, lastSeen: T0 - 10 * 60_000, calls: 300 }],
      networks: [],
      agents: [],
    };
    const [f] = geography(
      [ev(T0, { template: "/v1/accounts/{id}", actor: USER, clientIp: "177.37.10.10", country: "BR" })],
      options({ places: () => places }),
    );
    expect(f).toMatchObject({ detector: "impossible-travel", facts: { from: "GB", gapMinutes: 10 } });
  });

  it("stays quiet between countries the actor already uses, between neighbours, and without centroids", () => {
    const both: ActorPlaces = {
      countries: [
        { place: "GB", firstSeen: T0 - 20 * 24 * HOUR, lastSeen: T0 - 60_000, calls: 900 },
        { place: "DE", firstSeen: T0 - 15 * 24 * HOUR, lastSeen: T0 - 2 * HOUR, calls: 400 },
      ],
      networks: [],
      agents: [],
    };
    const switching = Array.from({ length: 20 }, (_, i) =>
      ev(T0 + i * 120_000, {
        template: "/v1/accounts/{id}",
        actor: USER,
        clientIp: i % 2 ? "185.220.101.5" : "81.2.69.11",
        country: i % 2 ? "DE" : "GB",
      }),
    );
    expect(geography(switching, options({ places: () => both }))).toEqual([]);
    const border = Array.from({ length: 20 }, (_, i) =>
      ev(T0 + i * 120_000, {
        template: "/v1/accounts/{id}",
        actor: USER,
        clientIp: i % 2 ? "2.2.2.2" : "3.3.3.3",
        country: i % 2 ? "BE" : "NL",
      }),
    );
    expect(geography(border, options())).toEqual([]);
    // Geolocation tables split some /24s between countries: one network is one place.
    const split = Array.from({ length: 60 }, (_, i) =>
      ev(T0 + i * 1_200_000, {
        template: "/v1/accounts/{id}",
        actor: USER,
        clientIp: i % 2 ? "212.222.10.125" : "212.222.10.62",
        country: i % 2 ? "BE" : "ES",
      }),
    );
    expect(geography(split, options())).toEqual([]);
    expect(geography(switching, {})).toEqual([]);
  });
});

describe("new geography and networks", () => {
  it("explains a journey the time allows with the usual endpoints as travelling", () => {
    const away = Array.from({ length: 6 }, (_, i) =>
      ev(T0 + 57 * HOUR + i * 600_000, {
        template: "/v1/accounts/{id}",
        actor: USER,
        clientIp: "83.44.10.10",
        country: "ES",
        agent: "NorthwindPay",
      }),
    );
    const [f, ...rest] = geography(byTime([...homeDays(), ...away]), options());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      detector: "new-geography",
      verdict: "benign-explained",
      severity: "low",
      facts: { place: "ES", from: "GB", calls: 6 },
    });
    expect(f!.explanation).toMatch(
      /made 6 calls from Spain \(83\.44\.10\.10\) from 09:00 UTC, a country it never used; its last call before came from United Kingdom 13\.7 h earlier, [\d,]+ km away: a journey that time allows\. It used its usual client and called only endpoints it or its peers usually call: most likely travelling\./,
    );
  });

  it("is suspicious when the new country comes with a client the actor never used (a new device)", () => {
    const away = Array.from({ length: 6 }, (_, i) =>
      ev(T0 + 57 * HOUR + i * 600_000, {
        template: "/v1/accounts/{id}",
        actor: USER,
        clientIp: "83.44.10.10",
        country: "ES",
        agent: "python-requests",
      }),
    );
    const [f] = geography(byTime([...homeDays(), ...away]), options());
    expect(f).toMatchObject({
      detector: "new-geography",
      verdict: "suspicious",
      severity: "medium",
      facts: { newAgents: ["python-requests"], newEndpoints: [] },
    });
    expect(f!.explanation).toContain(
      "From there it used a client it never used before (python-requests; before: NorthwindPay).",
    );
  });

  it("is suspicious when the new country reaches endpoints neither the actor nor its peers use", () => {
    const away = [
      ev(T0 + 57 * HOUR, { template: "/v1/accounts/{id}", actor: USER, clientIp: "83.44.10.10", country: "ES" }),
      ev(T0 + 57 * HOUR + 60_000, {
        template: "/v1/payouts",
        method: "POST",
        actor: USER,
        clientIp: "83.44.10.10",
        country: "ES",
      }),
    ];
    const [f] = geography(byTime([...homeDays(), ...away]), options());
    expect(f).toMatchObject({
      verdict: "suspicious",
      severity: "medium",
      facts: { newEndpoints: ["POST api.example/v1/payouts"] },
    });
  });

  it("explains a server that moved within its country and kept its behaviour; not when it also bursts", async () => {
    const moved = Array.from({ length: 12 }, (_, i) =>
      ev(T0 + 48 * HOUR + i * 300_000, {
        template: "/v2/charges",
        method: "POST",
        actor: KEY,
        clientIp: "51.140.99.20",
        country: "GB",
      }),
    );
    const [f, ...rest] = geography([...partnerDays(), ...moved], options());
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      detector: "new-geography",
      verdict: "benign-explained",
      facts: { kind: "network", place: "51.140.99.0/24", from: "51.140.10.0/24" },
    });
    expect(f!.explanation).toContain("in the same country (United Kingdom)");
    expect(f!.explanation).toContain(
      "most likely it moved to a new address in the same country and kept its behaviour",
    );

    // The same move with a burst of 400 calls in its first hour: the volume finding keeps it from being explained away.
    const burst = Array.from({ length: 400 }, (_, i) =>
      ev(T0 + 48 * HOUR + i * 8_000, {
        template: "/v2/charges",
        method: "POST",
        actor: KEY,
        clientIp: "51.140.99.20",
        country: "GB",
      }),
    );
    const history = {
      firstSeen: T0,
      hours: new Map(Array.from({ length: 48 }, (_, h) => [T0 / HOUR + h, 12] as [number, number])),
    };
    const geo = (await detect([...partnerDays(), ...burst], options({ actorHistory: () => history }))).filter(
      (x) => x.detector === "new-geography",
    );
    expect(geo).toHaveLength(1);
    expect(geo[0]).toMatchObject({ verdict: "suspicious", severity: "medium" });
    expect(geo[0]!.explanation).toMatch(/But at the same time: api_key:k1 called \d+× its usual volume\.$/);
  });

  it("leaves people's networks and young actors alone", () => {
    // A phone changes networks every day: people are judged on countries only.
    const phone = homeDays().map((e, i) => ({ ...e, clientIp: `81.2.${i % 40}.11` }));
    expect(geography(phone, options())).toEqual([]);
    // A key seen for an hour has no usual place yet.
    const young = [
      ...partnerDays().slice(0, 12),
      ev(T0 + 3_600_000, {
        template: "/v2/charges",
        method: "POST",
        actor: KEY,
        clientIp: "51.140.99.20",
        country: "GB",
      }),
    ];
    expect(geography(young, options())).toEqual([]);
  });
});
