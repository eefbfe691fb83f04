// Posture checks on rate: a caller far above one call a second for a whole
// minute with never a 429 means nothing limits it (API4), and bursts of
// refused sign-ins with never a 429 mean guessing passwords is only a matter
// of time (API2). Both read the per-caller, per-minute bursts discovery keeps
// (endpoint-stats.ts); a 429 anywhere on the endpoint says a limit exists.
import { DENIED_MINUTE, HEAVY_MINUTE } from "../discovery/endpoint-stats";
import { ACCOUNT_ROUTE } from "../route-words";
import { type Check, count, label, PUBLIC } from "./check-kit";

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export const noRateLimit: Check = (e, s) => {
  const b = e.stats.bursts;
  if (!b?.calls || b.heavyMinutes === 0 || (e.stats.codes?.["429"] ?? 0) > 0) return null;
  const sensitive = ACCOUNT_ROUTE.test(e.template) || s.unauthenticated;
  return {
    check: "no-rate-limit",
    evidence: b.heavyMinutes,
    owasp: "API4",
    severity: sensitive && PUBLIC(s) ? "high" : "medium",
    confidence: "inferred",
    title: "No rate limiting observed",
    detail:
      `${label(e)} answered ${count(b.calls.calls)} calls from one caller (${b.calls.actor}) in the minute from ${when(b.calls.at)} UTC, ` +
      `and ${count(b.heavyMinutes)} caller-minutes of ${HEAVY_MINUTE} calls or more in all, yet never answered 429 Too Many Requests` +
      `${sensitive ? `; it ${s.unauthenticated ? "answers without credentials" : "signs people in"}, where limits matter most` : ""}.`,
    fix: "Limit requests per caller (API key, user or address) at the gateway, answer 429 with Retry-After beyond it, and set a tighter limit on sign-in and unauthenticated routes.",
    facts: { busiestMinute: b.calls.calls, caller: b.calls.actor, heavyMinutes: b.heavyMinutes },
  };
};

export const bruteForce: Check = (e) => {
  const b = e.stats.bursts;
  if (!ACCOUNT_ROUTE.test(e.template) || !b?.denied || b.deniedMinutes === 0) return null;
  if ((e.stats.codes?.["429"] ?? 0) > 0) return null;
  return {
    check: "brute-force",
    evidence: b.deniedMinutes,
    owasp: "API2",
    severity: "high",
    confidence: "observed",
    title: "Sign-in open to brute force",
    detail:
      `${label(e)} refused ${count(b.denied.calls)} attempts from one caller (${b.denied.actor}) in the minute from ${when(b.denied.at)} UTC, ` +
      `and ${count(b.deniedMinutes)} caller-minutes had ${DENIED_MINUTE} refusals or more, yet it never answered 429 or locked anyone out: ` +
      "nothing stops guessing passwords or tokens.",
    fix: "Rate-limit failed sign-ins per account and per address (429 with Retry-After), add a growing delay or temporary lockout after repeated failures, and require MFA or a CAPTCHA after a few.",
    facts: { refusedInOneMinute: b.denied.calls, caller: b.denied.actor, minutesWithRefusals: b.deniedMinutes },
  };
};
