// A scanner's guesses must not become API endpoints, whether the server
// answers them 404 or refuses them 403 (a WAF, a deny-all location): on the
// real database, a scanner's 300 random paths answered 403 beside a small real
// API leave the inventory as it was, while a protected path refused to many
// callers, and a login under attack, stay in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "../context";
import { analyseLines, createTestServices, testWorkspace } from "../testing";
import { listEndpoints } from "./inventory";

const at = (i: number) => {
  const s = 3600 + i;
  return `[16/Nov/2026:${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")} +0000]`;
};
const line = (i: number, ip: string, request: string, status: number, user = "-") =>
  `${ip} - ${user} ${at(i)} "${request} HTTP/1.1" ${status} 120 "-" "client/1.0"`;

/** Random-looking words from a seed: a scanner's word list. */
const word = (n: number) => {
  let x = (n * 2654435761) >>> 0;
  let out = "";
  for (let i = 0; i < 7; i++) {
    out += String.fromCharCode(97 + (x % 26));
    x = Math.floor(x / 26) + i * 7919;
  }
  return out;
};

const REAL = [
  ...Array.from({ length: 60 }, (_, i) =>
    line(i, `198.51.100.${i % 6}`, `GET /v1/orders/${1000 + i}`, 200, `u${i % 6}`),
  ),
  ...Array.from({ length: 30 }, (_, i) => line(100 + i, `198.51.100.${i % 6}`, "GET /v1/orders", 200, `u${i % 6}`)),
  ...Array.from({ length: 20 }, (_, i) =>
    line(200 + i, `198.51.100.${i % 6}`, "POST /v1/auth/login", i % 4 ? 200 : 401),
  ),
];
// Refused to many callers: a real, protected endpoint.
const PROTECTED = Array.from({ length: 8 }, (_, i) => line(300 + i, `192.0.2.${i + 1}`, "GET /v1/admin/export", 403));
// One scanner, 300 guesses, all refused; and a few refusals on one made-up path from two addresses.
const SCANNER = [
  ...Array.from({ length: 150 }, (_, i) => line(400 + i, "203.0.113.66", `GET /${word(i)}`, 403)),
  ...Array.from({ length: 150 }, (_, i) => line(600 + i, "203.0.113.66", `GET /v1/${word(i + 1000)}`, 403)),
  ...[1, 2].map((k) => line(800 + k, `203.0.113.${70 + k}`, "GET /.env", 403)),
];

// Paths scanners try on every host (from the honeypot log in engine/fixtures/hostile and common word lists).
const PROBES = [
  "/.env",
  "/.git/config",
  "/wp-login.php",
  "/phpmyadmin/index.php",
  "/admin/config.php",
  "/server-status",
];
// A catch-all (a single-page app's fallback, a default route) answers every guess 200.
const CATCH_ALL = [
  ...PROBES.map((p, i) => line(900 + i, "203.0.113.90", `GET ${p}`, 200)),
  ...Array.from({ length: 80 }, (_, i) => line(910 + i, "203.0.113.90", `GET /${word(i + 2000)}`, 200)),
  ...Array.from({ length: 80 }, (_, i) => line(1000 + i, "203.0.113.90", `GET /v1/${word(i + 3000)}`, 200)),
  ...Array.from({ length: 40 }, (_, i) => line(1100 + i, "203.0.113.90", `GET /v1/orders/${word(i + 4000)}/x`, 200)),
];

// Alone on endpoints nobody else calls, but no scanner: a partner on its own API, an admin on a few admin pages.
const ALONE = [
  ...Array.from({ length: 40 }, (_, i) =>
    line(
      1200 + i,
      "192.0.2.50",
      i % 2 ? `GET /partner/v2/charges/ch_${9000 + i}x7` : "POST /partner/v2/charges",
      200,
      "acme",
    ),
  ),
  ...Array.from({ length: 10 }, (_, i) => line(1250 + i, "192.0.2.50", "GET /partner/v2/balance", 200, "acme")),
  ...["users", "audit", "settings", "billing", "flags", "jobs", "exports", "roles"].map((p, i) =>
    line(1270 + i, "192.0.2.60", `GET /admin/${p}`, 200, "root-admin"),
  ),
];

describe("scanner noise in the inventory", { timeout: 60_000 }, () => {
  let ctx: ServiceContext;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ ctx, drop } = await createTestServices());
    tenantId = await testWorkspace(ctx, "Scanned");
    await analyseLines(ctx, tenantId, [...REAL, ...PROTECTED, ...SCANNER]);
  });
  afterAll(() => drop());

  it("keeps the real API and the protected path, and none of a scanner's refused guesses", async () => {
    const inventory = await listEndpoints(ctx, tenantId, { pageSize: 200, sort: "template", order: "asc" });
    expect(inventory.rows.map((e) => `${e.method} ${e.template}`)).toEqual([
      "GET /v1/admin/export",
      "POST /v1/auth/login",
      "GET /v1/orders",
      "GET /v1/orders/{orderId}",
    ]);
  });

  it("keeps none of a scanner's guesses that a catch-all answered 200, and what one caller alone uses", async () => {
    const caught = await testWorkspace(ctx, "Caught");
    await analyseLines(ctx, caught, [...REAL, ...CATCH_ALL, ...ALONE]);
    const inventory = await listEndpoints(ctx, caught, { pageSize: 200, sort: "template", order: "asc" });
    expect(inventory.rows.map((e) => `${e.method} ${e.template}`)).toEqual([
      "GET /admin/audit",
      "GET /admin/billing",
      "GET /admin/exports",
      "GET /admin/flags",
      "GET /admin/jobs",
      "GET /admin/roles",
      "GET /admin/settings",
      "GET /admin/users",
      "GET /partner/v2/balance",
      "POST /partner/v2/charges",
      "GET /partner/v2/charges/{chargeId}",
      "POST /v1/auth/login",
      "GET /v1/orders",
      "GET /v1/orders/{orderId}",
    ]);
  });
});
