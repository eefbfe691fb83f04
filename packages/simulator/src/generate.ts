// Generates Northwind Pay's traffic hour by hour: users, partners and
// internal services following the daily curve, plus labelled scenarios.
import { APP_AGENTS, createPopulation, diurnal, ENDPOINTS, HOSTS, WORD_LIST, type Endpoint } from "./business";
import { createRandom, type Random } from "./random";

export type SimRequest = {
  ts: number;
  method: string;
  host: string;
  path: string;
  query?: string;
  status: number;
  bytes: number;
  latencyMs: number;
  clientIp: string;
  /** The address that connected to the logging server (the load balancer for public traffic). */
  peerIp: string;
  forwardedFor?: string;
  userAgent: string;
  authorization?: string;
  apiKey?: string;
  /** Bodies, for the formats that carry them (HAR). */
  requestBody?: string;
  responseBody?: string;
  /** Ground truth: the endpoint template the path was made from. */
  endpoint: string;
  /** Ground truth: the sensitive data the request carries, as "type:where" codes. */
  sensitive?: string[];
  /** Ground truth: which scenario produced the request, and whether it is an attack. */
  scenario: string;
  attack: boolean;
  actor: string;
};

export type SimulateOptions = {
  start: Date;
  days: number;
  seed?: number /** Multiplies normal traffic. */;
  scale?: number;
};

const LOAD_BALANCER = "10.0.0.2";
const HOUR = 3_600_000;

const b64url = (obj: unknown) => Buffer.from(JSON.stringify(obj)).toString("base64url");

function userToken(r: Random, sub: string, hour: number): string {
  // Short-lived tokens: a new one every hour for each user.
  const header = b64url({ alg: "RS256", typ: "JWT" });
  const payload = b64url({
    sub,
    client_id: "mobile-app",
    iss: "https://id.northwind.example",
    iat: hour * 3600,
    exp: hour * 3600 + 3600,
  });
  return `${header}.${payload}.${r.hex(43)}`;
}

function fill(template: string, ids: Record<string, number | string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name] ?? 0));
}

// Public test card numbers (Luhn-valid, never issued): what a payment form would send.
const TEST_CARDS = ["4242424242424242", "5555555555554444", "378282246310005", "6011111111111117"];

/** A valid GB IBAN for an account: the check digits computed, so the classifier's mod-97 check passes. */
export function ibanFor(accountId: number): string {
  const bban = `NWBK601613${String(accountId).padStart(8, "0")}`;
  const numeric = `${bban}GB00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of numeric) rest = (rest * 10 + Number(d)) % 97;
  return `GB${String(98 - rest).padStart(2, "0")}${bban}`;
}

/** What Northwind's endpoints carry besides ids: a profile in account answers, a card in payments. */
function payloads(
  e: Endpoint,
  u: { sub: string; accountId: number },
  amount: number,
): Pick<SimRequest, "requestBody" | "responseBody" | "sensitive"> {
  if (e.method === "GET" && e.template === "/v1/accounts/{accountId}") {
    const profile = {
      id: u.accountId,
      email: `${u.sub}@mail.northwind.example`,
      phone: `+44 7700 9${String(u.accountId % 100000).padStart(5, "0")}`,
      iban: ibanFor(u.accountId),
      currency: "GBP",
    };
    return {
      responseBody: JSON.stringify(profile),
      sensitive: ["email:response_body", "phone:response_body", "iban:response_body"],
    };
  }
  if (e.method === "POST" && e.template === "/v1/payments") {
    const card = TEST_CARDS[u.accountId % TEST_CARDS.length]!;
    return {
      requestBody: JSON.stringify({ amount, currency: "GBP", card: { number: card, expiry: "12/29", cvc: "123" } }),
      sensitive: ["card:request_body"],
    };
  }
  return {};
}

/** The cancellation of a payment just made, by the same caller a little later (never past the hour: hours are generated in order). */
function cancelOf(paid: SimRequest, paymentId: string, afterMs: number): SimRequest {
  const { requestBody: _body, responseBody: _answer, sensitive: _data, query: _query, ...rest } = paid;
  return {
    ...rest,
    ts: Math.min(paid.ts + afterMs, (Math.floor(paid.ts / HOUR) + 1) * HOUR - 1),
    method: "DELETE",
    path: `/v1/payments/${paymentId}`,
    endpoint: "/v1/payments/{paymentId}",
    status: 204,
    bytes: 0,
  };
}

const byAuth = (auth: Endpoint["auth"]) =>
  ENDPOINTS.filter((e) => e.auth === auth || (auth === "user" && e.auth === "none" && e.template !== "/v1/auth/login"));

function weighted(r: Random, endpoints: Endpoint[]): Endpoint {
  const total = endpoints.reduce((s, e) => s + e.weight, 0);
  let x = r.next() * total;
  for (const e of endpoints) if ((x -= e.weight) <= 0) return e;
  return endpoints[endpoints.length - 1]!;
}

export function* simulate(options: SimulateOptions): Generator<SimRequest> {
  const r = createRandom(options.seed ?? 42);
  const scale = options.scale ?? 1;
  const { users, partners, internal } = createPopulation(r);
  const startHour = Math.floor(options.start.getTime() / HOUR);
  const hours = options.days * 24;
  const userEndpoints = byAuth("user");
  const partnerEndpoints = byAuth("partner");
  const internalEndpoints = byAuth("internal");
  // Scenarios happen on fixed hours so a demo of a few days has each once.
  const stuffingHour = startHour + Math.min(hours - 1, 24 + 3);
  const enumerationHour = startHour + Math.min(hours - 1, 24 + 15);
  const scrapingHour = startHour + Math.min(hours - 1, 48 + 10);
  const stolenKeyHour = startHour + Math.min(hours - 1, 48 + 14);
  // Added later, on the third day only (unclamped), so shorter runs stay as they were.
  const scanHour = startHour + 48 + 20;
  const enumerator = users[7]!;
  const scraper = partners[5]!;
  const victim = partners[2]!;
  // Sign-ins draw from their own stream, so adding them left every other request of a seed as it was.
  const signIns = createRandom((options.seed ?? 42) + 7_919);
  const signedInOn = new Map<string, number>();
  // Scenarios added later draw from their own streams too.
  const stolen = createRandom((options.seed ?? 42) + 104_729);
  const scanner = createRandom((options.seed ?? 42) + 130_363);
  const backOffice = createRandom((options.seed ?? 42) + 155_921);
  // Support staff: three signed-in people who use the back-office functions during office hours.
  const staff = [1, 2, 3].map((i) => ({ sub: `stf_${i}`, ip: `81.2.69.${10 + i}` }));
  const staffEndpoints = ENDPOINTS.filter((e) => e.auth === "staff");
  // Function-level abuse: an ordinary user reaches those functions (the gateway forgot to check the role); third day only.
  const escalationHour = startHour + 48 + 11;
  const escalator = users[23]!;
  // Third day too. A traveller (benign look-alike): one user flies from 03:00 to 07:00 and calls from Spain afterwards.
  const traveller = users[88]!;
  const flight = { from: startHour + 48 + 3, landed: startHour + 48 + 7 };
  const abroadIp = `83.44.${(options.seed ?? 42) % 200}.${10 + ((options.seed ?? 42) % 200)}`;
  // A partner that moved its servers to another network of its UK cloud region and kept calling as before (benign look-alike).
  const mover = partners[9]!;
  const movedAt = startHour + 48;
  // Account takeover: someone in Brazil signs in with a user's password and uses the account while its owner does too.
  const takeoverHour = startHour + 48 + 16;
  const victim2 = users[61]!;
  const takeover = createRandom((options.seed ?? 42) + 180_181);
  // People cancel a payment now and then (a minute or a few later); one user loops paying and cancelling on the third day
  // (a cashback paid on each payment and not clawed back on cancellation).
  const cancels = createRandom((options.seed ?? 42) + 201_107);
  const flows = createRandom((options.seed ?? 42) + 211_573);
  // Card testing: a fraudster's new account posts payments straight to the endpoint, one stolen card after another, most declined (third day).
  const cardTestHour = startHour + 48 + 13;
  const carding = createRandom((options.seed ?? 42) + 240_007);
  const loopHour = startHour + 48 + 18;
  const looper = users[140]!;
  // One account's transactions probed from a botnet: each address tries once or twice, without a valid credential (third day).
  const targetHour = startHour + 48 + 22;
  const target = users[200]!;
  const probes = createRandom((options.seed ?? 42) + 223_589);
  // A partner rotates its key at 08:00 on the third day (it leaked); whoever holds the old one keeps trying it an hour later.
  const rotation = createRandom((options.seed ?? 42) + 251_263);
  const rotator = partners[3]!;
  const rotatedAt = startHour + 48 + 8;
  const rotatedKey = `pk_live_${rotation.hex(24)}`;
  // The old Android app puts its token in the URL of transaction lists; someone who read it replays it with a script from the
  // owner's own network (an infostealer on the same Wi-Fi), reading the account at an ordinary pace (third day, 21:00).
  const replayHour = startHour + 48 + 21;
  const replayed = users
    .slice(300)
    .filter((u) => u.agent.includes("5.2.0"))
    .reduce((a, b) => (b.activity > a.activity ? b : a));
  const replay = createRandom((options.seed ?? 42) + 271_829);
  // Merchants' payment links, opened by their customers without signing in; one link went viral and is opened by dozens of
  // new visitors every hour (benign look-alike of many callers on one entity).
  const paylinks = createRandom((options.seed ?? 42) + 290_011);
  const links = Array.from({ length: 40 }, () => `pl_${paylinks.hex(12)}`);
  const BROWSERS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 15) Chrome/131.0 Mobile Safari/537.36",
  ];

  for (let h = startHour; h < startHour + hours; h++) {
    const hourOfDay = ((h % 24) + 24) % 24;
    const level = diurnal(hourOfDay) * scale;
    const batch: SimRequest[] = [];
    const at = () => h * HOUR + Math.floor(r.next() * HOUR);

    for (const u of users) {
      const n = r.count(u.activity * level * 0.6);
      const token = n ? userToken(r, u.sub, h) : "";
      const first = batch.length;
      for (let i = 0; i < n; i++) {
        const e = weighted(r, userEndpoints);
        const own = { accountId: u.accountId, paymentId: `pay_${r.hex(12)}`, cardId: u.accountId * 3 };
        const home = r.pick(u.ips);
        const clientIp = u === traveller && h >= flight.landed ? abroadIp : home;
        const limit = e.template.endsWith("/transactions") ? r.pick([20, 20, 20, 50]) : 0;
        // The old Android app (5.2.0) also puts its token in the URL of transaction lists: a credential leak.
        const legacy = limit > 0 && u.agent.includes("5.2.0");
        const body = payloads(e, u, (u.accountId % 97) * 100 + 99);
        const call: SimRequest = {
          ts: at(),
          method: e.method,
          host: e.host,
          path: fill(e.template, own),
          endpoint: e.template,
          ...body,
          ...(legacy ? { sensitive: [...(body.sensitive ?? []), "jwt:query"] } : {}),
          query: limit
            ? `limit=${limit}${legacy ? `&access_token=${token}` : ""}`
            : e.template === "/v1/products"
              ? `page=${r.int(1, 5)}&limit=20`
              : undefined,
          status: r.chance(0.01) ? 500 : e.method === "POST" ? 201 : 200,
          bytes: r.int(300, 4000),
          latencyMs: r.int(8, 180),
          clientIp,
          peerIp: LOAD_BALANCER,
          forwardedFor: clientIp,
          userAgent: u.agent,
          authorization: e.auth === "user" ? `Bearer ${token}` : undefined,
          scenario: u === traveller && h >= flight.from ? "traveller" : "user",
          attack: false,
          actor: u.sub,
        };
        // On the plane: the request was drawn (the stream stays as it was) but never made.
        if (u === traveller && h >= flight.from && h < flight.landed) continue;
        if (e.method !== "POST" || e.template !== "/v1/payments") {
          batch.push(call);
          continue;
        }
        // The app pays through a flow: the card picker first, the confirmation screen after (their own stream, so the rest stays as it was).
        const step = (template: string, ts: number): SimRequest => {
          const { requestBody: _body, sensitive: _data, ...rest } = call;
          return {
            ...rest,
            ts,
            method: "GET",
            path: fill(template, own),
            endpoint: template,
            status: 200,
            bytes: flows.int(300, 1500),
            latencyMs: flows.int(8, 90),
          };
        };
        batch.push(
          step("/v1/cards/{cardId}", Math.max(h * HOUR, call.ts - flows.int(3_000, 20_000))),
          call,
          step("/v1/payments/{paymentId}", call.ts + flows.int(500, 4_000)),
        );
        if (cancels.chance(0.04)) batch.push(cancelOf(call, own.paymentId, cancels.int(30_000, 300_000)));
      }
      const day = Math.floor(h / 24);
      if (batch.length > first && signedInOn.get(u.sub) !== day) {
        // The app signs in once a day just before its first call, from the same address (the password is in the body,
        // so no credential in the log); now and then after a typo.
        signedInOn.set(u.sub, day);
        const firstCall = batch.slice(first).reduce((a, b) => (b.ts < a.ts ? b : a));
        const attempt = (ts: number, ok: boolean): SimRequest => ({
          ts,
          method: "POST",
          host: HOSTS.public,
          path: "/v1/auth/login",
          endpoint: "/v1/auth/login",
          status: ok ? 200 : 401,
          bytes: ok ? signIns.int(850, 950) : 64,
          latencyMs: signIns.int(60, 140),
          clientIp: firstCall.clientIp,
          peerIp: LOAD_BALANCER,
          forwardedFor: firstCall.clientIp,
          userAgent: u.agent,
          scenario: firstCall.scenario,
          attack: false,
          actor: u.sub,
        });
        const ts = Math.max(h * HOUR, firstCall.ts - signIns.int(1_000, 30_000));
        if (signIns.chance(0.04)) batch.push(attempt(Math.max(h * HOUR, ts - 15_000), false));
        batch.push(attempt(ts, true));
      }
    }
    for (const p of partners) {
      const burst = p.nightlyBatch && hourOfDay === 2;
      // Benign look-alike: some partners settle in one nightly burst, ten times their usual rate.
      const n = r.count(burst ? p.perHour * 10 : p.perHour * (0.5 + level / 2));
      for (let i = 0; i < n; i++) {
        const e = weighted(r, partnerEndpoints);
        // Refunds name the customer to notify in the query string: personal data in URLs.
        const refund = e.template === "/partner/v2/refunds";
        const moved = p === mover && h >= movedAt;
        const ip = moved ? p.ip.replace(/^51\.140\./, "51.141.") : p.ip;
        batch.push({
          ts: at(),
          method: e.method,
          host: e.host,
          path: fill(e.template, { chargeId: `ch_${r.hex(24)}` }),
          endpoint: e.template,
          status: e.method === "POST" ? 201 : 200,
          ...(refund
            ? {
                query: `notify=${encodeURIComponent(`customer${(n * 31 + i) % 997}@shop-${p.name}.example`)}`,
                sensitive: ["email:query"],
              }
            : {}),
          bytes: r.int(200, 1500),
          latencyMs: r.int(20, 250),
          clientIp: ip,
          peerIp: LOAD_BALANCER,
          forwardedFor: ip,
          userAgent: p.agent,
          apiKey: p === rotator && h >= rotatedAt ? rotatedKey : p.apiKey,
          scenario: moved ? "partner-moved" : burst ? "partner-nightly-batch" : "partner",
          attack: false,
          actor: p.name,
        });
      }
    }
    for (const s of internal) {
      const n = r.count(40 * (0.5 + level / 2));
      for (let i = 0; i < n; i++) {
        const e = weighted(r, internalEndpoints);
        batch.push({
          ts: at(),
          method: e.method,
          host: HOSTS.internal,
          path: fill(e.template, { accountId: r.pick(users).accountId }),
          endpoint: e.template,
          status: 200,
          bytes: r.int(80, 400),
          latencyMs: r.int(2, 30),
          clientIp: s.ip,
          peerIp: s.ip,
          userAgent: s.agent,
          scenario: "internal",
          attack: false,
          actor: s.name,
        });
      }
    }
    for (let i = paylinks.count(4 + 30 * level); i > 0; i--) {
      const viral = paylinks.chance(0.85);
      const ip = `${paylinks.int(23, 223)}.${paylinks.int(0, 255)}.${paylinks.int(0, 255)}.${paylinks.int(1, 254)}`;
      const link = viral ? links[0]! : paylinks.pick(links);
      batch.push({
        ts: h * HOUR + paylinks.int(0, HOUR - 1),
        method: "GET",
        host: HOSTS.public,
        path: `/v1/paylinks/${link}`,
        endpoint: "/v1/paylinks/{paylinkId}",
        status: 200,
        bytes: paylinks.int(900, 1400),
        latencyMs: paylinks.int(10, 80),
        clientIp: ip,
        peerIp: LOAD_BALANCER,
        forwardedFor: ip,
        userAgent: paylinks.pick(BROWSERS),
        scenario: viral ? "viral-paylink" : "paylink",
        attack: false,
        actor: "visitor",
      });
    }
    if (h === stuffingHour) {
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
    }
    if (h === enumerationHour) {
      // Object enumeration (BOLA): one signed-in user walks other people's accounts in order.
      const token = userToken(r, enumerator.sub, h);
      for (let i = 0; i < 600; i++) {
        const accountId = 100000 + i * 7;
        batch.push({
          ts: h * HOUR + i * 4_000 + r.int(0, 999),
          method: "GET",
          host: HOSTS.public,
          path: `/v1/accounts/${accountId}`,
          endpoint: "/v1/accounts/{accountId}",
          status: r.chance(0.1) ? 404 : 200,
          bytes: r.int(500, 900),
          latencyMs: r.int(10, 60),
          clientIp: enumerator.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: enumerator.ips[0],
          userAgent: "python-requests/2.32.3",
          authorization: `Bearer ${token}`,
          scenario: "object-enumeration",
          attack: true,
          actor: enumerator.sub,
        });
      }
    }
    if (h === scrapingHour) {
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
    }
    if (h === stolenKeyHour) {
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
    }
    if (hourOfDay >= 8 && hourOfDay < 18) {
      for (const st of staff) {
        const n = backOffice.int(2, 6);
        const token = userToken(backOffice, st.sub, h);
        for (let i = 0; i < n; i++) {
          const e = weighted(backOffice, staffEndpoints);
          const target = backOffice.pick(users);
          batch.push({
            ts: h * HOUR + backOffice.int(0, HOUR - 1),
            method: e.method,
            host: e.host,
            path: fill(e.template, { userId: target.accountId }),
            endpoint: e.template,
            query: e.method === "GET" ? `page=${backOffice.int(1, 3)}` : undefined,
            status: 200,
            bytes: backOffice.int(400, 3000),
            latencyMs: backOffice.int(20, 120),
            clientIp: st.ip,
            peerIp: LOAD_BALANCER,
            forwardedFor: st.ip,
            userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
            authorization: `Bearer ${token}`,
            scenario: "staff",
            attack: false,
            actor: st.sub,
          });
        }
      }
    }
    if (h === escalationHour) {
      const token = userToken(backOffice, escalator.sub, h);
      for (let i = 0; i < 45; i++) {
        const unlock = i % 9 === 8;
        const target = users[(i * 13) % users.length]!;
        batch.push({
          ts: h * HOUR + 300_000 + i * 30_000 + backOffice.int(0, 999),
          method: unlock ? "POST" : "GET",
          host: HOSTS.public,
          path: unlock ? `/v1/admin/users/${target.accountId}/unlock` : "/v1/admin/users",
          endpoint: unlock ? "/v1/admin/users/{userId}/unlock" : "/v1/admin/users",
          query: unlock ? undefined : `page=${i + 1}`,
          status: 200,
          bytes: backOffice.int(400, 3000),
          latencyMs: backOffice.int(20, 120),
          clientIp: escalator.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: escalator.ips[0],
          userAgent: escalator.agent,
          authorization: `Bearer ${token}`,
          scenario: "function-level-abuse",
          attack: true,
          actor: escalator.sub,
        });
      }
    }
    if (h === takeoverHour) {
      // The owner uses the app at home while the attacker, signed in with the stolen password from Brazil, reads the account and pays out.
      const ip = `177.37.${takeover.int(0, 255)}.${takeover.int(1, 254)}`;
      const theirs = userToken(takeover, victim2.sub, h);
      const own = userToken(takeover, victim2.sub, h);
      const call = (ts: number, e: Endpoint, attacker: boolean): SimRequest => ({
        ts,
        method: e.method,
        host: e.host,
        path: fill(e.template, { accountId: victim2.accountId, paymentId: `pay_${takeover.hex(12)}` }),
        endpoint: e.template,
        status: e.template === "/v1/auth/login" ? 200 : e.method === "POST" ? 201 : 200,
        bytes: takeover.int(300, 4000),
        latencyMs: takeover.int(8, 180),
        clientIp: attacker ? ip : victim2.ips[0]!,
        peerIp: LOAD_BALANCER,
        forwardedFor: attacker ? ip : victim2.ips[0],
        userAgent: attacker ? "python-requests/2.32.3" : victim2.agent,
        authorization: e.template === "/v1/auth/login" ? undefined : `Bearer ${attacker ? theirs : own}`,
        scenario: attacker ? "account-takeover" : "user",
        attack: attacker,
        actor: attacker ? "account-thief" : victim2.sub,
      });
      const at = (template: string) => ENDPOINTS.find((e) => e.template === template)!;
      const script = [
        "/v1/auth/login",
        "/v1/accounts/{accountId}",
        "/v1/accounts/{accountId}/transactions",
        "/v1/accounts/{accountId}/transactions",
        "/v1/cards/{cardId}",
      ];
      for (let i = 0; i < 24; i++)
        batch.push(
          call(
            h * HOUR + 600_000 + i * 90_000,
            at(script[i] ?? (i % 3 ? "/v1/accounts/{accountId}/transactions" : "/v1/payments")),
            true,
          ),
        );
      for (let i = 0; i < 6; i++)
        batch.push(
          call(
            h * HOUR + 300_000 + i * 480_000 + takeover.int(0, 60_000),
            at(i % 2 ? "/v1/accounts/{accountId}" : "/v1/accounts/{accountId}/transactions"),
            false,
          ),
        );
    }
    if (h === loopHour) {
      const token = userToken(cancels, looper.sub, h);
      for (let i = 0; i < 35; i++) {
        const e = ENDPOINTS.find((x) => x.method === "POST" && x.template === "/v1/payments")!;
        const paid: SimRequest = {
          ts: h * HOUR + 120_000 + i * 90_000 + cancels.int(0, 999),
          method: e.method,
          host: e.host,
          path: e.template,
          endpoint: e.template,
          ...payloads(e, looper, 2_500),
          status: 201,
          bytes: cancels.int(300, 900),
          latencyMs: cancels.int(8, 180),
          clientIp: looper.ips[0]!,
          peerIp: LOAD_BALANCER,
          forwardedFor: looper.ips[0],
          userAgent: looper.agent,
          authorization: `Bearer ${token}`,
          scenario: "create-cancel-abuse",
          attack: true,
          actor: looper.sub,
        };
        batch.push(paid, cancelOf(paid, `pay_${cancels.hex(12)}`, cancels.int(10_000, 30_000)));
      }
    }
    if (h === cardTestHour) {
      const carder = {
        sub: `usr_${(990_000 + ((options.seed ?? 42) % 1000)).toString(36)}`,
        accountId: 990_000 + ((options.seed ?? 42) % 1000),
      };
      const ip = `92.${carding.int(0, 255)}.${carding.int(0, 255)}.${carding.int(1, 254)}`;
      const token = userToken(carding, carder.sub, h);
      const e = ENDPOINTS.find((x) => x.method === "POST" && x.template === "/v1/payments")!;
      const base = {
        host: HOSTS.public,
        clientIp: ip,
        peerIp: LOAD_BALANCER,
        forwardedFor: ip,
        userAgent: APP_AGENTS[0]!,
        scenario: "card-testing",
        attack: true,
        actor: "carder",
      };
      batch.push({
        ...base,
        ts: h * HOUR + 240_000,
        method: "POST",
        path: "/v1/auth/login",
        endpoint: "/v1/auth/login",
        status: 200,
        bytes: carding.int(850, 950),
        latencyMs: carding.int(60, 140),
      });
      for (let i = 0; i < 45; i++) {
        batch.push({
          ...base,
          ts: h * HOUR + 300_000 + i * 70_000 + carding.int(0, 9_999),
          method: "POST",
          path: e.template,
          endpoint: e.template,
          ...payloads(e, carder, 100 + carding.int(0, 400)),
          status: carding.chance(0.75) ? 402 : 201,
          bytes: carding.int(120, 400),
          latencyMs: carding.int(200, 900),
          authorization: `Bearer ${token}`,
        });
      }
    }
    if (h === replayHour) {
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
    }
    if (h === targetHour) {
      for (let i = 0; i < 60; i++) {
        const ip = `${probes.int(23, 223)}.${probes.int(0, 255)}.${probes.int(0, 255)}.${probes.int(1, 254)}`;
        for (let k = probes.int(1, 2); k > 0; k--) {
          batch.push({
            ts: h * HOUR + 60_000 + i * 45_000 + k * 5_000 + probes.int(0, 999),
            method: "GET",
            host: HOSTS.public,
            path: `/v1/accounts/${target.accountId}/transactions`,
            endpoint: "/v1/accounts/{accountId}/transactions",
            query: "limit=100",
            status: 401,
            bytes: 64,
            latencyMs: probes.int(5, 30),
            clientIp: ip,
            peerIp: LOAD_BALANCER,
            forwardedFor: ip,
            userAgent: probes.pick(["python-requests/2.31.0", "Go-http-client/1.1", "curl/8.5.0"]),
            scenario: "account-targeting",
            attack: true,
            actor: "botnet-2",
          });
        }
      }
    }
    if (h === rotatedAt + 1) {
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
    }
    if (h === scanHour) {
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
    }
    batch.sort((a, b) => a.ts - b.ts);
    yield* batch;
  }
}
