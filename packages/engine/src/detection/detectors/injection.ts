// Injection attempts: an actor whose requests carry attack payloads in the
// path or query (SQL injection, XSS, path traversal, command injection, JNDI
// lookups, SSRF to internal addresses; payloads/classify.ts, precision 1.0
// on a public labelled set). No baseline is needed: everyday clients do not
// send them. One alert per actor; more severe when a payload was accepted
// (2xx) or broke something (5xx) than when every one was refused.
import { ATTACK_LABEL, type AttackKind, attacksInRequest } from "../../payloads/classify";
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import type { EventRef } from "../actors";

type Attempts = {
  actor: string | null;
  who: string;
  kinds: Map<AttackKind, number>;
  calls: number;
  accepted: number;
  broke: number;
  first: number;
  last: number;
  endpoints: Set<string>;
  refs: EventRef[];
};

export function injection(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const label = options.label ?? String;
  const byActor = new Map<string, Attempts>();
  for (const e of events) {
    // Cheap first: most requests have no query and a plain path.
    const kinds = attacksInRequest(e.path, e.query);
    if (kinds.length === 0) continue;
    const who = e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : "unknown");
    let a = byActor.get(who);
    if (!a) {
      a = {
        actor: e.actor ?? (e.clientIp ? `ip:${e.clientIp}` : null),
        who,
        kinds: new Map(),
        calls: 0,
        accepted: 0,
        broke: 0,
        first: e.ts,
        last: e.ts,
        endpoints: new Set(),
        refs: [],
      };
      byActor.set(who, a);
    }
    a.calls++;
    for (const k of kinds) a.kinds.set(k, (a.kinds.get(k) ?? 0) + 1);
    if (e.status !== null && e.status >= 200 && e.status < 300) a.accepted++;
    if (e.status !== null && e.status >= 500) a.broke++;
    a.first = Math.min(a.first, e.ts);
    a.last = Math.max(a.last, e.ts);
    if (a.endpoints.size < 5) a.endpoints.add(e.endpoint);
    if (a.refs.length < MAX_EVIDENCE) a.refs.push(e.ref);
  }
  return [...byActor.values()].map((a) => toFinding(a, label));
}

function toFinding(a: Attempts, label: (actor: string) => string): Finding {
  const kinds = [...a.kinds].sort((x, y) => y[1] - x[1]);
  const names = kinds.map(([k]) => ATTACK_LABEL[k]).join(", ");
  const severity = a.broke > 0 || a.accepted > 0 ? "high" : a.calls >= 3 ? "medium" : "low";
  const answered =
    a.broke > 0
      ? `${a.broke.toLocaleString("en")} ended in a server error (the input reached code that broke on it)`
      : a.accepted > 0
        ? `${a.accepted.toLocaleString("en")} were answered 2xx`
        : "every one was refused";
  return {
    detector: "injection",
    campaign: `injection:${a.who}`,
    actor: a.actor,
    endpoint: null,
    from: a.first,
    to: a.last,
    severity,
    // One payload is an attempt all the same; several leave no doubt.
    confidence: a.calls >= 3 ? 0.95 : 0.8,
    verdict: "attack",
    title: `Injection attempts: ${names}`,
    explanation:
      `${a.actor ? label(a.actor) : "An unidentified client"} sent ${a.calls === 1 ? "a request" : `${a.calls.toLocaleString("en")} requests`} carrying ${names} ` +
      `in the path or query string, to ${[...a.endpoints].join(", ")}; ${answered}. Everyday clients do not send these: this is someone testing the API for injection flaws.`,
    measures: [],
    evidence: a.refs,
    facts: {
      calls: a.calls,
      kinds: Object.fromEntries(kinds),
      answered2xx: a.accepted,
      answered5xx: a.broke,
      endpoints: [...a.endpoints],
    },
  };
}
