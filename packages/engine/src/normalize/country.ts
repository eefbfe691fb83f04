// Country of an address from sorted, non-overlapping ranges (an offline
// geolocation table), by binary search. Built once by the caller; pure here.
// IPv6 ranges are kept by their first 64 bits (the network part: registries
// allocate no finer), as two 32-bit halves so the search needs no BigInt.
import { parseIp, v4Number } from "./ip";

export type CountryTable6 = {
  startHi: Uint32Array;
  startLo: Uint32Array;
  endHi: Uint32Array;
  endLo: Uint32Array;
  codes: string[];
};
export type CountryTable = { starts: Uint32Array; ends: Uint32Array; codes: string[]; v6?: CountryTable6 };

/** Builds the table from "start,end,CC" lines with numeric IPv4 bounds. */
export function countryTableFromCsv(csv: string): CountryTable {
  const lines = csv.split("\n");
  const starts = new Uint32Array(lines.length);
  const ends = new Uint32Array(lines.length);
  const codes: string[] = [];
  let n = 0;
  for (const line of lines) {
    const a = line.indexOf(",");
    const b = line.indexOf(",", a + 1);
    if (a <= 0 || b <= a) continue;
    starts[n] = Number(line.slice(0, a));
    ends[n] = Number(line.slice(a + 1, b));
    codes.push(line.slice(b + 1).trim());
    n++;
  }
  return { starts: starts.slice(0, n), ends: ends.slice(0, n), codes };
}

const TWO_32 = 0x1_0000_0000n;
const halves = (v: bigint): [number, number] => {
  const top = v >> 64n;
  return [Number(top / TWO_32), Number(top % TWO_32)];
};

/** Builds the IPv6 part from "start,end,CC" lines with numeric (128-bit decimal) bounds. */
export function country6TableFromCsv(csv: string): CountryTable6 {
  const lines = csv.split("\n");
  const t = {
    startHi: new Uint32Array(lines.length),
    startLo: new Uint32Array(lines.length),
    endHi: new Uint32Array(lines.length),
    endLo: new Uint32Array(lines.length),
  };
  const codes: string[] = [];
  let n = 0;
  for (const line of lines) {
    const a = line.indexOf(",");
    const b = line.indexOf(",", a + 1);
    if (a <= 0 || b <= a) continue;
    [t.startHi[n], t.startLo[n]] = halves(BigInt(line.slice(0, a)));
    [t.endHi[n], t.endLo[n]] = halves(BigInt(line.slice(a + 1, b)));
    codes.push(line.slice(b + 1).trim());
    n++;
  }
  return {
    startHi: t.startHi.slice(0, n),
    startLo: t.startLo.slice(0, n),
    endHi: t.endHi.slice(0, n),
    endLo: t.endLo.slice(0, n),
    codes,
  };
}

function lookup6(t: CountryTable6, ip: string): string | null {
  const parsed = parseIp(ip);
  if (parsed?.version !== 6) return null;
  const [hi, lo] = halves(parsed.value);
  let low = 0;
  let high = t.codes.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (t.startHi[mid]! > hi || (t.startHi[mid] === hi && t.startLo[mid]! > lo)) high = mid - 1;
    else if (t.endHi[mid]! < hi || (t.endHi[mid] === hi && t.endLo[mid]! < lo)) low = mid + 1;
    else return t.codes[mid]!;
  }
  return null;
}

export function lookupCountry(table: CountryTable, ip: string | null): string | null {
  if (!ip) return null;
  if (ip.includes(":")) return table.v6 ? lookup6(table.v6, ip) : null;
  const n = v4Number(ip);
  if (n === null) return null;
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (table.starts[mid]! > n) hi = mid - 1;
    else if (table.ends[mid]! < n) lo = mid + 1;
    else return table.codes[mid]!;
  }
  return null;
}
