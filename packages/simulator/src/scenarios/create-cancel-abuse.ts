// Business-logic abuse (attack, third day 18:00): one user loops paying and cancelling to farm a cashback.
// Its requests are labelled "create-cancel-abuse".
import { ENDPOINTS } from "../business";
import { cancelOf, HOUR, LOAD_BALANCER, payloads, type SimRequest, userToken } from "../request";
import type { Scenario } from "../world";

export const createCancelAbuse: Scenario = {
  name: "create-cancel-abuse",
  create(w) {
    const { cancels } = w;
    // One user loops paying and cancelling (a cashback paid on each payment and not clawed back on cancellation).
    const hour = w.scenarioStart + 48 + 18;
    const looper = w.users[140]!;
    return (h, batch) => {
      if (!(h === hour)) return;
      const token = userToken(cancels, looper.sub, h);
      for (let i = 0; i < 35; i++) {
        const e = ENDPOINTS.find((x) => x.method === "POST" && x.template === "/v1/payments")!;
        const paid: SimRequest = {
          ts: h * HOUR + 120_000 + i * 90_000 + cancels.int(0, 999),
          method: e.method,
          host: e.host,
          path: e.template,
          endpoint: e.template,
          ...payloads(e, looper, 2_500),
          status: 201,
          bytes: cancels.int(300, 900),
          latencyMs: cancels.int(8, 180),
          clientIp: looper.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: looper.ips[0],
          userAgent: looper.agent,
          authorization: `Bearer ${token}`,
          scenario: "create-cancel-abuse",
          attack: true,
          actor: looper.sub,
        };
        batch.push(paid, cancelOf(paid, `pay_${cancels.hex(12)}`, cancels.int(10_000, 30_000)));
      }
    };
  },
};
