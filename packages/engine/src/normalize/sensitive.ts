// Sensitive data in what a request carries: personal data (emails, phone
// numbers, payment cards, IBANs, US SSNs, dates of birth, IP addresses) and
// credentials (JWTs, API keys, passwords, session ids). Runs at ingestion,
// the only place raw query values and bodies exist: what it finds is kept on
// the event as "type:where" codes; the values themselves are not.
//
// False positives are what make such a feature useless, so a value alone is
// enough only where its shape is unambiguous and checked (Luhn for cards,
// mod-97 for IBANs, the SSA's rules for dashed SSNs, a decodable JWT header,
// an email with a real-looking domain). Types whose shape is shared with
// ordinary ids (phone numbers, dates of birth, undashed SSNs, passwords)
// need the field's name to say so too.
import { isIPv4, isIPv6 } from "node:net";
import { isJwt, looksSecret } from "./secrets";
import type { SensitiveCode, SensitivePlace, SensitiveType } from "./sensitive-types";

export * from "./sensitive-types";

// Field names that say what a value is.
const PASSWORD_NAME = /^(pass(word|wd)?|pwd|(new|old|current|confirm)[-_]?pass(word)?|passphrase)$/i;
const SESSION_NAME = /^(session([-_]?id)?|sid|sess(id)?|phpsessid|jsessionid|asp\.net_sessionid|connect\.sid)$/i;
const KEY_NAME =
  /^(api[-_]?key|apikey|x-api-key|access[-_]?key|secret[-_]?key|client[-_]?secret|(access|auth|refresh|id|bearer|private)[-_]?token|subscription[-_]?key)$/i;
// Names too common to trust alone ({"key": "theme"}): the value must look random too.
const WEAK_KEY_NAME = /^(key|token|secret|signature|sig)$/i;
const PHONE_NAME = /(phone|mobile|msisdn|^tel$|telephone|^cell|^fax$|whatsapp)/i;
const DOB_NAME = /^(dob|birth[-_]?date|date[-_]?of[-_]?birth|birthday|birth[-_]?day|bday|dateofbirth)$/i;
const SSN_NAME = /^(ssn|social[-_]?security([-_]?(number|no))?|us[-_]?ssn)$/i;
const IP_NAME = /^(ip|ip[-_]?addr(ess)?|client[-_]?ip|remote[-_]?(ip|addr)|source[-_]?ip|user[-_]?ip)$|[-_]ip$/i;

// Any of the names above, in one test: most fields (limit, page, sort, q) are none of them.
const ANY_SENSITIVE_NAME =
  /pass|pwd|sess|sid|key|token|secret|sig|phone|mobile|msisdn|tel|cell|fax|whatsapp|dob|birth|bday|ssn|social|ip|addr/i;

// Keys whose prefix says what they are, wherever they appear.
const KEY_PREFIX =
  /^(sk_(live|test)_\w{10,}|rk_(live|test)_\w{10,}|gh[pousr]_\w{20,}|xox[abpr]-[\w-]{10,}|AKIA[0-9A-Z]{16}|AIza[\w-]{30,}|glpat-[\w-]{20,})$/;
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}$/;
const DASHED_SSN = /^(\d{3})-(\d{2})-(\d{4})$/;
const PLAIN_SSN = /^(\d{3})(\d{2})(\d{4})$/;
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const CARD_SHAPE = /^\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}$|^\d{4}([ -]?)\d{6}\2\d{4,5}$/;

// IBAN lengths by country (the common ones; others are checked by mod-97 alone within 15..34).
const IBAN_LENGTH: Record<string, number> = {
  AT: 20,
  BE: 16,
  CH: 21,
  CZ: 24,
  DE: 22,
  DK: 18,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GR: 27,
  HU: 28,
  IE: 22,
  IT: 27,
  LU: 20,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SK: 24,
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers: 13–19 digits of a real network's range, Luhn-valid, not one repeated digit. */
export function isCardNumber(value: string): boolean {
  if (!CARD_SHAPE.test(value)) return false;
  const digits = value.replace(/[ -]/g, "");
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const network =
    (digits[0] === "4" && [13, 16, 19].includes(digits.length)) || // Visa
    (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && digits.length === 16) || // Mastercard
    ((two === 34 || two === 37) && digits.length === 15) || // Amex
    ((four === 6011 || two === 65 || (four >= 6440 && four <= 6499)) && digits.length >= 16) || // Discover
    (four >= 3528 && four <= 3589 && digits.length >= 16) || // JCB
    ((two === 36 || two === 38 || (four >= 3000 && four <= 3059)) && digits.length === 14) || // Diners
    (two === 62 && digits.length >= 16); // UnionPay
  return network && luhnValid(digits);
}

export function isIban(value: string): boolean {
  const v = value.replace(/ /g, "");
  if (!IBAN_SHAPE.test(v)) return false;
  const expected = IBAN_LENGTH[v.slice(0, 2)];
  if (expected !== undefined ? v.length !== expected : v.length < 15 || v.length > 34) return false;
  // Mod 97 of the rearranged number, letters as 10..35, computed piecewise.
  const rearranged = v.slice(4) + v.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const n = ch >= "A" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = n >= 10 ? (rest * 100 + n) % 97 : (rest * 10 + n) % 97;
  }
  return rest === 1;
}

/** The SSA's rules: no area 000, 666 or 9xx, no group 00, no serial 0000. */
function ssnParts(area: string, group: string, serial: string): boolean {
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$|^(\d{2})[/.-](\d{2})[/.-](\d{4})$|^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return false;
  const year = Number(m[1] ?? m[6] ?? m[7]);
  return year >= 1900 && year <= 2100;
}

const phoneDigits = (value: string) => (/^\+?[\d ().-]{7,22}$/.test(value) ? value.replace(/\D/g, "").length : 0);

/**
 * What a value is, if sensitive. `name` is the field that holds it (query
 * parameter, JSON key, or the path segment before it), when there is one.
 */
export function classifyValue(value: string, name?: string): SensitiveType | null {
  const v = value.trim();
  if (v.length < 3 || v.length > 4096) return null;
  if (name && ANY_SENSITIVE_NAME.test(name)) {
    if (PASSWORD_NAME.test(name)) return "password";
    if (SESSION_NAME.test(name)) return "session_id";
    if (KEY_NAME.test(name)) return isJwt(v) ? "jwt" : v.length >= 8 ? "api_key" : null;
    if (WEAK_KEY_NAME.test(name) && (isJwt(v) || looksSecret(v))) return isJwt(v) ? "jwt" : "api_key";
    if (PHONE_NAME.test(name)) {
      const n = phoneDigits(v);
      if (n >= 7 && n <= 15) return "phone";
    }
    if (DOB_NAME.test(name) && isDate(v)) return "dob";
    if (SSN_NAME.test(name)) {
      const m = DASHED_SSN.exec(v) ?? PLAIN_SSN.exec(v);
      if (m && ssnParts(m[1]!, m[2]!, m[3]!)) return "ssn";
    }
    if (IP_NAME.test(name) && (isIPv4(v) || isIPv6(v))) return "ip";
  }
  const first = v.charCodeAt(0);
  if (first === 101 /* e */ && isJwt(v)) return "jwt";
  if (hasKeyPrefix(v)) return "api_key";
  if (v.includes("@")) return EMAIL.test(v) ? "email" : null;
  if (first >= 48 && first <= 57) {
    if (isCardNumber(v)) return "card";
    const ssn = DASHED_SSN.exec(v);
    if (ssn && ssnParts(ssn[1]!, ssn[2]!, ssn[3]!)) return "ssn";
    // Four dotted numbers are an address only when each is a byte written plainly (1.2.3.4, not 01.2.3.4).
    if (isIPv4(v)) return "ip";
    if (!v.includes(":")) return null;
  }
  if (first === 43 /* + */) {
    const n = phoneDigits(v);
    return n >= 10 && n <= 15 ? "phone" : null;
  }
  if (first >= 65 && first <= 90 && isIban(v)) return "iban";
  // IPv6: hex groups and at least three colons; a time like 12:30:00 is not valid IPv6.
  if (v.includes(":") && /^[0-9a-f:.]+$/i.test(v) && isIPv6(v) && v.split(":").length >= 4) return "ip";
  return null;
}

/** How a sensitive value may be shown: enough to recognise it, never the whole. */
export function maskSensitive(type: SensitiveType, value: string): string {
  switch (type) {
    case "email":
      return value.replace(/^(.)[^@]*(@.*)$/, "$1***$2");
    case "card": {
      const d = value.replace(/\D/g, "");
      return `${d.slice(0, 6)}${"*".repeat(d.length - 10)}${d.slice(-4)}`;
    }
    case "iban":
      return `${value.slice(0, 4)}…${value.slice(-4)}`;
    case "ssn":
      return `***-**-${value.slice(-4)}`;
    case "phone":
      return `${value.slice(0, 3)}…${value.slice(-2)}`;
    case "dob":
      return `${value.slice(0, 4)}-**-**`;
    case "ip":
      return value;
    default:
      return `${value.slice(0, Math.min(4, Math.floor(value.length / 6)))}…`;
  }
}

/** Collects the codes of one request; most requests have none, so nothing is allocated until one is found. */
export class SensitiveFindings {
  private codes: SensitiveCode[] | null = null;
  add(type: SensitiveType, where: SensitivePlace) {
    const code: SensitiveCode = `${type}:${where}`;
    if (!this.codes) this.codes = [code];
    else if (!this.codes.includes(code)) this.codes.push(code);
  }
  list(): SensitiveCode[] {
    return this.codes ?? NONE;
  }
}
const NONE = Object.freeze([]) as unknown as SensitiveCode[];

// A path can hold something sensitive only if it has an @, a long digit run,
// a JWT, a known key prefix, an IBAN-like run, a dotted quad or several colons.
const PATH_MAY_HOLD =
  /@|%40|\d{7}|\d{3}-\d{2}-\d{4}|eyJ|[sr]k_(?:live|test)_|gh[pousr]_|xox[abpr]-|AKIA|AIza|glpat-|[A-Z]{2}\d\d[A-Z0-9]{11}|\d\.\d{1,3}\.\d{1,3}\.\d|:[0-9a-f]{0,4}:/;

/**
 * Adds what the path's segments hold to `into`; returns the path with card
 * numbers, IBANs and SSNs masked (they are never stored whole), or null when
 * nothing needed masking (the usual case).
 */
export function scanPath(path: string, into: SensitiveFindings): string | null {
  if (!PATH_MAY_HOLD.test(path)) return null;
  const segments = path.split("/");
  let masked = false;
  for (let i = 1; i < segments.length; i++) {
    const raw = segments[i]!;
    if (raw.length < 3) continue;
    let segment = raw;
    if (raw.includes("%")) {
      try {
        segment = decodeURIComponent(raw);
      } catch {
        /* keep it raw */
      }
    }
    // The segment before names the value (/users/by-email/…, /ssn/…) for the types that need a name.
    const type = classifyValue(segment, segments[i - 1] || undefined);
    if (!type) continue;
    // A password or key "named" by a path word is too weak a signal; only keys that prove themselves count in paths.
    if ((type === "password" || type === "session_id" || type === "api_key") && !hasKeyPrefix(segment)) continue;
    into.add(type, "path");
    if (type === "card" || type === "iban" || type === "ssn") {
      segments[i] = maskSensitive(type, segment);
      masked = true;
    }
  }
  return masked ? segments.join("/") : null;
}

/** API keys whose prefix names their issuer (Stripe, GitHub, Slack, AWS, Google, GitLab). */
export const hasKeyPrefix = (value: string) => KEY_PREFIX.test(value);

const MAX_BODY = 64 * 1024;
const MAX_LEAVES = 2_000;

/** JSON leaves, form fields or, for other text, candidate tokens. */
export function scanBody(
  body: string | undefined,
  where: "request_body" | "response_body",
  into: SensitiveFindings,
): void {
  if (!body) return;
  const text = body.length > MAX_BODY ? body.slice(0, MAX_BODY) : body;
  const trimmed = text.trimStart();
  if ((trimmed[0] === "{" || trimmed[0] === "[") && text.length === body.length) {
    try {
      walkJson(JSON.parse(trimmed), undefined, where, into, { leaves: 0 });
      return;
    } catch {
      /* not JSON after all: scan as text */
    }
  }
  if (/^[\w.%-]+=[^&\s]*(&[\w.%-]+=[^&\s]*)*$/.test(trimmed)) {
    for (const pair of trimmed.split("&")) {
      const eq = pair.indexOf("=");
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, " "));
        } catch {
          return s;
        }
      };
      const type = classifyValue(decode(pair.slice(eq + 1)), decode(pair.slice(0, eq)));
      if (type) into.add(type, where);
    }
    return;
  }
  for (const m of text.matchAll(
    /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}|eyJ[\w-]+\.[\w-]+\.[\w-]*|\b\d{3}-\d{2}-\d{4}\b|\b\d{4}[ -]?\d{4,6}[ -]?\d{4,5}[ -]?\d{0,4}\b|\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b/g,
  )) {
    const type = classifyValue(m[0]);
    if (type) into.add(type, where);
  }
}

function walkJson(
  value: unknown,
  name: string | undefined,
  where: "request_body" | "response_body",
  into: SensitiveFindings,
  budget: { leaves: number },
): void {
  if (budget.leaves >= MAX_LEAVES) return;
  if (typeof value === "string" || typeof value === "number") {
    budget.leaves++;
    const type = classifyValue(String(value), name);
    if (type) into.add(type, where);
  } else if (Array.isArray(value)) {
    for (const item of value) walkJson(item, name, where, into, budget);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) walkJson(item, key, where, into, budget);
  }
}
