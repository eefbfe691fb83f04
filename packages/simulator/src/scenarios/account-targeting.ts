// Account targeting (attack, third day 22:00): a botnet probes one account's transactions without a valid credential.
// Its requests are labelled "account-targeting".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

export const accountTargeting: Scenario = {
  name: "account-targeting",
  create(w) {
    // One account's transactions probed from a botnet: each address tries once or twice, without a valid credential.
    const hour = w.scenarioStart + 48 + 22;
    const target = w.users[200]!;
    const probes = w.stream(223_589);
    return (h, batch) => {
      if (!(h === hour)) return;
      for (let i = 0; i < 60; i++) {
        const ip = `${probes.int(23, 223)}.${probes.int(0, 255)}.${probes.int(0, 255)}.${probes.int(1, 254)}`;
        for (let k = probes.int(1, 2); k > 0; k--) {
          batch.push({
            ts: h * HOUR + 60_000 + i * 45_000 + k * 5_000 + probes.int(0, 999),
            method: "GET",
            host: HOSTS.public,
            path: `/v1/accounts/${target.accountId}/transactions`,
            endpoint: "/v1/accounts/{accountId}/transactions",
            query: "limit=100",
            status: 401,
            bytes: 64,
            latencyMs: probes.int(5, 30),
            clientIp: ip,
            peerIp: LOAD_BALANCER,
            forwardedFor: ip,
            userAgent: probes.pick(["python-requests/2.31.0", "Go-http-client/1.1", "curl/8.5.0"]),
            scenario: "account-targeting",
            attack: true,
            actor: "botnet-2",
          });
        }
      }
    };
  },
};
