// Endpoint stats summed per endpoint key (host, method, template): a part's
// templates regrouped under the templates they end up with, and stored
// endpoints folded into a broader template added to it.
import { type EndpointStats, mergeStats } from "@lantern/engine/discovery/endpoint-stats";

export type EndpointKey = { host: string; method: string; template: string };
export const keyOf = (k: EndpointKey) => `${k.host}\u0000${k.method}\u0000${k.template}`;

export class EndpointSums {
  readonly byKey = new Map<string, { key: EndpointKey; stats: EndpointStats }>();

  add(key: EndpointKey, stats: EndpointStats): void {
    const k = keyOf(key);
    const existing = this.byKey.get(k);
    if (existing) mergeStats(existing.stats, stats);
    else this.byKey.set(k, { key, stats });
  }

  /** The hosts of the endpoints summed, in the order first added. */
  hosts(): string[] {
    return [...new Set([...this.byKey.values()].map((f) => f.key.host))];
  }

  statsOf(host: string): EndpointStats[] {
    return [...this.byKey.values()].filter((f) => f.key.host === host).map((f) => f.stats);
  }
}
