import { describe, expect, it } from "vitest";
import { judgeEndpoint } from "./checks";
import { riskOf } from "./risk";
import { postureScore, scoreDeductions } from "./score";
import { call, endpoint, KEY, times } from "./test-facts";

const none = { findings: [], openAlerts: 0 };

describe("an endpoint's risk score", () => {
  it("is 10 for payment data served to anyone on the internet with a critical finding", () => {
    const cards = endpoint({
      template: "/v1/cards/{cardId}",
      calls: times(20, () => call({ identities: [], sensitive: ["card:response_body"] })),
    });
    const risk = riskOf(cards, { findings: judgeEndpoint(cards).map((f) => f.severity), openAlerts: 0 });
    expect(risk.score).toBe(10);
    expect(risk.factors.map((f) => f.detail)).toEqual(
      expect.arrayContaining([
        "Called from the internet",
        "Answers 2xx to calls without credentials",
        "Answers carry payment card numbers",
      ]),
    );
  });

  it("stays under 1 for an internal, authenticated endpoint with no sensitive data", () => {
    const internal = endpoint({ calls: times(20, () => call({ clientIp: "10.0.0.7", identities: KEY })) });
    expect(riskOf(internal, none).score).toBeLessThan(1);
  });

  it("goes up with open alerts and open findings, never past 10", () => {
    const e = endpoint({ calls: times(20, () => call({ sensitive: ["email:response_body"] })) });
    const quiet = riskOf(e, none).score;
    const alerted = riskOf(e, { findings: [], openAlerts: 2 }).score;
    const worse = riskOf(e, { findings: ["critical", "low"], openAlerts: 2 });
    expect(alerted).toBeGreaterThan(quiet);
    expect(worse.score).toBeGreaterThan(alerted);
    expect(worse.score).toBeLessThanOrEqual(10);
    expect(worse.factors.map((f) => f.detail)).toContain("2 open findings, the worst critical");
  });

  it("counts a sign-in route as much to lose as an admin route", () => {
    const login = endpoint({ method: "POST", template: "/v1/auth/login", calls: times(20, () => call()) });
    expect(riskOf(login, none).impact).toBe(0.8);
  });

  it("counts a write or an admin route as more to lose than a read", () => {
    const read = endpoint({ calls: times(20, () => call()) });
    const write = endpoint({ method: "DELETE", calls: times(20, () => call()) });
    const admin = endpoint({ template: "/admin/users", calls: times(20, () => call()) });
    expect(riskOf(write, none).impact).toBeGreaterThan(riskOf(read, none).impact);
    expect(riskOf(admin, none).impact).toBeGreaterThan(riskOf(write, none).impact);
  });
});

describe("the posture score", () => {
  const zero = { critical: 0, high: 0, medium: 0, low: 0 };

  it("is 100 without open findings and never below 0", () => {
    expect(postureScore(zero)).toBe(100);
    expect(postureScore({ critical: 500, high: 500, medium: 500, low: 500 })).toBe(0);
  });

  it("takes more for one critical than for many low findings, each further finding less than the one before", () => {
    expect(postureScore({ ...zero, critical: 1 })).toBe(75);
    expect(postureScore({ ...zero, low: 100 })).toBe(90);
    const first = 100 - postureScore({ ...zero, high: 1 });
    const second = postureScore({ ...zero, high: 1 }) - postureScore({ ...zero, high: 2 });
    expect(second).toBeLessThan(first);
  });

  it("explains itself: the deductions add up to what the score lost", () => {
    const open = { critical: 1, high: 3, medium: 4, low: 9 };
    const d = scoreDeductions(open);
    expect(Math.abs(100 - postureScore(open) - (d.critical + d.high + d.medium + d.low))).toBeLessThanOrEqual(1);
  });
});
