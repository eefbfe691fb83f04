// Companies' staff at work (benign): each company's staff use the business
// dashboard from its office, 08:00 to 18:00 UTC (retailers and carriers work
// weekends too, and a run's traffic must not depend on its weekday), their tokens
// naming the company (org_id). On the third day at 09:00 one company brings
// 30 new colleagues onto Northwind (benign look-alike): a crowd of callers
// the company has never had, but from its own office. Labelled
// "business-teams" and "business-onboarding".
import { HOUR } from "../request";
import { weighted } from "../request";
import type { Scenario } from "../world";
import { BUSINESS_ENDPOINTS, businessCall, businessOrgs } from "./business-orgs";

const NEWCOMERS = 30;

export const businessTeams: Scenario = {
  name: "business-teams",
  create(w) {
    const r = w.stream(409_111);
    const orgs = businessOrgs(w);
    const onboarding = { hour: w.scenarioStart + 48 + 9, org: orgs[1]! };
    const newcomers = Array.from({ length: NEWCOMERS }, (_, k) => `biz_${onboarding.org.id.slice(4)}_new${k + 1}`);
    return (h, batch) => {
      const clock = h % 24;
      if (clock >= 8 && clock < 18)
        for (const org of orgs)
          for (const sub of org.staff)
            for (let i = r.count(1.5); i > 0; i--) {
              const at = { ts: h * HOUR + r.int(0, HOUR - 1), ip: org.office };
              batch.push(
                businessCall(r, at, { org, sub }, weighted(r, BUSINESS_ENDPOINTS), {
                  scenario: "business-teams",
                  attack: false,
                }),
              );
            }
      if (h !== onboarding.hour) return;
      for (const sub of newcomers)
        for (let i = r.int(3, 6); i > 0; i--) {
          const at = { ts: h * HOUR + r.int(0, HOUR - 1), ip: onboarding.org.office };
          const who = { org: onboarding.org, sub };
          batch.push(
            businessCall(r, at, who, weighted(r, BUSINESS_ENDPOINTS), {
              scenario: "business-onboarding",
              attack: false,
            }),
          );
        }
    };
  },
};
