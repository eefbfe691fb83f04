// Northwind Business: companies whose staff use the public API through the
// business dashboard. Their tokens name the company (an org_id claim), and
// each company's staff work from its office, behind one egress address.
// Shared by the business-teams traffic and the tenant-takeover attack, and
// drawn from a stream of its own, so both see the same companies.
import { HOSTS } from "../business";
import { fill, HOUR, LOAD_BALANCER, type SimRequest, userToken } from "../request";
import type { Random } from "../random";
import type { World } from "../world";

export type Org = { id: string; office: string; staff: string[] };

export const BUSINESS_ENDPOINTS = [
  { method: "GET", template: "/v1/business/invoices", weight: 30 },
  { method: "GET", template: "/v1/business/invoices/{invoiceId}", weight: 30 },
  { method: "POST", template: "/v1/business/invoices", weight: 8 },
  { method: "GET", template: "/v1/business/team", weight: 6 },
  { method: "GET", template: "/v1/business/payouts", weight: 10 },
] as const;
export type BusinessEndpoint = (typeof BUSINESS_ENDPOINTS)[number];

const NAMES = ["harbor", "tidewater", "copperline", "brightfield", "ashgrove", "kestrel"];
export const BUSINESS_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

export function businessOrgs(w: World): Org[] {
  const r = w.stream(409_043);
  return NAMES.map((name, i) => ({
    id: `org_${name}`,
    office: `81.${150 + i}.${r.int(0, 255)}.${r.int(1, 254)}`,
    staff: Array.from({ length: r.int(3, 7) }, (_, k) => `biz_${name}_${k + 1}`),
  }));
}

/** One call of a company's staff member, made the way the dashboard makes it. */
export function businessCall(
  r: Random,
  at: { ts: number; ip: string },
  who: { org: Org; sub: string },
  e: BusinessEndpoint,
  label: { scenario: string; attack: boolean },
): SimRequest {
  const token = userToken(r, who.sub, Math.floor(at.ts / HOUR), { org_id: who.org.id });
  return {
    ts: at.ts,
    method: e.method,
    host: HOSTS.public,
    path: fill(e.template, { invoiceId: `inv_${r.hex(14)}` }),
    endpoint: e.template,
    status: e.method === "POST" ? 201 : 200,
    bytes: r.int(400, 9_000),
    latencyMs: r.int(15, 240),
    clientIp: at.ip,
    peerIp: LOAD_BALANCER,
    forwardedFor: at.ip,
    userAgent: BUSINESS_AGENT,
    authorization: `Bearer ${token}`,
    ...label,
    actor: who.sub,
  };
}
