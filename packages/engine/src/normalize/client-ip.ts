// The real client address. When the address that connected to the server is
// a private or configured proxy address, the client is the first untrusted
// hop of X-Forwarded-For (or RFC 7239 Forwarded), read from the right: every
// hop to the left of an untrusted one could have been written by the client.
import { classifyIp, inCidr, isPrivateV4, v4Number, type Cidr, type Ip } from "./ip";

export type ClientIpInput = { peerIp?: string; forwardedFor?: string; forwarded?: string };

function forwardedHops(input: ClientIpInput): string[] {
  if (input.forwardedFor)
    return input.forwardedFor
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
  if (input.forwarded) {
    return [...input.forwarded.matchAll(/for=("?)(\[[^\]]+\]|[^;,"]+)\1/gi)].map((m) => m[2]!);
  }
  return [];
}

const NO_IP = { ip: null, private: false };

function trusted(ip: Ip, isPrivateIp: boolean, trustedProxies: Cidr[]): boolean {
  if (isPrivateIp) return true;
  for (const c of trustedProxies) if (inCidr(ip, c)) return true;
  return false;
}

export function resolveClientIp(
  input: ClientIpInput,
  trustedProxies: Cidr[] = [],
): { clientIp: string | null; viaProxy: boolean } {
  // The common case, first and without allocations: a public IPv4 peer and no configured proxies.
  if (trustedProxies.length === 0 && input.peerIp) {
    const v4 = v4Number(input.peerIp);
    if (v4 !== null && !isPrivateV4(v4)) return { clientIp: input.peerIp, viaProxy: false };
  }
  const peerInfo = input.peerIp ? classifyIp(input.peerIp) : NO_IP;
  const peer = peerInfo.ip;
  if (peer && !trusted(peer, peerInfo.private, trustedProxies)) return { clientIp: peer.text, viaProxy: false };
  const hopInfo = forwardedHops(input).map(classifyIp);
  const hops = hopInfo.map((h) => h.ip);
  // The peer is a proxy (or unknown): walk the forwarded chain from the right.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop) break; // an unparsable hop ("unknown", garbage) ends the walk; fall back below
    if (!trusted(hop, hopInfo[i]!.private, trustedProxies)) return { clientIp: hop.text, viaProxy: true };
  }
  // Every hop is private: an internal (east-west) caller. The leftmost valid one is the origin.
  const origin = hops.find((h): h is Ip => h !== null) ?? peer;
  return { clientIp: origin?.text ?? null, viaProxy: Boolean(hops.length) };
}
