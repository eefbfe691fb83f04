// Scraping (attack, third day 10:00): a partner key pages through the whole catalogue with huge pages.
// Its requests are labelled "scraping".
import { HOSTS } from "../business";
import { HOUR, LOAD_BALANCER } from "../request";
import type { Scenario } from "../world";

export const scraping: Scenario = {
  name: "scraping",
  create(w) {
    const { r } = w;
    const hour = w.scenarioStart + Math.min(w.hours - 1, 48 + 10);
    const scraper = w.partners[5]!;
    return (h, batch) => {
      if (!(h === hour)) return;
      // Scraping: a partner key pages through the whole catalogue with huge pages.
      for (let page = 1; page <= 400; page++) {
        batch.push({
          ts: h * HOUR + page * 8_000,
          method: "GET",
          host: HOSTS.public,
          path: "/v1/products",
          endpoint: "/v1/products",
          query: `page=${page}&limit=500`,
          status: 200,
          bytes: r.int(180_000, 260_000),
          latencyMs: r.int(200, 600),
          clientIp: scraper.ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: scraper.ip,
          userAgent: scraper.agent,
          apiKey: scraper.apiKey,
          scenario: "scraping",
          attack: true,
          actor: scraper.name,
        });
      }
    };
  },
};
