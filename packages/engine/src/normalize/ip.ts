// IPv4/IPv6 addresses and CIDR ranges, enough to tell private and trusted
// proxy addresses from the public ones that identify a client. IPv4 is kept
// as a plain number (every log line has one; BigInt and string-keyed caches
// both showed up in profiles), IPv6 as a BigInt.

export type Ip = { version: 4; value: number; text: string } | { version: 6; value: bigint; text: string };
export type Cidr = { version: 4; value: number; prefix: number } | { version: 6; value: bigint; prefix: number };

/** "192.0.2.1" → 3221225985, or null; no leading sign, no empty or 4-digit parts. */
export function v4Number(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* "." */) {
      if (digits === 0 || part > 255 || dots === 3) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else return null;
  }
  if (dots !== 3 || digits === 0 || part > 255) return null;
  return value * 256 + part;
}

function parseV6(text: string): bigint | null {
  let s = text.toLowerCase().replace(/%.*$/, "");
  // An embedded IPv4 tail (::ffff:192.0.2.1).
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const tail = v4Number(v4[2]!);
    if (tail === null) return null;
    s = `${v4[1]}${Math.floor(tail / 65536).toString(16)}:${(tail % 65536).toString(16)}`;
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

const v4Text = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Parses an address, tolerating a port, brackets and IPv4-mapped IPv6. */
export function parseIp(raw: string | undefined): Ip | null {
  if (!raw) return null;
  const plain = v4Number(raw);
  if (plain !== null) return { version: 4, value: plain, text: raw };
  let text = raw.trim().replace(/^"|"$/g, "");
  if (text.startsWith("[")) text = text.slice(1, text.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.indexOf(":"));
  const v4 = v4Number(text);
  if (v4 !== null) return { version: 4, value: v4, text };
  const v6 = parseV6(text);
  if (v6 === null) return null;
  // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket.
  if (v6 >> 32n === 0xffffn) {
    const value = Number(v6 & 0xffffffffn);
    return { version: 4, value, text: v4Text(value) };
  }
  // Without a zone id ("%eth0"): it names the logging host's interface, not the client, and inet refuses it.
  return { version: 6, value: v6, text: text.toLowerCase().replace(/%.*$/, "") };
}

export function parseCidr(text: string): Cidr | null {
  const [addr, prefixText] = text.trim().split("/");
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return ip.version === 4 ? { version: 4, value: ip.value, prefix } : { version: 6, value: ip.value, prefix };
}

export function inCidr(ip: Ip, cidr: Cidr): boolean {
  if (ip.version === 4 && cidr.version === 4) {
    // Unsigned 32-bit compare of the network bits; a /0 holds everything.
    return cidr.prefix === 0 || (ip.value ^ cidr.value) >>> (32 - cidr.prefix) === 0;
  }
  if (ip.version === 6 && cidr.version === 6) {
    const shift = BigInt(128 - cidr.prefix);
    return ip.value >> shift === cidr.value >> shift;
  }
  return false;
}

/** RFC 1918, loopback, link-local, CGNAT, unique-local and the like: never a client's public identity. */
export const PRIVATE_RANGES: Cidr[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "100.64.0.0/10",
  "0.0.0.0/8",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
  "::/128",
].map((c) => parseCidr(c)!);

/** PRIVATE_RANGES for IPv4, as arithmetic: this runs for every line. */
export function isPrivateV4(v: number): boolean {
  const a = v >>> 24;
  const b = (v >>> 16) & 255;
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

export function isPrivate(ip: Ip): boolean {
  if (ip.version === 4) return isPrivateV4(ip.value);
  for (const c of PRIVATE_RANGES) if (inCidr(ip, c)) return true;
  return false;
}

/** parseIp and isPrivate together. */
export function classifyIp(raw: string): { ip: Ip | null; private: boolean } {
  const ip = parseIp(raw);
  return { ip, private: ip ? isPrivate(ip) : false };
}

/** Internal to the workspace's networks: a private address, or one in the ranges it names (its own public ranges). */
export function isInternal(raw: string, internal: Cidr[] = []): boolean {
  const { ip, private: priv } = classifyIp(raw);
  if (!ip || priv) return priv;
  for (const c of internal) if (inCidr(ip, c)) return true;
  return false;
}
