// IPv4/IPv6 addresses and CIDR ranges, enough to tell private and trusted
// proxy addresses from the public ones that identify a client.

export type Cidr = { version: 4 | 6; bits: bigint; prefix: number };

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out = (out << 8n) | BigInt(p);
  }
  return out;
}

function parseV6(text: string): bigint | null {
  let s = text.toLowerCase().replace(/%.*$/, "");
  // An embedded IPv4 tail (::ffff:192.0.2.1).
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const tail = parseV4(v4[2]!);
    if (tail === null) return null;
    s = `${v4[1]}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let out = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    out = (out << 16n) | BigInt(parseInt(g, 16));
  }
  return out;
}

export type Ip = { version: 4 | 6; bits: bigint; text: string };

/** Parses an address, tolerating a port, brackets and IPv4-mapped IPv6. */
export function parseIp(raw: string | undefined): Ip | null {
  if (!raw) return null;
  let text = raw.trim().replace(/^"|"$/g, "");
  if (text.startsWith("[")) text = text.slice(1, text.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.indexOf(":"));
  const v4 = parseV4(text);
  if (v4 !== null) return { version: 4, bits: v4, text };
  const v6 = parseV6(text);
  if (v6 === null) return null;
  // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket.
  if (v6 >> 32n === 0xffffn) {
    const bits = v6 & 0xffffffffn;
    return { version: 4, bits, text: [24n, 16n, 8n, 0n].map((s) => Number((bits >> s) & 255n)).join(".") };
  }
  return { version: 6, bits: v6, text: text.toLowerCase() };
}

export function parseCidr(text: string): Cidr | null {
  const [addr, prefixText] = text.trim().split("/");
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { version: ip.version, bits: ip.bits, prefix };
}

export function inCidr(ip: Ip, cidr: Cidr): boolean {
  if (ip.version !== cidr.version) return false;
  const width = BigInt(ip.version === 4 ? 32 : 128);
  const shift = width - BigInt(cidr.prefix);
  return ip.bits >> shift === cidr.bits >> shift;
}

/** RFC 1918, loopback, link-local, CGNAT, unique-local and the like: never a client's public identity. */
export const PRIVATE_RANGES: Cidr[] = [
  "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8",
  "::1/128", "fc00::/7", "fe80::/10", "::/128",
].map((c) => parseCidr(c)!);

export const isPrivate = (ip: Ip) => PRIVATE_RANGES.some((c) => inCidr(ip, c));

// Logs repeat the same addresses over and over; parsing one costs BigInt
// arithmetic, so recent results are kept (bounded, cleared when full).
const CACHE_LIMIT = 50_000;
const cache = new Map<string, { ip: Ip | null; private: boolean }>();

/** parseIp and isPrivate together, cached. */
export function classifyIp(raw: string): { ip: Ip | null; private: boolean } {
  let hit = cache.get(raw);
  if (!hit) {
    const ip = parseIp(raw);
    hit = { ip, private: ip ? isPrivate(ip) : false };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, hit);
  }
  return hit;
}
