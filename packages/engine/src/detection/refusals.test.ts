// Refusals on generated series: a revoked key still tried, against its peers'
// refusals per hour; quiet on a few refusals, and on a busy actor refused now
// and then.
import { describe, expect, it } from "vitest";
import { Baselines } from "./baselines";
import { refusals } from "./detectors/refusals";
import { ev, HOUR, T0 } from "./test-events";
import type { DetectionEvent } from "./types";

/** 40 partner keys charging through a day, refused once in a while (a typo in a request). */
function day(): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let h = 0; h < 24; h++)
    for (let k = 0; k < 40; k++)
      for (let i = 0; i < 5; i++)
        out.push(
          ev(T0 + h * HOUR + k * 10_000 + i, {
            host: "partners.example",
            template: "/v2/charges",
            method: "POST",
            actor: `api_key:k${k}`,
            status: (h + k + i) % 97 === 0 ? 403 : 201,
          }),
        );
  return out;
}
const byTime = (events: DetectionEvent[]) => events.sort((a, b) => a.ts - b.ts);

describe("refusals", () => {
  it("flags a key refused again and again, against its peer group's refusals per hour", () => {
    const revoked = Array.from({ length: 60 }, (_, i) =>
      ev(T0 + 30 * HOUR + i * 50_000, {
        host: "partners.example",
        template: "/v2/refunds",
        method: "POST",
        actor: "api_key:old",
        status: 401,
      }),
    );
    const findings = refusals(byTime([...day(), ...revoked]), { label: (a) => a.replace("api_key:", "API key ") });
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      detector: "refusals",
      actor: "api_key:old",
      verdict: "suspicious",
      severity: "medium",
      facts: { refused: 60, calls: 60, group: "api_key@partners.example" },
    });
    expect(f.explanation).toMatch(
      /^API key old was refused \(401\/403\) 60 times in the hour from 06:00 UTC, 100% of its 60 calls \(POST partners\.example\/v2\/refunds × 60\); API keys of partners\.example are usually refused 0 times an hour \([\d,]+ actor-hours\)\./,
    );
    expect(f.evidence).toHaveLength(50);
  });

  it("stays quiet on a few refusals, on a busy key refused now and then, and on anonymous callers", () => {
    const few = Array.from({ length: 8 }, (_, i) =>
      ev(T0 + 30 * HOUR + i * 60_000, {
        host: "partners.example",
        template: "/v2/charges",
        method: "POST",
        actor: "api_key:k1",
        status: 401,
      }),
    );
    const busy = Array.from({ length: 300 }, (_, i) =>
      ev(T0 + 31 * HOUR + i * 10_000, {
        host: "partners.example",
        template: "/v2/charges",
        method: "POST",
        actor: "api_key:k2",
        status: i % 20 === 0 ? 403 : 201,
      }),
    );
    const anonymous = Array.from({ length: 60 }, (_, i) =>
      ev(T0 + 32 * HOUR + i * 50_000, {
        host: "partners.example",
        template: "/v2/charges",
        method: "POST",
        actor: null,
        clientIp: "45.1.1.1",
        status: 401,
      }),
    );
    expect(refusals(byTime([...day(), ...few, ...busy, ...anonymous]))).toEqual([]);
  });

  it("keeps its norm per peer group across batches, not learning the burst", () => {
    const baselines = new Baselines();
    refusals(day(), { baselines });
    const later = new Baselines(baselines.changes());
    const revoked = Array.from({ length: 20 }, (_, i) =>
      ev(T0 + 30 * HOUR + i * 60_000, {
        host: "partners.example",
        template: "/v2/refunds",
        method: "POST",
        actor: "api_key:old",
        status: 401,
      }),
    );
    // Alone, one actor-hour of 20 refusals would be its own norm; against the stored one it is far.
    expect(refusals(revoked)).toEqual([]);
    expect(refusals(revoked, { baselines: later })).toHaveLength(1);
    expect(later.changes()[0]!.counts).toEqual(baselines.changes()[0]!.counts);
  });
});
