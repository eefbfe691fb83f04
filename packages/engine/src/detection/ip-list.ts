// Threat-intelligence lists: plain lists of addresses and ranges (one per
// line, "#" or ";" comments, anything after the first token ignored, as
// Spamhaus DROP, FireHOL and abuse.ch publish them), parsed once and matched
// against every request's address by binary search over IPv4 ranges; IPv6
// ranges, rarer in such lists, are checked one by one.
import { inCidr, parseCidr, parseIp, type Cidr } from "../normalize/ip";

export type ParsedList = { entries: string[]; skipped: number; firstSkipped: string | null };

/** The ranges a list's text names, normalised ("203.0.113.7" stays as written; ranges keep their prefix). */
export function parseIpList(text: string, max = 200_000): ParsedList {
  const entries: string[] = [];
  let skipped = 0;
  let firstSkipped: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, "").trim();
    if (!line) continue;
    const token = line.split(/[\s,]+/)[0]!;
    if (parseCidr(token) === null || entries.length >= max) {
      skipped++;
      firstSkipped ??= raw.trim().slice(0, 80);
      continue;
    }
    entries.push(token);
  }
  return { entries, skipped, firstSkipped };
}

/** Which list (by name) an address is on, if any. */
export class IpLists {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly names: string[] = [];
  private readonly v6: { cidr: Cidr; name: string }[] = [];

  constructor(lists: { name: string; entries: string[] }[]) {
    const v4: [number, number, string][] = [];
    for (const list of lists) {
      for (const entry of list.entries) {
        const c = parseCidr(entry);
        if (!c) continue;
        if (c.version === 6) this.v6.push({ cidr: c, name: list.name });
        else {
          const size = 2 ** (32 - c.prefix);
          const start = Math.floor((c.value >>> 0) / size) * size;
          v4.push([start, start + size - 1, list.name]);
        }
      }
    }
    // Sorted and merged into disjoint ranges (an overlap takes the name of the range it joins), so one search finds it.
    v4.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    for (const [start, end, name] of v4) {
      const last = this.ends.length - 1;
      if (last >= 0 && start <= this.ends[last]! + 1) {
        this.ends[last] = Math.max(this.ends[last]!, end);
        continue;
      }
      this.starts.push(start);
      this.ends.push(end);
      this.names.push(name);
    }
  }

  get size(): number {
    return this.starts.length + this.v6.length;
  }

  listOf(address: string): string | null {
    const ip = parseIp(address);
    if (!ip) return null;
    if (ip.version === 6) return this.v6.find((x) => inCidr(ip, x.cidr))?.name ?? null;
    const v = ip.value >>> 0;
    let lo = 0;
    let hi = this.starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= v) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at >= 0 && v <= this.ends[at]! ? this.names[at]! : null;
  }
}
