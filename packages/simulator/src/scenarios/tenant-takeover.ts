// A company's tenant taken over (attack, third day 03:05–03:50): whoever
// holds the signing key of a company's single sign-on (or its admin, who can
// invite anyone) mints 60 users of that company and, from 60 residential
// proxies, has each download a little of its invoices and payouts. No user
// and no address does much, so no per-actor norm moves; the company's own
// callers do: dozens at night where it has a few in office hours, none from
// an address its staff use. Labelled "tenant-takeover".
import { HOUR, weighted } from "../request";
import type { Scenario } from "../world";
import { BUSINESS_ENDPOINTS, businessCall, businessOrgs } from "./business-orgs";

const MINTED = 60;
const READS = BUSINESS_ENDPOINTS.filter((e) => e.method === "GET");

export const tenantTakeover: Scenario = {
  name: "tenant-takeover",
  create(w) {
    const r = w.stream(409_223);
    const org = businessOrgs(w)[0]!;
    const hour = w.scenarioStart + 48 + 3;
    const minted = Array.from({ length: MINTED }, () => ({
      sub: `biz_${org.id.slice(4)}_${r.hex(6)}`,
      ip: `${r.pick([5, 31, 46, 77, 89, 94])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    }));
    return (h, batch) => {
      if (h !== hour) return;
      for (const m of minted)
        for (let i = r.int(2, 4); i > 0; i--) {
          const at = { ts: h * HOUR + r.int(5, 50) * 60_000 + r.int(0, 59_999), ip: m.ip };
          batch.push(
            businessCall(r, at, { org, sub: m.sub }, weighted(r, READS), { scenario: "tenant-takeover", attack: true }),
          );
        }
    };
  },
};
