// The fictional business: Northwind Pay, a payments company with a public
// API for its mobile app, a partner API for merchants, and internal services.
import type { Random } from "./random";

export type Endpoint = {
  method: string;
  template: string;
  host: string;
  auth: "user" | "partner" | "internal" | "staff" | "none";
  weight: number;
  status?: () => number;
};

export const HOSTS = {
  public: "api.northwind.example",
  partner: "partners.northwind.example",
  internal: "ledger.internal",
};

export const ENDPOINTS: Endpoint[] = [
  { method: "GET", template: "/v1/accounts/{accountId}", host: HOSTS.public, auth: "user", weight: 20 },
  { method: "GET", template: "/v1/accounts/{accountId}/transactions", host: HOSTS.public, auth: "user", weight: 25 },
  { method: "POST", template: "/v1/payments", host: HOSTS.public, auth: "user", weight: 8 },
  { method: "GET", template: "/v1/payments/{paymentId}", host: HOSTS.public, auth: "user", weight: 10 },
  { method: "GET", template: "/v1/cards/{cardId}", host: HOSTS.public, auth: "user", weight: 5 },
  { method: "POST", template: "/v1/auth/login", host: HOSTS.public, auth: "none", weight: 4 },
  { method: "GET", template: "/v1/products", host: HOSTS.public, auth: "none", weight: 10 },
  { method: "GET", template: "/health", host: HOSTS.public, auth: "none", weight: 2 },
  { method: "POST", template: "/partner/v2/charges", host: HOSTS.partner, auth: "partner", weight: 30 },
  { method: "GET", template: "/partner/v2/charges/{chargeId}", host: HOSTS.partner, auth: "partner", weight: 20 },
  { method: "POST", template: "/partner/v2/refunds", host: HOSTS.partner, auth: "partner", weight: 3 },
  { method: "GET", template: "/partner/v2/settlements/summary", host: HOSTS.partner, auth: "partner", weight: 4 },
  // Back-office functions for Northwind's support staff, behind the same public gateway.
  { method: "GET", template: "/v1/admin/users", host: HOSTS.public, auth: "staff", weight: 8 },
  { method: "POST", template: "/v1/admin/users/{userId}/unlock", host: HOSTS.public, auth: "staff", weight: 2 },
  {
    method: "GET",
    template: "/internal/ledger/{accountId}/balance",
    host: HOSTS.internal,
    auth: "internal",
    weight: 30,
  },
  { method: "POST", template: "/internal/ledger/entries", host: HOSTS.internal, auth: "internal", weight: 20 },
];

/** Paths Northwind declares as decoys (Settings → decoy endpoints): never used by its own clients. */
export const DECOYS = ["/v1/admin/export", "/.git/*"];

/** What a scanner walks: the usual word list of admin pages, leaked files and framework endpoints. */
export const WORD_LIST = [
  "/.env",
  "/.git/config",
  "/.git/HEAD",
  "/wp-login.php",
  "/wp-admin/",
  "/xmlrpc.php",
  "/admin",
  "/admin/login",
  "/administrator/",
  "/phpmyadmin/",
  "/pma/",
  "/server-status",
  "/server-info",
  "/config.json",
  "/config.yml",
  "/.aws/credentials",
  "/.DS_Store",
  "/backup.zip",
  "/backup.sql",
  "/db.sql",
  "/dump.sql",
  "/actuator",
  "/actuator/env",
  "/actuator/heapdump",
  "/console",
  "/debug",
  "/api/v1/debug",
  "/swagger.json",
  "/v2/api-docs",
  "/graphql",
  "/.svn/entries",
  "/.htaccess",
  "/web.config",
  "/info.php",
  "/phpinfo.php",
  "/test.php",
  "/shell.php",
  "/cgi-bin/test.cgi",
  "/solr/admin/",
  "/jenkins/",
  "/manager/html",
  "/owa/",
  "/remote/login",
  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/v1/admin/export",
  "/v1/admin/users",
  "/v1/internal/metrics",
  "/api/admin",
  "/api/internal",
  "/.well-known/security.txt",
];

export type User = { sub: string; accountId: number; ips: string[]; agent: string; activity: number };
export type Partner = {
  name: string;
  apiKey: string;
  ip: string;
  agent: string;
  perHour: number;
  nightlyBatch: boolean;
};
export type InternalService = { name: string; ip: string; agent: string };

/** What the mobile and web apps send: one of these per user. */
export const APP_AGENTS = [
  "NorthwindPay/5.2.1 (iOS 18.1)",
  "NorthwindPay/5.2.0 (Android 15)",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15",
];

export function createPopulation(r: Random, sizes = { users: 400, partners: 12 }) {
  const publicIp = () =>
    `${r.pick([81, 86, 92, 109, 151, 176, 185, 212])}.${r.int(1, 254)}.${r.int(0, 254)}.${r.int(1, 254)}`;
  // A person's addresses stay in one country: all in the first one's /24 (registries split /16s between countries),
  // the others' draws still made so every seed's stream is unchanged.
  const homeIps = (n: number) => {
    const ips = Array.from({ length: n }, publicIp);
    const net = ips[0]!.split(".").slice(0, 3).join(".");
    return ips.map((ip, i) => (i === 0 ? ip : `${net}.${ip.split(".")[3]}`));
  };
  const users: User[] = Array.from({ length: sizes.users }, (_, i) => ({
    sub: `usr_${(100000 + i * 37).toString(36)}`,
    accountId: 100000 + i * 7,
    ips: homeIps(r.int(1, 3)),
    agent: r.pick(APP_AGENTS),
    activity: 0.2 + r.next() * 1.8,
  }));
  const partners: Partner[] = Array.from({ length: sizes.partners }, (_, i) => ({
    name: `partner-${String(i + 1).padStart(3, "0")}`,
    apiKey: `pk_live_${r.hex(24)}`,
    // Partners' servers sit in a UK cloud region, each on its own network.
    ip: `51.140.${10 + i}.20`,
    agent: r.pick(["python-requests/2.32.3", "okhttp/4.12.0", "Go-http-client/2.0", "partner-sync/3.1"]),
    perHour: r.int(10, 60),
    nightlyBatch: i % 4 === 0,
  }));
  const internal: InternalService[] = [
    { name: "payments-worker", ip: "10.20.1.15", agent: "payments-worker/1.9" },
    { name: "statements", ip: "10.20.3.40", agent: "statements/2.4" },
  ];
  return { users, partners, internal };
}

/** Traffic by hour of day (UTC): quiet at night, peaks at lunch and evening. */
export function diurnal(hour: number): number {
  const lunch = Math.exp(-((hour - 12.5) ** 2) / 8);
  const evening = Math.exp(-((hour - 19.5) ** 2) / 6);
  return 0.15 + 0.9 * lunch + 0.8 * evening;
}
