// Country of an IPv4 address from sorted, non-overlapping ranges (an offline
// geolocation table), by binary search. Built once by the caller; pure here.

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

function v4Number(ip: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return null;
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
