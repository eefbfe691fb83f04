// Hoarding (attack, third day 07:08–07:33): one user places hundreds of payments in under half an hour, each one
// holding a merchant's limited stock until it is paid or expires (tickets, limited drops), so others cannot buy.
// Nothing is undone and every call succeeds: only how many, how fast, beside what users do, gives it away.
// It starts eight minutes past the hour and runs past twenty-three: a log shipper's hourly upload can cut it in two.
// Its requests are labelled "hoarding".
import { ENDPOINTS } from "../business";
import { HOUR, LOAD_BALANCER, payloads, userToken } from "../request";
import type { Scenario } from "../world";

export const hoarding: Scenario = {
  name: "hoarding",
  create(w) {
    const hour = w.scenarioStart + 48 + 7;
    const hoarder = w.users[260]!;
    const r = w.stream(307_339);
    const pay = ENDPOINTS.find((x) => x.method === "POST" && x.template === "/v1/payments")!;
    return (h, batch) => {
      if (h !== hour) return;
      const token = userToken(r, hoarder.sub, h);
      const count = r.int(240, 320);
      const start = h * HOUR + 8 * 60_000;
      const span = 25 * 60_000;
      for (let i = 0; i < count; i++) {
        batch.push({
          ts: start + Math.floor((i * span) / count) + r.int(0, 999),
          method: pay.method,
          host: pay.host,
          path: pay.template,
          endpoint: pay.template,
          ...payloads(pay, hoarder, 2_500),
          status: 201,
          bytes: r.int(300, 900),
          latencyMs: r.int(8, 180),
          clientIp: hoarder.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: hoarder.ips[0],
          userAgent: hoarder.agent,
          authorization: `Bearer ${token}`,
          scenario: "hoarding",
          attack: true,
          actor: hoarder.sub,
        });
      }
    };
  },
};
