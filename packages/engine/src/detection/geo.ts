// Where a request came from, as far as an access log can say: the country of
// its address (geolocated at ingestion) and its network. Distances are
// between country centroids, so they are coarse: travel inside one country
// (New York to Los Angeles) is invisible, and neighbours closer than
// MIN_TRAVEL_KM are never judged.
import { parseIp } from "../normalize/ip";

export type LatLng = readonly [lat: number, lng: number];
/** A country's centroid by ISO 3166 alpha-2 code, from an offline table the caller loads. */
export type Centroids = (country: string) => LatLng | undefined;

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b[0] - a[0]);
  const dLng = rad(b[1] - a[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The network an address belongs to, as a provider assigns them: its /24
 * (IPv4) or /48 (IPv6). A server keeps its network for months; a person's
 * phone changes it every day, so only machine credentials are judged on it.
 */
export function networkOf(raw: string): string | null {
  const ip = parseIp(raw);
  if (!ip) return null;
  if (ip.version === 4) return `${ip.value >>> 24}.${(ip.value >>> 16) & 255}.${(ip.value >>> 8) & 255}.0/24`;
  const top = ip.value >> 80n;
  const groups = [top >> 32n, (top >> 16n) & 0xffffn, top & 0xffffn].map((g) => g.toString(16));
  return `${groups.join(":")}::/48`;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
/** "GB" → "United Kingdom" (the code itself when unknown). */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}
