// The offline country table (IPv4), from @ip-location-db/geo-whois-asn-country
// (CC0, RIR whois data), loaded once per process on first use.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { countryTableFromCsv, lookupCountry, type CountryTable } from "@lantern/engine/normalize/country";

let table: Promise<CountryTable> | undefined;

async function load(): Promise<CountryTable> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("@ip-location-db/geo-whois-asn-country/package.json"));
  return countryTableFromCsv(await readFile(join(dir, "geo-whois-asn-country-ipv4-num.csv"), "utf8"));
}

/** A lookup function for normalisation; IPv6 addresses get no country yet. */
export async function countryLookup(): Promise<(ip: string) => string | null> {
  table ??= load();
  const t = await table;
  return (ip) => lookupCountry(t, ip);
}
