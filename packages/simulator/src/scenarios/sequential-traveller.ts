// A traveller going from place to place (benign look-alike): a consultant who uses the app from home in the United
// Kingdom for two days, then on the third from Paris in the morning and, after a flight, from Berlin in the
// afternoon. Each hop is one a person can make in the time between calls (at most ~300 km/h), unlike a
// stolen credential used in two places at once. Its requests are labelled "sequential-traveller".
import { APP_AGENTS, ENDPOINTS } from "../business";
import { fill, HOUR, LOAD_BALANCER, payloads, userToken, weighted } from "../request";
import type { Scenario } from "../world";

/**
 * Where the consultant calls from, by hour since the scenarios' first day (negative: a longer run's history): home from
 * 08:00 to 20:00 until the third day, then Paris in the morning and Berlin from 14:00 (11–13: flying; nights: asleep).
 */
function placeOn(dayHour: number, ips: { home: string; paris: string; berlin: string }): string | null {
  const clock = ((dayHour % 24) + 24) % 24;
  if (dayHour < 48) return clock >= 8 && clock <= 20 ? ips.home : null;
  const h = dayHour - 48;
  if (h >= 7 && h <= 10) return ips.paris;
  if (h >= 14 && h <= 20) return ips.berlin;
  return null;
}

export const sequentialTraveller: Scenario = {
  name: "sequential-traveller",
  create(w) {
    const r = w.stream(331_777);
    const user = {
      sub: `usr_${(880_000 + (w.seed % 1000)).toString(36)}`,
      accountId: 880_000 + (w.seed % 1000),
    };
    const ips = {
      home: `86.12.${r.int(0, 255)}.${r.int(1, 254)}`,
      paris: `90.84.${r.int(0, 255)}.${r.int(1, 254)}`,
      berlin: `87.123.${r.int(0, 255)}.${r.int(1, 254)}`,
    };
    const agent = APP_AGENTS[0]!;
    const endpoints = ENDPOINTS.filter((e) => e.auth === "user");
    return (h, batch) => {
      const ip = placeOn(h - w.scenarioStart, ips);
      if (!ip) return;
      const token = userToken(r, user.sub, h);
      for (let i = r.int(2, 5); i > 0; i--) {
        const e = weighted(r, endpoints);
        const own = { accountId: user.accountId, paymentId: `pay_${r.hex(12)}`, cardId: user.accountId * 3 };
        batch.push({
          ts: h * HOUR + r.int(0, HOUR - 1),
          method: e.method,
          host: e.host,
          path: fill(e.template, own),
          endpoint: e.template,
          ...payloads(e, user, 4_200),
          ...(e.template.endsWith("/transactions") ? { query: "limit=20" } : {}),
          status: e.method === "POST" ? 201 : 200,
          bytes: r.int(300, 4_000),
          latencyMs: r.int(8, 180),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: agent,
          authorization: `Bearer ${token}`,
          scenario: "sequential-traveller",
          attack: false,
          actor: user.sub,
        });
      }
    };
  },
};
