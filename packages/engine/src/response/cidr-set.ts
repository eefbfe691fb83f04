// Address ranges as an edge list needs them: the fewest CIDRs that cover
// exactly the same addresses (a range inside another is dropped, two halves
// of a block become the block), so a list capped at 10,000 entries holds as
// much as it can without blocking anything more than was asked. Widening
// (IPv6 addresses to their /64, as Cloudflare's lists require) is explicit
// and separate.
import { parseCidr } from "../normalize/ip";

export type Range = { version: 4 | 6; start: bigint; prefix: number };

const bits = (r: { version: 4 | 6 }) => (r.version === 4 ? 32 : 128);
const size = (r: Range) => 1n << BigInt(bits(r) - r.prefix);

/** A range from CIDR text ("203.0.113.0/24", "2001:db8::1"), its start masked to the prefix; null if none. */
export function parseRange(text: string): Range | null {
  const c = parseCidr(text);
  if (!c) return null;
  const max = c.version === 4 ? 32 : 128;
  const value = c.version === 4 ? BigInt(c.value >>> 0) : c.value;
  const start = (value >> BigInt(max - c.prefix)) << BigInt(max - c.prefix);
  return { version: c.version, start, prefix: c.prefix };
}

function contains(outer: Range, inner: Range): boolean {
  return (
    outer.version === inner.version &&
    outer.prefix <= inner.prefix &&
    inner.start >= outer.start &&
    inner.start < outer.start + size(outer)
  );
}

/** Two halves of one block: same prefix, adjacent, the first aligned to the parent's boundary. */
function siblings(a: Range, b: Range): boolean {
  return (
    a.version === b.version &&
    a.prefix === b.prefix &&
    a.prefix > 0 &&
    a.start % (size(a) * 2n) === 0n &&
    b.start === a.start + size(a)
  );
}

/** The fewest CIDRs covering exactly the union of `ranges`, IPv4 first, each family in address order. */
export function aggregate(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) =>
    a.version !== b.version
      ? a.version - b.version
      : a.start !== b.start
        ? a.start < b.start
          ? -1
          : 1
        : a.prefix - b.prefix,
  );
  const out: Range[] = [];
  for (const r of sorted) {
    if (out.length && contains(out[out.length - 1]!, r)) continue;
    out.push(r);
    while (out.length >= 2 && siblings(out[out.length - 2]!, out[out.length - 1]!)) {
      const a = out[out.length - 2]!;
      out.splice(-2, 2, { version: a.version, start: a.start, prefix: a.prefix - 1 });
    }
  }
  return out;
}

/** IPv6 ranges narrower than /`prefix` widened to it (Cloudflare's lists take IPv6 from /12 to /64). */
export function widenV6(ranges: Range[], prefix = 64): Range[] {
  return ranges.map((r) => {
    if (r.version === 4 || r.prefix <= prefix) return r;
    const shift = BigInt(128 - prefix);
    return { version: 6, start: (r.start >> shift) << shift, prefix };
  });
}

/** CIDR text: dotted IPv4, RFC 5952 IPv6 (lower case, longest zero run as ::). */
export function formatRange(r: Range): string {
  if (r.version === 4) {
    const n = Number(r.start);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${r.prefix}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((r.start >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text =
    best.at < 0 ? hex.join(":") : `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
  return `${text}/${r.prefix}`;
}
