// Credential stuffing (attack, second day 03:00): a botnet tries leaked passwords on the sign-in, many addresses with few tries each, mostly failing.
// Its requests are labelled "credential-stuffing".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

export const credentialStuffing: Scenario = {
  name: "credential-stuffing",
  create(w) {
    const { r } = w;
    const hour = w.scenarioStart + Math.min(w.hours - 1, 24 + 3);
    return (h, batch) => {
      if (!(h === hour)) return;
      // Credential stuffing from a botnet: many addresses, few tries each, mostly failing.
      for (let i = 0; i < 2_400; i++) {
        const ip = `${r.int(23, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
        const ok = r.chance(0.004);
        batch.push({
          ts: h * HOUR + Math.floor(r.next() * 2_400_000),
          method: "POST",
          host: HOSTS.public,
          path: "/v1/auth/login",
          endpoint: "/v1/auth/login",
          status: ok ? 200 : 401,
          bytes: ok ? 890 : 64,
          latencyMs: r.int(60, 140),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: r.pick(["python-requests/2.31.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"]),
          scenario: "credential-stuffing",
          attack: true,
          actor: "botnet",
        });
      }
    };
  },
};
