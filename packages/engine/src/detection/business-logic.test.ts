// Business-logic abuse on generated series: a loop of creating and
// cancelling, refunds in bulk; quiet on a batch in the usual proportion and
// on a host too new to have a share.
import { describe, expect, it } from "vitest";
import { Baselines } from "./baselines";
import { businessLogic, operationOf } from "./detectors/business-logic";
import { ev, HOUR, T0 } from "./test-events";
import type { DetectionEvent } from "./types";

const pay = (at: number, actor: string) => ev(at, { template: "/v1/payments", method: "POST", actor, status: 201 });
const cancel = (at: number, actor: string) =>
  ev(at, { template: "/v1/payments/{paymentId}", method: "DELETE", actor, status: 204 }, `/v1/payments/pay_${at}`);

/** 40 users paying a few times a day for a day; one payment in twenty cancelled a minute later. */
function day(): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  let n = 0;
  for (let h = 0; h < 24; h++) {
    for (let u = 0; u < 40; u++) {
      if ((h + u) % 6) continue;
      const at = T0 + h * HOUR + u * 60_000;
      out.push(pay(at, `jwt_sub:u${u}`));
      if (++n % 20 === 0) out.push(cancel(at + 60_000, `jwt_sub:u${u}`));
    }
  }
  return out;
}
const byTime = (events: DetectionEvent[]) => events.sort((a, b) => a.ts - b.ts);

describe("what a call does", () => {
  it("tells creations from reversals, and leaves reads, updates and sign-ins alone", () => {
    expect(operationOf({ method: "POST", template: "/v1/payments" })).toBe("create");
    expect(operationOf({ method: "DELETE", template: "/v1/payments/{paymentId}" })).toBe("reverse");
    expect(operationOf({ method: "POST", template: "/partner/v2/refunds" })).toBe("reverse");
    expect(operationOf({ method: "POST", template: "/v1/orders/{orderId}/cancel" })).toBe("reverse");
    expect(operationOf({ method: "PATCH", template: "/v1/orders/{orderId}" })).toBeNull();
    expect(operationOf({ method: "GET", template: "/v1/payments" })).toBeNull();
    expect(operationOf({ method: "POST", template: "/v1/auth/login" })).toBeNull();
    expect(operationOf({ method: "DELETE", template: "/v1/sessions" })).toBeNull();
  });
});

describe("business-logic abuse", () => {
  it("flags a loop of creating and cancelling, naming the share against the host's", () => {
    const loop = Array.from({ length: 30 }, (_, i) => [
      pay(T0 + 30 * HOUR + i * 100_000, "jwt_sub:mallory"),
      cancel(T0 + 30 * HOUR + i * 100_000 + 20_000, "jwt_sub:mallory"),
    ]).flat();
    const findings = businessLogic(byTime([...day(), ...loop]));
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      detector: "business-logic",
      actor: "jwt_sub:mallory",
      verdict: "suspicious",
      severity: "medium",
      facts: { reversals: 30, creations: 30 },
    });
    expect(f.endpoint).toEqual({ host: "api.example", method: "DELETE", template: "/v1/payments/{paymentId}" });
    expect(f.explanation).toMatch(
      /^jwt_sub:mallory made 30 reversals \(DELETE api\.example\/v1\/payments\/\{paymentId\} × 30\) and 30 creations in the hour from 06:00 UTC: 50% of its state-changing calls undid something; on api\.example the share is [\d.]+% over [\d,]+ other state-changing calls\./,
    );
    const loopLines = new Set(loop.filter((e) => e.method === "DELETE").map((e) => e.ref.line));
    expect(f.evidence.every((r) => loopLines.has(r.line))).toBe(true);
  });

  it("judges the address that made an hour's refunds on its own calls, when the key's owner kept charging from its own", () => {
    const charge = (at: number, ip: string) =>
      ev(at, { template: "/v1/charges", method: "POST", actor: "api_key:partner", clientIp: ip, status: 201 });
    const refund = (at: number, ip: string) =>
      ev(
        at,
        {
          template: "/v1/charges/{chargeId}/refund",
          method: "POST",
          actor: "api_key:partner",
          clientIp: ip,
          status: 200,
        },
        `/v1/charges/ch_${at}/refund`,
      );
    // The owner: 200 charges in the hour from its usual address. Someone else: 25 refunds from another.
    const owner = Array.from({ length: 200 }, (_, i) => charge(T0 + 30 * HOUR + i * 15_000, "198.51.100.7"));
    const thief = Array.from({ length: 25 }, (_, i) => refund(T0 + 30 * HOUR + 600_000 + i * 60_000, "203.0.113.66"));
    const findings = businessLogic(byTime([...day(), ...owner, ...thief]));
    expect(findings).toHaveLength(1);
    // 25 of 225 state-changing calls (11%) is not ten times the host's 5%; 25 of the address's 25 is.
    expect(findings[0]).toMatchObject({
      actor: "api_key:partner",
      facts: { reversals: 25, creations: 200, share: 1, address: "203.0.113.66" },
    });
    expect(findings[0]!.explanation).toContain(
      "100% of its state-changing calls from 203.0.113.66 undid something (25 reversals and 0 creations from there, 200 creations from its other addresses",
    );
    expect(new Set(findings[0]!.evidence.map((r) => r.line))).toEqual(new Set(thief.map((e) => e.ref.line)));
    // The same refunds spread over the owner's own address are the owner's business: 11% is within what the hour can hold.
    const mixed = Array.from({ length: 25 }, (_, i) => refund(T0 + 30 * HOUR + 600_000 + i * 60_000, "198.51.100.7"));
    expect(businessLogic(byTime([...day(), ...owner, ...mixed]))).toEqual([]);
    // From a network the key used before (its own refund server): its business too.
    const refundServer = { place: "203.0.113.0/24", firstSeen: T0 - 24 * HOUR, lastSeen: T0 - HOUR, calls: 300 };
    const places = () => ({ countries: [], networks: [refundServer], agents: [] });
    expect(businessLogic(byTime([...day(), ...owner, ...thief]), { places })).toEqual([]);
  });

  it("stays quiet on a batch in the usual proportion, on a few cancellations, and on a host without enough history", () => {
    // A settlement batch: ten times the usual calls, one cancellation in twenty as always.
    const batch = Array.from({ length: 400 }, (_, i) =>
      (i % 20 === 19 ? cancel : pay)(T0 + 30 * HOUR + i * 5_000, "api_key:partner"),
    );
    expect(businessLogic(byTime([...day(), ...batch]))).toEqual([]);
    // Nine cancellations in an hour are not a burst; thirty refused ones undid nothing.
    const few = Array.from({ length: 9 }, (_, i) => cancel(T0 + 30 * HOUR + i * 60_000, "jwt_sub:bob"));
    const refused = Array.from({ length: 30 }, (_, i) => ({
      ...cancel(T0 + 31 * HOUR + i * 60_000, "jwt_sub:eve"),
      status: 401,
    }));
    expect(businessLogic(byTime([...day(), ...few, ...refused]))).toEqual([]);
    // A new host: 30 cancellations and nothing to compare them with.
    const fresh = Array.from({ length: 30 }, (_, i) => cancel(T0 + i * 60_000, "jwt_sub:mallory"));
    expect(businessLogic(fresh)).toEqual([]);
  });

  it("judges a later batch against the stored share, and does not learn the burst", () => {
    const baselines = new Baselines();
    expect(businessLogic(day(), { baselines })).toEqual([]);
    const [stored] = baselines.changes();
    expect(stored).toMatchObject({ measure: "reversal share on api.example", subject: "*" });
    const burst = Array.from({ length: 25 }, (_, i) =>
      ev(T0 + 30 * HOUR + i * 60_000, {
        template: "/partner/v2/refunds",
        method: "POST",
        actor: "api_key:stolen",
        status: 201,
      }),
    );
    const later = new Baselines(baselines.changes());
    expect(businessLogic(burst, { baselines: later })).toHaveLength(1);
    // The refunds were not learnt: the host's share is what it was.
    expect(later.changes()[0]!.counts).toEqual(stored!.counts);
  });
});
