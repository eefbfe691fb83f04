// Card testing (attack, third day 13:00): a fraudster's new account tries stolen cards one after another.
// Its requests are labelled "card-testing".
import { APP_AGENTS, ENDPOINTS, HOSTS } from "../business";
import { HOUR, LOAD_BALANCER, payloads, userToken } from "../request";
import type { Scenario } from "../world";

export const cardTesting: Scenario = {
  name: "card-testing",
  create(w) {
    // A fraudster's new account posts payments straight to the endpoint, one stolen card after another, most declined.
    const hour = w.scenarioStart + 48 + 13;
    const carding = w.stream(240_007);
    return (h, batch) => {
      if (!(h === hour)) return;
      const carder = {
        sub: `usr_${(990_000 + (w.seed % 1000)).toString(36)}`,
        accountId: 990_000 + (w.seed % 1000),
      };
      const ip = `92.${carding.int(0, 255)}.${carding.int(0, 255)}.${carding.int(1, 254)}`;
      const token = userToken(carding, carder.sub, h);
      const e = ENDPOINTS.find((x) => x.method === "POST" && x.template === "/v1/payments")!;
      const base = {
        host: HOSTS.public,
        clientIp: ip,
        peerIp: LOAD_BALANCER,
        forwardedFor: ip,
        userAgent: APP_AGENTS[0]!,
        scenario: "card-testing",
        attack: true,
        actor: "carder",
      };
      batch.push({
        ...base,
        ts: h * HOUR + 240_000,
        method: "POST",
        path: "/v1/auth/login",
        endpoint: "/v1/auth/login",
        status: 200,
        bytes: carding.int(850, 950),
        latencyMs: carding.int(60, 140),
      });
      for (let i = 0; i < 45; i++) {
        batch.push({
          ...base,
          ts: h * HOUR + 300_000 + i * 70_000 + carding.int(0, 9_999),
          method: "POST",
          path: e.template,
          endpoint: e.template,
          ...payloads(e, carder, 100 + carding.int(0, 400)),
          status: carding.chance(0.75) ? 402 : 201,
          bytes: carding.int(120, 400),
          latencyMs: carding.int(200, 900),
          authorization: `Bearer ${token}`,
        });
      }
    };
  },
};
