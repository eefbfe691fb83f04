// The offline country table (IPv4 and IPv6), from
// @ip-location-db/geo-whois-asn-country (CC0, RIR whois data), loaded once per
// process on first use.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  country6TableFromCsv,
  countryTableFromCsv,
  lookupCountry,
  type CountryTable,
} from "@lantern/engine/normalize/country";
import type { Centroids, LatLng } from "@lantern/engine/detection/geo";

let table: Promise<CountryTable> | undefined;

async function load(): Promise<CountryTable> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("@ip-location-db/geo-whois-asn-country/package.json"));
  const [v4, v6] = await Promise.all(
    ["ipv4", "ipv6"].map((v) => readFile(join(dir, `geo-whois-asn-country-${v}-num.csv`), "utf8")),
  );
  return { ...countryTableFromCsv(v4!), v6: country6TableFromCsv(v6!) };
}

/** The table itself, for a thread that looks addresses up on its own (parse-pool.ts). */
export function countryTable(): Promise<CountryTable> {
  table ??= load();
  return table;
}

/** A lookup function for normalisation. */
export async function countryLookup(): Promise<(ip: string) => string | null> {
  const t = await countryTable();
  return (ip) => lookupCountry(t, ip);
}

let centroids: Map<string, LatLng> | undefined;

/**
 * Country centroids (ISO alpha-2 → latitude, longitude) for the geography
 * detectors, from world-countries (ODbL 1.0, © Mohammed Le Doze), read once.
 */
export function countryCentroids(): Centroids {
  if (!centroids) {
    const require = createRequire(import.meta.url);
    const countries = require("world-countries") as { cca2: string; latlng: [number, number] }[];
    centroids = new Map(countries.filter((c) => c.latlng?.length === 2).map((c) => [c.cca2, c.latlng]));
  }
  const table = centroids;
  return (country) => table.get(country);
}
