// Country of an IPv4 address from sorted, non-overlapping ranges (an offline
// geolocation table), by binary search. Built once by the caller; pure here.
import { v4Number } from "./ip";

export type CountryTable = { starts: Uint32Array; ends: Uint32Array; codes: string[] };

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

export function lookupCountry(table: CountryTable, ip: string | null): string | null {
  if (!ip) return null;
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
