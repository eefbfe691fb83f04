// What of an actor a gateway can be told to refuse: the identity that names
// it when a gateway can match that kind, and the addresses it calls from
// (each, and an IPv4 address's /24). Session cookies, bearer tokens and
// client ids are not offered: they change or are shared too widely to block.
import { TARGET_KINDS, type TargetKind } from "./targets";

export type BlockableTarget = { kind: TargetKind; value: string; label: string };

/** `actor`: who it is (null for an alert without one); `addresses`: the ones it called from, busiest first. */
export function actorTargets(actor: { key: string; label: string } | null, addresses: string[]): BlockableTarget[] {
  const colon = actor?.key.indexOf(":") ?? -1;
  const kind = colon > 0 ? actor!.key.slice(0, colon) : "";
  const value = colon > 0 ? actor!.key.slice(colon + 1) : "";
  const own: BlockableTarget[] =
    kind !== "ip" && (TARGET_KINDS as readonly string[]).includes(kind)
      ? [{ kind: kind as TargetKind, value, label: actor!.label }]
      : [];
  const ips = [...new Set(kind === "ip" ? [value, ...addresses] : addresses)].slice(0, 5);
  const ranges = ips.flatMap((ip): BlockableTarget[] => {
    const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
    return [
      { kind: "cidr", value: ip, label: `address ${ip}` },
      ...(v4 ? [{ kind: "cidr" as const, value: `${v4[1]}.0/24`, label: `network ${v4[1]}.0/24` }] : []),
    ];
  });
  // Addresses of one network share its /24: offer each target once.
  const seen = new Set<string>();
  return [...own, ...ranges].filter((t) => !seen.has(`${t.kind}:${t.value}`) && seen.add(`${t.kind}:${t.value}`));
}
