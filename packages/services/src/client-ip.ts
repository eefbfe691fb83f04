/**
 * The client's address from X-Forwarded-For. Next.js appends the socket's
 * peer address as the last entry, and each trusted proxy in front of it
 * appends the address it received from. With `trustedHops` proxies, the
 * client is that many entries from the end; anything further left was
 * written by the client and cannot be trusted.
 */
export function clientIpFromForwardedFor(header: string | null, trustedHops: number): string | null {
  if (!header) return null;
  const hops = header
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  const ip = hops[Math.max(0, hops.length - 1 - trustedHops)]!;
  return ip.replace(/^::ffff:/, "");
}
