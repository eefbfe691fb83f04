// Function-level abuse (attack, third day 11:00): an ordinary user calls the back-office functions.
// Its requests are labelled "function-level-abuse".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER, userToken } from "../request";
import type { Scenario } from "../world";

export const functionLevelAbuse: Scenario = {
  name: "function-level-abuse",
  create(w) {
    const { users, backOffice } = w;
    // An ordinary user reaches the back-office functions (the gateway forgot to check the role); third day only.
    const hour = w.scenarioStart + 48 + 11;
    const escalator = w.users[23]!;
    return (h, batch) => {
      if (!(h === hour)) return;
      const token = userToken(backOffice, escalator.sub, h);
      for (let i = 0; i < 45; i++) {
        const unlock = i % 9 === 8;
        const target = users[(i * 13) % users.length]!;
        batch.push({
          ts: h * HOUR + 300_000 + i * 30_000 + backOffice.int(0, 999),
          method: unlock ? "POST" : "GET",
          host: HOSTS.public,
          path: unlock ? `/v1/admin/users/${target.accountId}/unlock` : "/v1/admin/users",
          endpoint: unlock ? "/v1/admin/users/{userId}/unlock" : "/v1/admin/users",
          query: unlock ? undefined : `page=${i + 1}`,
          status: 200,
          bytes: backOffice.int(400, 3000),
          latencyMs: backOffice.int(20, 120),
          clientIp: escalator.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: escalator.ips[0],
          userAgent: escalator.agent,
          authorization: `Bearer ${token}`,
          scenario: "function-level-abuse",
          attack: true,
          actor: escalator.sub,
        });
      }
    };
  },
};
