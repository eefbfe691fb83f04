// Object enumeration, BOLA (attack, second day 15:00): one signed-in user walks other people's accounts in order.
// Its requests are labelled "object-enumeration".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER, userToken } from "../request";
import type { Scenario } from "../world";

export const objectEnumeration: Scenario = {
  name: "object-enumeration",
  create(w) {
    const { r } = w;
    const hour = w.scenarioStart + Math.min(w.hours - 1, 24 + 15);
    const enumerator = w.users[7]!;
    return (h, batch) => {
      if (!(h === hour)) return;
      // Object enumeration (BOLA): one signed-in user walks other people's accounts in order.
      const token = userToken(r, enumerator.sub, h);
      for (let i = 0; i < 600; i++) {
        const accountId = 100000 + i * 7;
        batch.push({
          ts: h * HOUR + i * 4_000 + r.int(0, 999),
          method: "GET",
          host: HOSTS.public,
          path: `/v1/accounts/${accountId}`,
          endpoint: "/v1/accounts/{accountId}",
          status: r.chance(0.1) ? 404 : 200,
          bytes: r.int(500, 900),
          latencyMs: r.int(10, 60),
          clientIp: enumerator.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: enumerator.ips[0],
          userAgent: "python-requests/2.32.3",
          authorization: `Bearer ${token}`,
          scenario: "object-enumeration",
          attack: true,
          actor: enumerator.sub,
        });
      }
    };
  },
};
