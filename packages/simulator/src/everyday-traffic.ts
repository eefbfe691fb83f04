// Northwind's everyday traffic, hour by hour: its users (signing in once a
// day, paying through the app's flow, now and then cancelling), partners
// (some in a nightly batch), internal services and visitors of payment
// links, following the daily curve. The benign look-alikes that change
// someone's everyday traffic live here too: a traveller, a partner that moved
// its servers, one whose key was rotated, a payment link gone viral.
import { diurnal, HOSTS } from "./business";
import { byAuth, cancelOf, fill, HOUR, LOAD_BALANCER, payloads, type SimRequest, userToken, weighted } from "./request";
import type { World } from "./world";

const BROWSERS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 15) Chrome/131.0 Mobile Safari/537.36",
];

export function everydayTraffic(w: World): (h: number, batch: SimRequest[]) => void {
  const { r, users, partners, internal, scenarioStart, cancels, rotator, rotatedAt, rotatedKey } = w;
  const userEndpoints = byAuth("user");
  const partnerEndpoints = byAuth("partner");
  const internalEndpoints = byAuth("internal");
  // Sign-ins draw from their own stream, so adding them left every other request of a seed as it was.
  const signIns = w.stream(7_919);
  const signedInOn = new Map<string, number>();
  const flows = w.stream(211_573);
  // A traveller (benign look-alike): one user flies from 03:00 to 07:00 on the third day and calls from Spain afterwards.
  const traveller = users[88]!;
  const flight = { from: scenarioStart + 48 + 3, landed: scenarioStart + 48 + 7 };
  const abroadIp = `83.44.${w.seed % 200}.${10 + (w.seed % 200)}`;
  // A partner that moved its servers to another network of its UK cloud region and kept calling as before (benign look-alike).
  const mover = partners[9]!;
  const movedAt = scenarioStart + 48;
  // Merchants' payment links, opened by their customers without signing in; one link went viral and is opened by dozens of
  // new visitors every hour (benign look-alike of many callers on one entity).
  const paylinks = w.stream(290_011);
  const links = Array.from({ length: 40 }, () => `pl_${paylinks.hex(12)}`);

  return (h, batch) => {
    const hourOfDay = ((h % 24) + 24) % 24;
    const level = diurnal(hourOfDay) * w.scale;
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
  };
}
