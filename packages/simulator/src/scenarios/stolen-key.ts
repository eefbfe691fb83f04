// A stolen partner key (attack, third day 14:00): refunds issued in bulk from an address the partner never used.
// Its requests are labelled "stolen-key".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

export const stolenKey: Scenario = {
  name: "stolen-key",
  create(w) {
    // Clamped like the first scenarios, so a short demo has it.
    const hour = w.scenarioStart + Math.min(w.hours - 1, 48 + 14);
    const victim = w.partners[2]!;
    const stolen = w.stream(104_729);
    return (h, batch) => {
      if (!(h === hour)) return;
      // A stolen partner key: refunds issued in bulk from an address the partner never used, twenty-odd times its usual volume.
      const ip = `185.220.${stolen.int(100, 103)}.${stolen.int(1, 254)}`;
      for (let i = 0; i < 700; i++) {
        batch.push({
          ts: h * HOUR + i * 4_200 + stolen.int(0, 999),
          method: "POST",
          host: HOSTS.partner,
          path: "/partner/v2/refunds",
          endpoint: "/partner/v2/refunds",
          status: 201,
          query: `notify=${encodeURIComponent(`drop${i % 40}@mailbox.example`)}`,
          sensitive: ["email:query"],
          bytes: stolen.int(200, 400),
          latencyMs: stolen.int(20, 250),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: "python-requests/2.32.3",
          apiKey: victim.apiKey,
          scenario: "stolen-key",
          attack: true,
          actor: "key-thief",
        });
      }
    };
  },
};
