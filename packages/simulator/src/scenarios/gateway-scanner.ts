// A scanner behind the gateway (attack, third day 02:00): guesses at the partner API's routes (admin functions,
// exports, keys, another version), with ids after some. The gateway answers every route it does not know with 403,
// as AWS API Gateway does, never 404: the guesses are refused, not missed, and none is an endpoint.
// Its requests are labelled "gateway-scanner".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

const GUESSES = [
  "users",
  "admin",
  "export",
  "keys",
  "debug",
  "internal",
  "accounts",
  "tokens",
  "webhooks",
  "reports",
  "config",
  "customers",
  "payouts",
  "balance",
  "audit",
  "logs",
  "metrics",
  "settlements/export",
  "refunds/bulk",
  "charges/export",
];

export const gatewayScanner: Scenario = {
  name: "gateway-scanner",
  create(w) {
    const hour = w.scenarioStart + 48 + 2;
    const r = w.stream(319_993);
    return (h, batch) => {
      if (h !== hour) return;
      const ip = `193.142.146.${r.int(1, 254)}`;
      for (let i = 0; i < 160; i++) {
        const guess = GUESSES[i % GUESSES.length]!;
        const version = r.pick(["v2", "v2", "v3", "v1"]);
        const path = `/partner/${version}/${guess}${i % 3 === 2 ? `/${r.int(1, 99_999)}` : ""}`;
        batch.push({
          ts: h * HOUR + 300_000 + i * 3_000 + r.int(0, 999),
          method: r.pick(["GET", "GET", "GET", "POST"]),
          host: HOSTS.partner,
          path,
          endpoint: path,
          status: 403,
          bytes: 42,
          latencyMs: r.int(1, 6),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: "python-httpx/0.27.0",
          scenario: "gateway-scanner",
          attack: true,
          actor: "gateway-scanner",
        });
      }
    };
  },
};
