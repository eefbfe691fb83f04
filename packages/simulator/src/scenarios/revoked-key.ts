// A revoked key still tried (attack, third day 09:00): the partner rotated a leaked key; its holder keeps trying the old one.
// Its requests are labelled "revoked-key".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

export const revokedKey: Scenario = {
  name: "revoked-key",
  create(w) {
    const { rotation, rotator } = w;
    // The partner rotated its key (world.ts); whoever holds the old one keeps trying it an hour later.
    return (h, batch) => {
      if (!(h === w.rotatedAt + 1)) return;
      const ip = `5.188.${rotation.int(0, 255)}.${rotation.int(1, 254)}`;
      for (let i = 0; i < 60; i++) {
        const refund = i % 3 === 2;
        batch.push({
          ts: h * HOUR + 120_000 + i * 50_000 + rotation.int(0, 999),
          method: refund ? "POST" : "GET",
          host: HOSTS.partner,
          path: refund ? "/partner/v2/refunds" : `/partner/v2/charges/ch_${rotation.hex(24)}`,
          endpoint: refund ? "/partner/v2/refunds" : "/partner/v2/charges/{chargeId}",
          status: 401,
          bytes: 64,
          latencyMs: rotation.int(3, 20),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: "python-requests/2.32.3",
          apiKey: rotator.apiKey,
          scenario: "revoked-key",
          attack: true,
          actor: "key-thief-2",
        });
      }
    };
  },
};
