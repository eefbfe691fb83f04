// A simulated request and the helpers every part of the simulator builds
// requests with: Northwind's short-lived user tokens, ids filled into
// templates, payloads with sensitive data, weighted endpoint choice.
import { type Endpoint, ENDPOINTS } from "./business";
import type { Random } from "./random";

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

export const LOAD_BALANCER = "10.0.0.2";
export const HOUR = 3_600_000;

const b64url = (obj: unknown) => Buffer.from(JSON.stringify(obj)).toString("base64url");

/** `claims`: more claims after the usual ones (a business user's org_id); none for the app's consumers. */
export function userToken(r: Random, sub: string, hour: number, claims: Record<string, string> = {}): string {
  // Short-lived tokens: a new one every hour for each user.
  const header = b64url({ alg: "RS256", typ: "JWT" });
  const payload = b64url({
    sub,
    client_id: "mobile-app",
    iss: "https://id.northwind.example",
    iat: hour * 3600,
    exp: hour * 3600 + 3600,
    ...claims,
  });
  return `${header}.${payload}.${r.hex(43)}`;
}

export function fill(template: string, ids: Record<string, number | string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name] ?? 0));
}

// Public test card numbers (Luhn-valid, never issued): what a payment form would send.
const TEST_CARDS = ["4242424242424242", "5555555555554444", "378282246310005", "6011111111111117"];

/** A valid GB IBAN for an account: the check digits computed, so the classifier's mod-97 check passes. */
function ibanFor(accountId: number): string {
  const bban = `NWBK601613${String(accountId).padStart(8, "0")}`;
  const numeric = `${bban}GB00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of numeric) rest = (rest * 10 + Number(d)) % 97;
  return `GB${String(98 - rest).padStart(2, "0")}${bban}`;
}

/** What Northwind's endpoints carry besides ids: a profile in account answers, a card in payments. */
export function payloads(
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
export function cancelOf(paid: SimRequest, paymentId: string, afterMs: number): SimRequest {
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

export const byAuth = (auth: Endpoint["auth"]) =>
  ENDPOINTS.filter((e) => e.auth === auth || (auth === "user" && e.auth === "none" && e.template !== "/v1/auth/login"));

export function weighted<E extends { weight: number }>(r: Random, endpoints: readonly E[]): E {
  const total = endpoints.reduce((s, e) => s + e.weight, 0);
  let x = r.next() * total;
  for (const e of endpoints) if ((x -= e.weight) <= 0) return e;
  return endpoints[endpoints.length - 1]!;
}
