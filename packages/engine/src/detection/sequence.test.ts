// The call-sequence model on generated series: app users pay through the
// app's flow (read a card, pay, read the payment) between reads of their
// account; a script paying over and over without the flow is flagged, a
// heavy but ordinary payer and a user with a few odd steps are not.
import { describe, expect, it } from "vitest";
import { Baselines } from "./baselines";
import { sequence } from "./detectors/sequence";
import { ev, HOUR, T0 } from "./test-events";
import type { DetectionEvent } from "./types";

const account = (at: number, actor: string) =>
  ev(at, { template: "/v1/accounts/{accountId}", actor }, "/v1/accounts/1");
const card = (at: number, actor: string) => ev(at, { template: "/v1/cards/{cardId}", actor }, "/v1/cards/7");
const pay = (at: number, actor: string, status = 201) =>
  ev(at, { template: "/v1/payments", method: "POST", actor, status });
const receipt = (at: number, actor: string) =>
  ev(at, { template: "/v1/payments/{paymentId}", actor }, "/v1/payments/pay_1");
/** One payment the way the app makes it: the card picker, the payment, the confirmation screen. */
const flow = (at: number, actor: string) => [card(at, actor), pay(at + 5_000, actor), receipt(at + 7_000, actor)];

/** 60 users over two days: sessions that read the account, pay now and then through the flow, read the account again. */
function traffic(days = 2): DetectionEvent[] {
  const out: DetectionEvent[] = [];
  for (let h = 0; h < 24 * days; h++) {
    for (let u = 0; u < 60; u++) {
      if ((h * 7 + u) % 5) continue;
      const actor = `jwt_sub:u${u}`;
      const at = T0 + h * HOUR + u * 30_000;
      out.push(account(at, actor));
      if ((h + u) % 2 === 0) out.push(...flow(at + 60_000, actor));
      out.push(account(at + 120_000, actor));
    }
  }
  return out;
}
const byTime = (events: DetectionEvent[]) => events.sort((a, b) => a.ts - b.ts);

describe("call sequence", () => {
  it("flags a script calling the payment endpoint over and over without the app's flow, naming the step and its share", () => {
    const script = Array.from({ length: 40 }, (_, i) =>
      pay(T0 + 30 * HOUR + 600_000 + i * 60_000, "jwt_sub:carder", i % 4 ? 402 : 201),
    );
    const findings = sequence(byTime([...traffic(), ...script]));
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      detector: "sequence",
      actor: "jwt_sub:carder",
      verdict: "suspicious",
      severity: "high",
      facts: { steps: 39, unusual: 39, failed: 30 },
    });
    expect(f.endpoint).toEqual({ host: "api.example", method: "POST", template: "/v1/payments" });
    expect(f.explanation).toMatch(
      /39 of its 39 steps from one call to the next are ones signed-in users of api\.example take less than 1% of the time: POST \/v1\/payments → POST \/v1\/payments × 39 \(never in [\d,]+ calls after POST \/v1\/payments\)/,
    );
    expect(f.explanation).toContain("30 of its 40 calls failed");
    // What its peers do instead: after paying, they read the payment.
    expect(f.explanation).toContain("After POST /v1/payments they usually call GET /v1/payments/{paymentId} (100%).");
    expect(f.facts.top).toEqual([
      {
        from: "POST api.example/v1/payments",
        to: "POST api.example/v1/payments",
        times: 39,
        share: 0,
        usual: [{ to: "GET api.example/v1/payments/{paymentId}", share: 1 }],
      },
    ]);
    const scriptLines = new Set(script.map((e) => e.ref.line));
    expect(f.evidence.length).toBe(39);
    expect(f.evidence.every((r) => scriptLines.has(r.line))).toBe(true);
  });

  it("stays quiet on a heavy payer who follows the flow, on a few odd steps, and on a group without enough history", () => {
    // Thirty payments in an hour, each through the app: ten times the usual volume, in the usual order.
    const heavy = Array.from({ length: 30 }, (_, i) => flow(T0 + 30 * HOUR + i * 100_000, "jwt_sub:shopper")).flat();
    // Six payments straight after another: odd, but a quirk.
    const quirk = Array.from({ length: 7 }, (_, i) => pay(T0 + 31 * HOUR + i * 60_000, "jwt_sub:quirky"));
    expect(sequence(byTime([...traffic(), ...heavy, ...quirk]))).toEqual([]);
    // A workspace's first hour: too few calls after each endpoint to know what follows it.
    const script = Array.from({ length: 40 }, (_, i) => pay(T0 + 600_000 + i * 60_000, "jwt_sub:carder", 402));
    expect(sequence(byTime([...traffic(1).filter((e) => e.ts < T0 + HOUR), ...script]))).toEqual([]);
  });

  it("judges a later batch against the stored model, and does not learn the script's steps", () => {
    const baselines = new Baselines();
    expect(sequence(traffic(), { baselines })).toEqual([]);
    const stored = baselines.changes();
    const next = stored.find(
      (b) => b.measure === "next call of jwt_sub@api.example" && b.subject === "POST api.example/v1/payments",
    )!;
    expect(Object.keys(next.counts)).toEqual(["GET api.example/v1/payments/{paymentId}"]);
    // The script alone, a day later: judged against the stored model only.
    const script = Array.from({ length: 40 }, (_, i) => pay(T0 + 50 * HOUR + i * 60_000, "jwt_sub:carder", 402));
    const later = new Baselines(stored);
    expect(sequence(script, { baselines: later })).toHaveLength(1);
    // Every step it made was flagged, so nothing is learnt after the payment endpoint; the hour's count of unusual steps is not learnt either.
    expect(later.changes().map((b) => b.measure)).toEqual(["unusual steps per actor-hour of jwt_sub@api.example"]);
    expect(later.changes()[0]!.counts).toEqual(
      stored.find((b) => b.measure === "unusual steps per actor-hour of jwt_sub@api.example")!.counts,
    );
  });
});
