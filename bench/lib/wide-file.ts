// A large workspace for the page-latency benchmark: 50 services × 100
// endpoints = 5,000 endpoints, 30 days of traffic in the simulator's rich
// nginx format, N lines in time order. Popularity is Zipf-like (a few hot
// endpoints, a long tail), callers are partners with API keys, signed-in users
// with bearer tokens and anonymous addresses. Written once to the temp
// directory (a fixed seed) and reused.
import { createWriteStream, existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIM_FORMATS } from "@lantern/simulator/formats";
import type { SimRequest } from "@lantern/simulator/generate";
import { createRandom } from "@lantern/simulator/random";

const SERVICES = 50;
const DAYS = 30;
const START = Date.UTC(2026, 8, 1);

// Collections and sub-resources: real-looking words, ten collections per
// service and three sub-resources each (fewer than the templater's 20 distinct
// words per place, so they stay literal as they would in a real API).
const NOUNS = [
  "orders",
  "customers",
  "invoices",
  "payments",
  "refunds",
  "products",
  "carts",
  "shipments",
  "accounts",
  "users",
  "teams",
  "projects",
  "tickets",
  "messages",
  "files",
  "reports",
  "subscriptions",
  "plans",
  "coupons",
  "reviews",
  "devices",
  "sessions",
  "webhooks",
  "events",
  "tasks",
  "notes",
  "contacts",
  "leads",
  "deals",
  "campaigns",
  "assets",
  "locations",
  "vendors",
  "contracts",
  "budgets",
  "expenses",
  "payouts",
  "disputes",
  "transfers",
  "balances",
];
const SUBS = [
  "items",
  "history",
  "notes",
  "attachments",
  "comments",
  "status",
  "permissions",
  "members",
  "logs",
  "settings",
  "metrics",
  "tags",
];
const WORDS = ["core", "edge", "billing", "identity", "catalog", "search", "ledger", "notify", "media", "partner"];
const AGENTS = [
  "okhttp/4.12.0",
  "python-requests/2.32.3",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
  "axios/1.7.2",
  "Go-http-client/2.0",
];

type Endpoint = { host: string; method: string; template: string; collection: string; sub?: string };

/** The 5,000 endpoints the traffic is drawn from (also the truth for the benchmark's sanity check). */
export function wideEndpoints(): Endpoint[] {
  const out: Endpoint[] = [];
  for (let h = 0; h < SERVICES; h++) {
    const host = `${WORDS[h % 10]}-${Math.floor(h / 10) + 1}.bench.example`;
    for (let i = 0; i < 10; i++) {
      const c = NOUNS[(h * 3 + i) % NOUNS.length]!;
      const base = `/v1/${c}`;
      out.push(
        { host, method: "GET", template: base, collection: c },
        { host, method: "POST", template: base, collection: c },
      );
      out.push(
        { host, method: "GET", template: `${base}/{id}`, collection: c },
        { host, method: "PATCH", template: `${base}/{id}`, collection: c },
      );
      for (let j = 0; j < 3; j++) {
        const sub = SUBS[(h + i + j) % SUBS.length]!;
        out.push(
          { host, method: "GET", template: `${base}/{id}/${sub}`, collection: c, sub },
          { host, method: "POST", template: `${base}/{id}/${sub}`, collection: c, sub },
        );
      }
    }
  }
  return out;
}

export async function wideLogFile(lines: number): Promise<string> {
  const file = join(tmpdir(), `lantern-bench-wide-${lines}.log`);
  if (existsSync(file)) return file;
  const random = createRandom(11);
  const endpoints = wideEndpoints();
  // Zipf-like popularity (weight 1/rank^0.9) over a shuffled order.
  const order = endpoints.map((_, i) => i).sort(() => random.next() - 0.5);
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < order.length; rank++) cumulative.push((total += 1 / (rank + 1) ** 0.9));
  const pickEndpoint = () => {
    const x = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return endpoints[order[lo]!]!;
  };
  const partners = Array.from({ length: 300 }, () => `nwk_live_${random.hex(24)}`);
  const users = Array.from({ length: 20_000 }, () => `tok_${random.hex(32)}`);
  const ip = () => `${random.int(11, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
  const ips = Array.from({ length: 50_000 }, ip);

  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const span = DAYS * 86_400_000;
  let buffer = "";
  for (let n = 0; n < lines; n++) {
    const e = pickEndpoint();
    const ts = START + Math.floor((n / lines) * span);
    const id =
      e.collection.length % 3 === 0
        ? `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`
        : String(random.int(1, 5_000_000));
    const path = e.template.replace("{id}", id);
    const who = random.next();
    const apiKey = who < 0.3 ? random.pick(partners) : undefined;
    const authorization = who >= 0.3 && who < 0.8 ? `Bearer ${random.pick(users)}` : undefined;
    const roll = random.next();
    const status =
      roll < 0.01
        ? 500
        : roll < 0.03
          ? 401
          : roll < 0.07 && e.template.includes("{id}")
            ? 404
            : e.method === "POST"
              ? 201
              : 200;
    const clientIp = random.pick(ips);
    const request: SimRequest = {
      ts,
      method: e.method,
      host: e.host,
      path,
      query:
        e.method === "GET" && !e.template.endsWith("{id}") && random.chance(0.5)
          ? `limit=50&offset=${random.int(0, 20) * 50}`
          : undefined,
      status,
      bytes: random.int(200, 40_000),
      latencyMs: random.int(5, 400),
      clientIp,
      peerIp: clientIp,
      userAgent: random.pick(AGENTS),
      authorization,
      apiKey,
      endpoint: e.template,
      scenario: "wide",
      attack: false,
      actor: apiKey ?? authorization ?? clientIp,
    };
    buffer += `${SIM_FORMATS.nginx(request)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  await rename(partial, file);
  return file;
}
