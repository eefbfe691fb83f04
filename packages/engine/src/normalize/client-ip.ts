// The real client address. When the address that connected to the server is
// a private or configured proxy address, the client is the first untrusted
// hop of X-Forwarded-For (or RFC 7239 Forwarded), read from the right: every
// hop to the left of an untrusted one could have been written by the client.
import { inCidr, isPrivate, parseIp, type Cidr, type Ip } from "./ip";

export type ClientIpInput = { peerIp?: string; forwardedFor?: string; forwarded?: string };

function forwardedHops(input: ClientIpInput): string[] {
  if (input.forwardedFor) return input.forwardedFor.split(",").map((h) => h.trim()).filter(Boolean);
  if (input.forwarded) {
    return [...input.forwarded.matchAll(/for=("?)(\[[^\]]+\]|[^;,"]+)\1/gi)].map((m) => m[2]!);
  }
  return [];
}

export function resolveClientIp(input: ClientIpInput, trustedProxies: Cidr[] = []): { clientIp: string | null; viaProxy: boolean } {
  const trusted = (ip: Ip) => isPrivate(ip) || trustedProxies.some((c) => inCidr(ip, c));
  const peer = parseIp(input.peerIp);
  const hops = forwardedHops(input).map(parseIp);
  if (peer && !trusted(peer)) return { clientIp: peer.text, viaProxy: false };
  // The peer is a proxy (or unknown): walk the forwarded chain from the right.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop) break; // an unparsable hop ("unknown", garbage) ends the walk; fall back below
    if (!trusted(hop)) return { clientIp: hop.text, viaProxy: true };
  }
  // Every hop is private: an internal (east-west) caller. The leftmost valid one is the origin.
  const origin = hops.find((h): h is Ip => h !== null) ?? peer;
  return { clientIp: origin?.text ?? null, viaProxy: Boolean(hops.length) };
}
