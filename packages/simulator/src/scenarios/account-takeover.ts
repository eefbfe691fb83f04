// Account takeover (attack, third day 16:00): a user's password used from Brazil while the owner uses the app at home.
// Its requests are labelled "account-takeover".
import { ENDPOINTS, type Endpoint } from "../business";
import { fill, HOUR, LOAD_BALANCER, type SimRequest, userToken } from "../request";
import type { Scenario } from "../world";

export const accountTakeover: Scenario = {
  name: "account-takeover",
  create(w) {
    // Someone in Brazil signs in with a user's password and uses the account while its owner does too (third day).
    const hour = w.scenarioStart + 48 + 16;
    const victim2 = w.users[61]!;
    const takeover = w.stream(180_181);
    return (h, batch) => {
      if (!(h === hour)) return;
      // The owner uses the app at home while the attacker, signed in with the stolen password from Brazil, reads the account and pays out.
      const ip = `177.37.${takeover.int(0, 255)}.${takeover.int(1, 254)}`;
      const theirs = userToken(takeover, victim2.sub, h);
      const own = userToken(takeover, victim2.sub, h);
      const call = (ts: number, e: Endpoint, attacker: boolean): SimRequest => ({
        ts,
        method: e.method,
        host: e.host,
        path: fill(e.template, { accountId: victim2.accountId, paymentId: `pay_${takeover.hex(12)}` }),
        endpoint: e.template,
        status: e.template === "/v1/auth/login" ? 200 : e.method === "POST" ? 201 : 200,
        bytes: takeover.int(300, 4000),
        latencyMs: takeover.int(8, 180),
        clientIp: attacker ? ip : victim2.ips[0]!,
        peerIp: LOAD_BALANCER,
        forwardedFor: attacker ? ip : victim2.ips[0],
        userAgent: attacker ? "python-requests/2.32.3" : victim2.agent,
        authorization: e.template === "/v1/auth/login" ? undefined : `Bearer ${attacker ? theirs : own}`,
        scenario: attacker ? "account-takeover" : "user",
        attack: attacker,
        actor: attacker ? "account-thief" : victim2.sub,
      });
      const at = (template: string) => ENDPOINTS.find((e) => e.template === template)!;
      const script = [
        "/v1/auth/login",
        "/v1/accounts/{accountId}",
        "/v1/accounts/{accountId}/transactions",
        "/v1/accounts/{accountId}/transactions",
        "/v1/cards/{cardId}",
      ];
      for (let i = 0; i < 24; i++)
        batch.push(
          call(
            h * HOUR + 600_000 + i * 90_000,
            at(script[i] ?? (i % 3 ? "/v1/accounts/{accountId}/transactions" : "/v1/payments")),
            true,
          ),
        );
      for (let i = 0; i < 6; i++)
        batch.push(
          call(
            h * HOUR + 300_000 + i * 480_000 + takeover.int(0, 60_000),
            at(i % 2 ? "/v1/accounts/{accountId}" : "/v1/accounts/{accountId}/transactions"),
            false,
          ),
        );
    };
  },
};
