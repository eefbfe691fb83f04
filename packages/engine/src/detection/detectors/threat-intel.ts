// Threat intelligence: requests from addresses on a list the workspace
// imported (Settings → threat intelligence). A signed-in user or a key
// calling from a listed address is the stronger signal (a credential in the
// wrong hands); anonymous calls from one are worth a look. One alert per
// actor, naming the lists and addresses.
import { MAX_EVIDENCE, type DetectOptions, type DetectionEvent, type Finding } from "../types";
import type { EventRef } from "../actors";

type Hit = {
  actor: string;
  first: number;
  last: number;
  calls: number;
  answered: number;
  lists: Set<string>;
  ips: Set<string>;
  refs: EventRef[];
};

export function threatIntel(events: DetectionEvent[], options: DetectOptions = {}): Finding[] {
  const lists = options.ipLists;
  if (!lists || lists.size === 0) return [];
  const label = options.label ?? String;
  const hits = new Map<string, Hit>();
  const listed = new Map<string, string | null>();
  for (const e of events) {
    if (!e.clientIp) continue;
    let list = listed.get(e.clientIp);
    if (list === undefined) listed.set(e.clientIp, (list = lists.listOf(e.clientIp)));
    if (!list) continue;
    const actor = e.actor ?? `ip:${e.clientIp}`;
    let h = hits.get(actor);
    if (!h)
      hits.set(
        actor,
        (h = { actor, first: e.ts, last: e.ts, calls: 0, answered: 0, lists: new Set(), ips: new Set(), refs: [] }),
      );
    h.calls++;
    h.last = e.ts;
    if (e.status !== null && e.status < 400) h.answered++;
    h.lists.add(list);
    if (h.ips.size < 10) h.ips.add(e.clientIp);
    if (h.refs.length < MAX_EVIDENCE) h.refs.push(e.ref);
  }
  return [...hits.values()].map((h) => {
    const identified = !h.actor.startsWith("ip:");
    const names = [...h.lists].map((n) => `"${n}"`).join(", ");
    return {
      detector: "threat-intel" as const,
      campaign: `threat-intel:${h.actor}`,
      actor: h.actor,
      endpoint: null,
      from: h.first,
      to: h.last,
      severity: identified ? ("high" as const) : ("medium" as const),
      confidence: identified ? 0.8 : 0.6,
      verdict: "suspicious" as const,
      title: `${label(h.actor)} called from an address on ${names}`,
      explanation:
        `${label(h.actor)} made ${h.calls.toLocaleString("en")} call${h.calls === 1 ? "" : "s"} (${h.answered.toLocaleString("en")} answered) from ${[...h.ips].join(", ")}${h.ips.size === 10 ? ", …" : ""}, ` +
        `listed in ${names}.` +
        (identified ? " A credential used from a listed address may be in the wrong hands." : ""),
      measures: [],
      evidence: h.refs,
      facts: { lists: [...h.lists], addresses: [...h.ips], calls: h.calls, answered: h.answered },
    };
  });
}
