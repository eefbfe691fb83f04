// Credential stuffing and brute force: an hour in which a sign-in endpoint
// fails far more often than it does in its other hours, and who it came
// from (many addresses mostly never seen before: a botnet; one: a brute
// force). Sign-ins that succeeded from the failing addresses in that hour
// are listed as likely compromised.
import { describeNorm, excess, isFar } from "../robust";
import { Baselines } from "../baselines";
import type { EventRef } from "../actors";
import {
  MAX_ALERT_ADDRESSES,
  MAX_EVIDENCE,
  type DetectOptions,
  type DetectionEvent,
  type Finding,
  type SignIn,
} from "../types";
import { HourlyGroups, hourOf } from "../windows";
import { isSignIn } from "../../route-words";

const FAILED = (s: number | null) => s === 401 || s === 403;

/** `evidence`: the failed sign-ins, those from addresses never seen before first (the attack's own). */
type Hour = {
  failures: number;
  successes: number;
  failingIps: Set<string>;
  succeededIps: Set<string>;
  /** The successful sign-ins, by address (the first few of each): those from attacking addresses are named on the alert. */
  signIns: Map<string, SignIn[]>;
  evidence: EventRef[];
  knownEvidence: EventRef[];
};
const SIGN_INS_PER_ADDRESS = 5;
const MAX_SIGN_INS = 50;

export function credentialStuffing(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const baselines = options.baselines ?? new Baselines();
  const hours = new HourlyGroups<Hour>(() => ({
    failures: 0,
    successes: 0,
    failingIps: new Set(),
    succeededIps: new Set(),
    signIns: new Map(),
    evidence: [],
    knownEvidence: [],
  }));
  const endpoints = new Map<string, { host: string; method: string; template: string }>();
  for (const e of events) {
    if (!isSignIn(e)) continue;
    const ep = e.endpoint;
    const h = hours.add(ep, e);
    if (!endpoints.has(ep)) endpoints.set(ep, { host: e.host, method: e.method, template: e.template });
    if (FAILED(e.status)) {
      h.failures++;
      if (e.clientIp) h.failingIps.add(e.clientIp);
      const known = e.clientIp !== null && options.knownIps?.(e.clientIp) === true;
      const into = known ? h.knownEvidence : h.evidence;
      if (into.length < MAX_EVIDENCE) into.push(e.ref);
    } else if (e.status !== null && e.status < 300) {
      h.successes++;
      if (e.clientIp) {
        h.succeededIps.add(e.clientIp);
        const mine = h.signIns.get(e.clientIp) ?? [];
        h.signIns.set(e.clientIp, mine);
        if (mine.length < SIGN_INS_PER_ADDRESS) mine.push({ ref: e.ref, ip: e.clientIp, ts: e.ts });
      }
    }
  }
  const findings: Finding[] = [];
  for (const [ep, endpoint] of endpoints) {
    const windows = [...hours.of(ep)];
    const norm = baselines.norm(
      "failed sign-ins per hour",
      ep,
      windows.map((w) => w.data.failures),
      windows.map((w) => w.first),
    );
    for (const w of windows) {
      const h = w.data;
      // Far more failures than usual, and most sign-ins failing: a busy morning fails more too, but in proportion.
      if (!isFar(h.failures, norm) || h.failures < h.successes) continue;
      const ips = h.failingIps.size;
      const unknown = options.knownIps ? [...h.failingIps].filter((ip) => !options.knownIps!(ip)).length : ips;
      const compromised = [...h.succeededIps].filter(
        (ip) => h.failingIps.has(ip) || (options.knownIps ? !options.knownIps(ip) : false),
      );
      const spread = ips >= 10;
      const failureShare = h.failures / Math.max(1, h.failures + h.successes);
      const minutes = Math.max(1, Math.round((w.last - w.first) / 60_000));
      findings.push({
        detector: "credential-stuffing",
        campaign: `credential-stuffing:${ep}:${hourOf(w.first)}`,
        actor: spread ? null : [...h.failingIps][0] ? `ip:${[...h.failingIps][0]}` : null,
        endpoint: { host: endpoint.host, method: endpoint.method, template: endpoint.template },
        from: w.first,
        to: w.last,
        severity: compromised.length > 0 ? "critical" : "high",
        confidence: Math.min(0.99, 0.5 + 0.3 * failureShare + 0.2 * (unknown / Math.max(1, ips))),
        verdict: failureShare >= 0.8 ? "attack" : "suspicious",
        title: spread
          ? `Credential stuffing on ${ep} from ${ips.toLocaleString("en")} addresses`
          : `Brute force on ${ep} from one address`,
        explanation:
          `${h.failures.toLocaleString("en")} failed sign-ins on ${ep} in ${minutes} min from ${ips.toLocaleString("en")} address${ips === 1 ? "" : "es"}` +
          `${options.knownIps ? ` (${unknown.toLocaleString("en")} never seen before)` : ""}; its usual is ${describeNorm(norm)} an hour. ` +
          `${Math.round(failureShare * 100)}% of its sign-ins in that hour failed.` +
          (compromised.length
            ? ` ${compromised.length} sign-in${compromised.length === 1 ? "" : "s"} from the attacking addresses succeeded: those accounts are likely compromised.`
            : ""),
        measures: [
          {
            name: "failed sign-ins in an hour",
            value: h.failures,
            typical: norm.typical,
            spread: norm.spread,
            basis: `${norm.n.toLocaleString("en")} hours of this endpoint`,
          },
        ],
        evidence: [...h.evidence, ...h.knownEvidence].slice(0, MAX_EVIDENCE).sort((a, b) => a.line - b.line),
        facts: {
          failures: h.failures,
          successes: h.successes,
          addresses: ips,
          unknownAddresses: unknown,
          compromisedFrom: compromised.slice(0, 50),
          succeededSignIns: compromised.flatMap((ip) => h.signIns.get(ip) ?? []).slice(0, MAX_SIGN_INS),
          excess: excess(h.failures, norm),
        },
        addresses: [...h.failingIps].slice(0, MAX_ALERT_ADDRESSES),
      });
    }
  }
  return findings;
}
