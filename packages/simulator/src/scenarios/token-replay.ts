// Token replay (attack, third day 21:00): a token leaked in a URL replayed by a script from the owner's own network.
// Its requests are labelled "token-replay".
import { HOSTS } from "../business";
import { fill, HOUR, LOAD_BALANCER, userToken } from "../request";
import type { Scenario } from "../world";

export const tokenReplay: Scenario = {
  name: "token-replay",
  create(w) {
    // The old Android app puts its token in the URL of transaction lists; someone who read it replays it with a script
    // from the owner's own network (an infostealer on the same Wi-Fi), reading the account at an ordinary pace.
    const hour = w.scenarioStart + 48 + 21;
    const replayed = w.users
      .slice(300)
      .filter((u) => u.agent.includes("5.2.0"))
      .reduce((a, b) => (b.activity > a.activity ? b : a));
    const replay = w.stream(271_829);
    return (h, batch) => {
      if (!(h === hour)) return;
      const net = replayed.ips[0]!.split(".").slice(0, 3).join(".");
      const ip = `${net}.${replay.int(1, 254)}`;
      const token = userToken(replay, replayed.sub, h);
      const reads = [
        "/v1/accounts/{accountId}",
        ...Array.from({ length: 12 }, () => "/v1/accounts/{accountId}/transactions"),
        "/v1/cards/{cardId}",
        "/v1/accounts/{accountId}",
      ];
      reads.forEach((template, i) => {
        batch.push({
          ts: h * HOUR + 420_000 + i * 95_000 + replay.int(0, 20_000),
          method: "GET",
          host: HOSTS.public,
          path: fill(template, { accountId: replayed.accountId, cardId: replayed.accountId * 3 }),
          endpoint: template,
          query: template.endsWith("/transactions") ? `limit=20&page=${i}` : undefined,
          status: 200,
          bytes: replay.int(300, 4000),
          latencyMs: replay.int(8, 180),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: "python-requests/2.31.0",
          authorization: `Bearer ${token}`,
          scenario: "token-replay",
          attack: true,
          actor: "token-thief",
        });
      });
    };
  },
};
