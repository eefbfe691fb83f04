// What of an actor (or an alert) a gateway can be told to refuse: the
// identity that names it when a gateway can match that kind, the /24
// networks several of its addresses share (a botnet's block), then its
// busiest addresses one by one. Session cookies, bearer tokens and client
// ids are not offered: they change or are shared too widely to block.
import { TARGET_KINDS, type TargetKind } from "./targets";

export type BlockableTarget = { kind: TargetKind; value: string; label: string };

const MAX_ADDRESSES = 5;
const network24 = (ip: string) => /^(\d+\.\d+\.\d+)\.\d+$/.exec(ip)?.[1];

/** `actor`: who it is (null for an alert without one); `addresses`: the ones it called from, busiest first. */
export function actorTargets(actor: { key: string; label: string } | null, addresses: string[]): BlockableTarget[] {
  const colon = actor?.key.indexOf(":") ?? -1;
  const kind = colon > 0 ? actor!.key.slice(0, colon) : "";
  const value = colon > 0 ? actor!.key.slice(colon + 1) : "";
  const own: BlockableTarget[] =
    kind !== "ip" && (TARGET_KINDS as readonly string[]).includes(kind)
      ? [{ kind: kind as TargetKind, value, label: actor!.label }]
      : [];
  const ips = [...new Set(kind === "ip" ? [value, ...addresses] : addresses)];
  const perNetwork = new Map<string, number>();
  for (const ip of ips) {
    const net = network24(ip);
    if (net) perNetwork.set(net, (perNetwork.get(net) ?? 0) + 1);
  }
  const shared = [...perNetwork]
    .filter(([, n]) => n > 1)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([net, n]): BlockableTarget => ({
        kind: "cidr",
        value: `${net}.0/24`,
        label: `network ${net}.0/24 (${n} of its addresses)`,
      }),
    );
  const single = ips
    .slice(0, MAX_ADDRESSES)
    .map((ip): BlockableTarget => ({ kind: "cidr", value: ip, label: `address ${ip}` }));
  return [...own, ...shared, ...single];
}
