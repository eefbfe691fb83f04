// Support staff (benign): three signed-in people use the back-office functions during office hours.
// Its requests are labelled "staff".
import { ENDPOINTS } from "../business";
import { fill, HOUR, LOAD_BALANCER, userToken, weighted } from "../request";
import type { Scenario } from "../world";

export const staff: Scenario = {
  name: "staff",
  create(w) {
    const { users, backOffice } = w;
    // Support staff: three signed-in people who use the back-office functions during office hours (benign).
    const staff = [1, 2, 3].map((i) => ({ sub: `stf_${i}`, ip: `81.2.69.${10 + i}` }));
    const staffEndpoints = ENDPOINTS.filter((e) => e.auth === "staff");
    const officeHours = (h: number) => {
      const hourOfDay = ((h % 24) + 24) % 24;
      return hourOfDay >= 8 && hourOfDay < 18;
    };
    return (h, batch) => {
      if (!officeHours(h)) return;
      for (const st of staff) {
        const n = backOffice.int(2, 6);
        const token = userToken(backOffice, st.sub, h);
        for (let i = 0; i < n; i++) {
          const e = weighted(backOffice, staffEndpoints);
          const target = backOffice.pick(users);
          batch.push({
            ts: h * HOUR + backOffice.int(0, HOUR - 1),
            method: e.method,
            host: e.host,
            path: fill(e.template, { userId: target.accountId }),
            endpoint: e.template,
            query: e.method === "GET" ? `page=${backOffice.int(1, 3)}` : undefined,
            status: 200,
            bytes: backOffice.int(400, 3000),
            latencyMs: backOffice.int(20, 120),
            clientIp: st.ip,
            peerIp: LOAD_BALANCER,
            forwardedFor: st.ip,
            userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
            authorization: `Bearer ${token}`,
            scenario: "staff",
            attack: false,
            actor: st.sub,
          });
        }
      }
    };
  },
};
