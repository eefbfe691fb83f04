// New client on generated series: app users calling with the app (some from a
// browser); one of them replayed by a script is flagged, a user moving to the
// browser its peers use, a new account and a small group are not.
import { describe, expect, it } from "vitest";
import { Baselines } from "./baselines";
import { newClient } from "./detectors/new-client";
import type { ActorPlaces } from "./detectors/geography";
import { ev, HOUR, T0 } from "./test-events";
import type { DetectionEvent } from "./types";

const call = (at: number, actor: string, agent: string, template = "/v1/accounts/{accountId}/transactions") =>
  ev(at, { template, actor, agent, clientIp: "81.2.69.10", country: "GB" }, template.replace("{accountId}", "1"));

/** 60 users over two days, a few calls an hour in the daytime: one in six from a browser, the rest with the app. */
function traffic(): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let h = 0; h < 48; h++) {
    if (h % 24 < 8) continue;
    for (let u = 0; u < 60; u++)
      out.push(call(T0 + h * HOUR + u * 20_000, `jwt_sub:u${u}`, u % 6 === 0 ? "Chrome on Windows" : "NorthwindPay"));
  }
  return out;
}
const byTime = (events: DetectionEvent[]) => events.sort((a, b) => a.ts - b.ts);
const later = (n: number, actor: string, agent: string, from = 50) =>
  Array.from({ length: n }, (_, i) => call(T0 + from * HOUR + i * 60_000, actor, agent));

describe("new client", () => {
  it("flags an established user's token driven by a client none of its peers use", () => {
    const findings = newClient(byTime([...traffic(), ...later(15, "jwt_sub:u5", "python-requests")]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      detector: "new-client",
      actor: "jwt_sub:u5",
      verdict: "suspicious",
      facts: { client: "python-requests", known: ["NorthwindPay"], calls: 15, peersUsing: 0, peers: 60 },
    });
    expect(findings[0]!.explanation).toMatch(
      /^jwt_sub:u5 made 15 calls with python-requests \(81\.2\.69\.10\) from 02:00 UTC to 02:14 UTC: GET api\.example\/v1\/accounts\/\{accountId\}\/transactions × 15\. Before, over 32 calls in 2 days, it only used NorthwindPay\. None of the other 59 signed-in users of api\.example have used python-requests\./,
    );
    expect(findings[0]!.evidence).toHaveLength(15);
  });

  it("stays quiet on a client its peers use, on a new account, and in a group too small to know", () => {
    // u7 opens the web app: one peer in six uses that browser.
    expect(newClient(byTime([...traffic(), ...later(15, "jwt_sub:u7", "Chrome on Windows")]))).toEqual([]);
    // A new account scripted from its first call has no client of its own to depart from.
    expect(newClient(byTime([...traffic(), ...later(30, "jwt_sub:fresh", "python-requests")]))).toEqual([]);
    // Ten partner keys: one moving to another HTTP library is nothing a group of ten can call odd.
    const partners = traffic()
      .filter((e) => Number(e.actor!.slice(9)) < 10)
      .map((e) => ({ ...e, actor: e.actor!.replace("jwt_sub:", "api_key:") }));
    expect(newClient(byTime([...partners, ...later(15, "api_key:u5", "Go-http-client")]))).toEqual([]);
  });

  it("judges a later batch against the actor's stored clients and its group's, and learns neither from the flagged one", () => {
    const baselines = new Baselines();
    expect(newClient(traffic(), { baselines })).toEqual([]);
    const stored = baselines.changes();
    expect(stored).toEqual([
      {
        measure: "clients of jwt_sub@api.example",
        subject: "*",
        counts: { NorthwindPay: 50, "Chrome on Windows": 10 },
        n: 60,
      },
    ]);
    const places = (actor: string): ActorPlaces => ({
      countries: [{ place: "GB", firstSeen: T0 + 8 * HOUR, lastSeen: T0 + 47 * HOUR, calls: 32 }],
      networks: [],
      agents: [
        {
          place: actor === "jwt_sub:u0" ? "Chrome on Windows" : "NorthwindPay",
          firstSeen: T0 + 8 * HOUR,
          lastSeen: T0 + 47 * HOUR,
          calls: 32,
        },
      ],
    });
    const peerUse = {
      usedBefore: () => new Set<string>(),
      groupOf: () => "jwt_sub@api.example",
      peers: () => 60,
      callers: () => 0,
      actorSince: () => T0,
      endpointSince: () => T0,
      workspaceSince: T0,
    };
    const next = new Baselines(stored);
    const script = later(15, "jwt_sub:u5", "python-requests");
    expect(newClient(script, { baselines: next, places, peerUse })).toHaveLength(1);
    expect(next.changes()).toEqual([]);
    // u11 starts using the browser: ordinary, and counted.
    expect(newClient(later(5, "jwt_sub:u11", "Chrome on Windows", 60), { baselines: next, places, peerUse })).toEqual(
      [],
    );
    expect(next.changes()[0]!.counts).toEqual({ NorthwindPay: 50, "Chrome on Windows": 11 });
  });
});
