// What a part adds to each actor's stored figures, summed in one pass over
// its events: calls and span, countries, main service, hours, endpoints and
// the objects touched there, places (countries, networks, clients). Each
// actor's parts live in maps of its own, keyed by hour or endpoint label:
// a joined key string per event (actor + hour, actor + endpoint) was seconds
// of building, hashing and collecting strings over a million events.
import type { IdentityKey } from "@lantern/engine/detection/actors";
import { isMachine } from "@lantern/engine/detection/detectors/geography";
import { networkOf } from "@lantern/engine/detection/geo";
import { objectName, storedObjectName } from "@lantern/engine/detection/objects";
import type { DetectionEvent } from "@lantern/engine/detection/types";
import { busiest, hourOf } from "@lantern/engine/detection/windows";
import type { ActorFigures } from "@lantern/db/repositories/actors";
import { PlaceTally } from "./place-tally";

/** Objects kept per actor and endpoint per part: a partner creating thousands of charges a day is not an enumeration to store. */
const MAX_OBJECTS_PER_PAIR = 1_000;
const MAX_COUNTRIES = 20;

export type Span = { calls: number; firstSeen: number; lastSeen: number };
export type HourFigures = { hour: number; calls: number; failures: number; errors: number; bytes: number };
export type PairFigures = Span & { endpoint: string; failures: number; objects: Map<string, Span> };
type ActorTally = {
  figures: ActorFigures;
  byHost: Map<string, number>;
  hours: Map<number, HourFigures>;
  pairs: Map<string, PairFigures>;
};

const refused = (status: number | null) => status === 401 || status === 403;

function widen(span: Span, ts: number): void {
  span.calls++;
  if (ts > span.lastSeen) span.lastSeen = ts;
  if (ts < span.firstSeen) span.firstSeen = ts;
}

export class BatchTally {
  private readonly actors = new Map<IdentityKey, ActorTally>();
  readonly places = new PlaceTally();

  /** `describe`: an actor's label and kind, for a new actor row. */
  constructor(private readonly describe: (key: IdentityKey) => { label: string; kind: string }) {}

  add(e: DetectionEvent): void {
    const { actor, ts, status } = e;
    if (!actor) return;
    let a = this.actors.get(actor);
    if (!a) {
      const figures = {
        key: actor,
        ...this.describe(actor),
        firstSeen: ts,
        lastSeen: ts,
        calls: 0,
        countries: [],
        homeHost: null,
      };
      this.actors.set(actor, (a = { figures, byHost: new Map(), hours: new Map(), pairs: new Map() }));
    }
    const f = a.figures;
    widen(f, ts);
    a.byHost.set(e.host, (a.byHost.get(e.host) ?? 0) + 1);
    if (e.country && f.countries.length < MAX_COUNTRIES && !f.countries.includes(e.country))
      f.countries.push(e.country);
    // Places are judged for identified actors only: an address is its own place.
    if (!actor.startsWith("ip:")) {
      if (e.country) this.places.add(actor, "country", e.country, ts);
      const network = e.clientIp && isMachine(actor) ? networkOf(e.clientIp) : null;
      if (network) this.places.add(actor, "network", network, ts);
      if (e.agent) this.places.add(actor, "agent", e.agent, ts);
    }

    const hour = hourOf(ts);
    let h = a.hours.get(hour);
    if (!h) a.hours.set(hour, (h = { hour, calls: 0, failures: 0, errors: 0, bytes: 0 }));
    h.calls++;
    if (refused(status)) h.failures++;
    if (status !== null && status >= 400) h.errors++;
    h.bytes += e.responseBytes ?? 0;

    let p = a.pairs.get(e.endpoint);
    if (!p)
      a.pairs.set(
        e.endpoint,
        (p = { endpoint: e.endpoint, calls: 0, failures: 0, firstSeen: ts, lastSeen: ts, objects: new Map() }),
      );
    widen(p, ts);
    if (refused(status)) p.failures++;
    if (e.objects.length) {
      const object = storedObjectName(objectName(e.objects));
      const o = p.objects.get(object);
      if (o) widen(o, ts);
      else if (p.objects.size < MAX_OBJECTS_PER_PAIR) p.objects.set(object, { calls: 1, firstSeen: ts, lastSeen: ts });
    }
  }

  /** Each actor's figures, its main service being the host most of its calls went to. */
  figures(): ActorFigures[] {
    return [...this.actors.values()].map((a) => ({ ...a.figures, homeHost: busiest(a.byHost) }));
  }

  *hours(): Generator<HourFigures & { key: IdentityKey }> {
    for (const [key, a] of this.actors) for (const h of a.hours.values()) yield { key, ...h };
  }

  *pairs(): Generator<PairFigures & { key: IdentityKey }> {
    for (const [key, a] of this.actors) for (const p of a.pairs.values()) yield { key, ...p };
  }
}
