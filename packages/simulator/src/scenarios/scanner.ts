// A scanner (attack, third day 20:00): a word list of admin pages and leaked files, the decoy admin export among them.
// Its requests are labelled "scanner".
import { HOSTS, WORD_LIST } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

export const scanner: Scenario = {
  name: "scanner",
  create(w) {
    // Third day only (unclamped, added after the first scenarios), so shorter runs stay as they were.
    const hour = w.scenarioStart + 48 + 20;
    const scanner = w.stream(130_363);
    return (h, batch) => {
      if (!(h === hour)) return;
      // A scanner walks a word list three times over: admin pages, leaked files, the decoy admin export among them.
      const ip = `45.146.${scanner.int(164, 167)}.${scanner.int(1, 254)}`;
      for (let i = 0; i < WORD_LIST.length * 3; i++) {
        const path = WORD_LIST[i % WORD_LIST.length]!;
        const exists = path === "/.well-known/security.txt";
        batch.push({
          ts: h * HOUR + 600_000 + i * 2_500 + scanner.int(0, 999),
          method: "GET",
          host: HOSTS.public,
          path,
          endpoint: path,
          status: exists ? 200 : path === "/v1/admin/export" || path === "/v1/admin/users" ? 401 : 404,
          bytes: scanner.int(100, 300),
          latencyMs: scanner.int(2, 20),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: "Mozilla/5.0 zgrab/0.x",
          scenario: "scanner",
          attack: true,
          actor: "scanner",
        });
      }
    };
  },
};
