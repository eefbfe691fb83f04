// The posture checks that judge one endpoint from the inventory's figures
// (passive: nothing is sent to the customer's API). Each check is a small
// function that returns a finding or nothing; judgeEndpoint runs them all.
// Severity follows the convention in types.ts.
import { belongsInInventory, type EndpointStats, summarise } from "../discovery/endpoint-stats";
import { ATTACK_LABEL, type AttackKind } from "../payloads/classify";
import { CREDENTIAL_TYPES, type SensitiveType } from "../normalize/sensitive-types";
import type { ReadinessCheckId } from "../readiness";
import { type Check, capitalised, count, dataList, label, PUBLIC, pct, type Summary } from "./check-kit";
import { ACCOUNT_ROUTE, ADMIN_ROUTE } from "../route-words";
import { graphqlIntrospection, verboseErrorBodies } from "./leak-checks";
import { bruteForce, noRateLimit } from "./rate-checks";
import { type EndpointFacts, type PostureFinding, SEVERITY_ORDER } from "./types";

/** Data whose exposure is a breach in itself: payment and identity numbers, credentials. */
export const CRITICAL_DATA: ReadonlySet<SensitiveType> = new Set(["card", "ssn", "iban", ...CREDENTIAL_TYPES]);
export const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Writes every public API takes without a credential besides signing in and recovery: sign-ups, webhooks, telemetry. */
const PUBLIC_INTAKE =
  /(^|\/)(logout|signup|sign-up|register|webhooks?|callback|contact|subscribe|track|events|collect|telemetry|csp-report|graphql)(\/|$)/i;
const publicWrite = (template: string) => ACCOUNT_ROUTE.test(template) || PUBLIC_INTAKE.test(template);
const PAGING_PARAMS =
  /^(limit|page|page_?size|per_?page|size|offset|cursor|count|top|skip|first|last|max|after|before)$/i;
const CREDENTIAL_PARAMS =
  /^(access_?token|id_?token|refresh_?token|token|api_?key|apikey|x-api-key|secret|client_?secret|password|passwd|pwd|pass|auth|authorization|session_?id|sessionid|sid|jwt)$/i;
const NON_PRODUCTION_HOST =
  /(^|[.-])(dev|develop|development|staging|stage|stg|sandbox|test|testing|qa|uat|preprod)([.-]|$)/i;
const DEBUG_ARTEFACTS: [RegExp, "high" | "medium" | "low", string][] = [
  [/(^|\/)\.(env|git|svn|hg|ds_store|aws|ssh)(\/|$)/i, "high", "a dot-file of the server's source or secrets"],
  [
    /(^|\/)(actuator|debug\/pprof|debug\/vars|server-status|server-info|phpinfo(\.php)?|_profiler|__debug__|elmah\.axd|trace\.axd)(\/|$)/i,
    "high",
    "a debugging or monitoring endpoint",
  ],
  [
    /(^|\/)(swagger(-ui)?(\.html|\.json)?|openapi(\.json|\.yaml)?|api-docs|redoc|graphiql|playground)(\/|$)/i,
    "low",
    "the API's documentation",
  ],
];

/** Sensitive data the endpoint served (in its answers), by type. */
export function servedData(s: Summary): SensitiveType[] {
  return s.sensitive.filter((x) => x.places.some((p) => p.where === "response_body")).map((x) => x.type);
}

/** Sensitive data seen in the URL (path or query string), by type. */
function dataInUrl(s: Summary): SensitiveType[] {
  return s.sensitive.filter((x) => x.places.some((p) => p.where === "path" || p.where === "query")).map((x) => x.type);
}

/** Calls that carried these types in the URL (the larger of path and query per type: a lower bound). */
function urlCalls(s: Summary, types: SensitiveType[]): number {
  return s.sensitive
    .filter((x) => types.includes(x.type))
    .reduce(
      (sum, x) =>
        sum +
        Math.max(
          0,
          ...x.places.filter((p) => p.where !== "response_body" && p.where !== "request_body").map((p) => p.calls),
        ),
      0,
    );
}

const paramCalls = (e: EndpointFacts, names: string[]) =>
  names.reduce((sum, n) => sum + (e.stats.query[n]?.calls ?? 0), 0);

const unauthenticatedSensitive: Check = (e, s) => {
  const served = servedData(s);
  if (!s.unauthenticated || served.length === 0) return null;
  const critical = served.some((t) => CRITICAL_DATA.has(t));
  const everyCall = s.authenticatedShare === 0;
  return {
    check: "unauthenticated-sensitive-data",
    evidence: e.stats.unauthenticatedSuccesses,
    owasp: "API2",
    severity: critical ? "critical" : PUBLIC(s) ? "high" : "medium",
    confidence: everyCall ? "observed" : "inferred",
    title: `Serves ${dataList(served)} without authentication`,
    detail:
      `${label(e)} answered ${count(e.stats.unauthenticatedSuccesses)} calls with 2xx although they carried no credential, ` +
      `and its answers carry ${dataList(served)}${everyCall ? "" : ` (${pct(s.authenticatedShare)} of its calls did carry one)`}.`,
    fix: "Require authentication on this route (at the gateway or in the handler) and check that the caller may see the object; if some fields must stay public, return them from a separate route without the personal data.",
    facts: {
      unauthenticatedSuccesses: e.stats.unauthenticatedSuccesses,
      authenticatedShare: s.authenticatedShare,
      data: served,
    },
  };
};

const unauthenticatedAdmin: Check = (e, s) => {
  if (!s.unauthenticated || !PUBLIC(s) || !ADMIN_ROUTE.test(e.template)) return null;
  return {
    check: "unauthenticated-admin",
    evidence: e.stats.unauthenticatedSuccesses,
    owasp: "API5",
    severity: "high",
    confidence: "observed",
    title: "Administrative route reachable without credentials from the internet",
    detail: `${label(e)} answered ${count(e.stats.unauthenticatedSuccesses)} calls from public addresses with 2xx and no credential.`,
    fix: "Put administrative routes behind authentication and a role check, and keep them off the public listener (an internal host, a VPN or an IP allow-list at the gateway).",
    facts: { unauthenticatedSuccesses: e.stats.unauthenticatedSuccesses },
  };
};

const unauthenticatedWrite: Check = (e, s) => {
  if (!WRITE_METHODS.has(e.method) || !s.unauthenticated || !PUBLIC(s) || publicWrite(e.template)) return null;
  return {
    check: "unauthenticated-write",
    evidence: e.stats.unauthenticatedSuccesses,
    owasp: "API2",
    severity: "high",
    confidence: "observed",
    title: `${e.method} accepted without credentials`,
    detail: `${label(e)} changed state for ${count(e.stats.unauthenticatedSuccesses)} calls that carried no credential (2xx answers).`,
    fix: "Require authentication for every method that changes data; if anonymous writes are intended (a public form), rate-limit them and say so in the spec.",
    facts: { unauthenticatedSuccesses: e.stats.unauthenticatedSuccesses },
  };
};

const credentialsInUrl: Check = (e, s) => {
  const types = dataInUrl(s).filter((t) => CREDENTIAL_TYPES.has(t));
  const params = Object.entries(e.stats.query)
    .filter(([name, p]) => CREDENTIAL_PARAMS.test(name) && p.calls > 0)
    .map(([name]) => name);
  if (types.length === 0 && params.length === 0) return null;
  return {
    check: "credentials-in-url",
    evidence: urlCalls(s, types) + paramCalls(e, params),
    owasp: "API2",
    severity: "high",
    confidence: "observed",
    title: "Credentials sent in the URL",
    detail: `${label(e)} receives ${[types.length ? dataList(types) : "", params.length ? `query parameters named ${params.join(", ")}` : ""].filter(Boolean).join(" and ")}: URLs are written to access logs, proxies and browser history, so the credential leaks with them.`,
    fix: "Send tokens and keys in the Authorization header (or a cookie) and reject them in the query string; rotate the credentials already logged.",
    facts: { data: types, parameters: params },
  };
};

const personalDataInUrl: Check = (e, s) => {
  const types = dataInUrl(s).filter((t) => !CREDENTIAL_TYPES.has(t) && t !== "ip");
  if (types.length === 0) return null;
  const grave = types.some((t) => CRITICAL_DATA.has(t));
  return {
    check: "personal-data-in-url",
    evidence: urlCalls(s, types),
    owasp: "API8",
    severity: grave ? "high" : "medium",
    confidence: "observed",
    title: `${capitalised(dataList(types))} in the URL`,
    detail: `${label(e)} carries ${dataList(types)} in its path or query string, which access logs, proxies, analytics and the Referer header keep.`,
    fix: "Move personal data into the request body (POST) or refer to it by an opaque id.",
    facts: { data: types },
  };
};

const verboseErrors: Check = (e, s) => {
  const errors = e.stats.status["5xx"];
  if (e.stats.calls < 50 || errors < 20 || s.errorShare < 0.05) return null;
  return {
    check: "server-errors",
    evidence: errors,
    owasp: "API8",
    severity: s.errorShare >= 0.2 ? "medium" : "low",
    confidence: "inferred",
    title: `${pct(s.errorShare)} of calls end in a server error`,
    detail: `${label(e)} answered ${count(errors)} of ${count(e.stats.calls)} calls with 5xx: unhandled errors often return stack traces and internals, and show where input breaks the code.`,
    fix: "Handle the failing cases and return a generic error body (no stack traces, SQL or paths); log the detail on the server instead.",
    facts: { serverErrors: errors, calls: e.stats.calls, errorShare: s.errorShare },
  };
};

const unboundedResponses: Check = (e, s) => {
  const p95 = s.responseBytes.p95 ?? 0;
  const collection = !/\{[^}]+\}$/.test(e.template);
  const paged = Object.keys(e.stats.query).some((name) => PAGING_PARAMS.test(name));
  if (e.method !== "GET" || !collection || paged || p95 < 100_000 || e.stats.calls < 20) return null;
  return {
    check: "unbounded-responses",
    evidence: e.stats.calls,
    owasp: "API4",
    severity: "medium",
    confidence: "inferred",
    title: "Large answers with no paging",
    detail: `${label(e)} answers ${count(Math.round(p95 / 1024))} KiB at the 95th percentile and no call used a limit or page parameter: one request can pull a whole collection.`,
    fix: "Page the collection with a server-side maximum page size (and a default), and cap the response size at the gateway.",
    facts: { p95ResponseBytes: p95 },
  };
};

const guessableIds: Check = (e, s) => {
  const numeric = e.variables.filter((v) => v.kind === "number");
  if (numeric.length === 0 || !PUBLIC(s)) return null;
  const exposed = s.unauthenticated;
  const served = servedData(s);
  return {
    check: "guessable-ids",
    evidence: e.stats.found,
    owasp: "API1",
    severity: exposed && served.length > 0 ? "high" : exposed ? "medium" : "low",
    confidence: "inferred",
    title: "Sequential ids in the path",
    detail: `${label(e)} names objects by integers (${numeric.map((v) => `{${v.name}}`).join(", ")}), so anyone can walk them one by one${exposed ? ", and it answers without credentials" : ""}${served.length ? `; its answers carry ${dataList(served)}` : ""}.`,
    fix: "Check on every call that the caller owns or may see the object named, and prefer random ids (UUIDs) in URLs so they cannot be guessed.",
    facts: { variables: numeric.map((v) => v.name), unauthenticated: exposed ? "yes" : "no" },
  };
};

const zombieEndpoint: Check = (e) => {
  if (e.specStatus !== "zombie") return null;
  return {
    check: "zombie-endpoint",
    evidence: e.stats.found,
    owasp: "API9",
    severity: "medium",
    confidence: "observed",
    title: "Deprecated or removed endpoint still answering",
    detail: `${label(e)} is deprecated or gone from the service's spec, yet it answered ${count(e.stats.found)} calls.`,
    fix: "Retire it at the gateway (410 Gone) once its callers have moved; until then give it the same authentication and patches as the current version.",
    facts: { calls: e.stats.found },
  };
};

const shadowEndpoint: Check = (e, s) => {
  if (e.specStatus !== "shadow" || !PUBLIC(s)) return null;
  const served = servedData(s);
  return {
    check: "shadow-endpoint",
    evidence: e.stats.found,
    owasp: "API9",
    severity: served.length > 0 ? "high" : "medium",
    confidence: "observed",
    title: "Undocumented endpoint on a public host",
    detail: `${label(e)} is not in the service's spec and answered ${count(e.stats.found)} calls from the internet${served.length ? `, carrying ${dataList(served)}` : ""}.`,
    fix: "Add it to the spec (and its security review) or remove it; undocumented routes miss the checks documented ones get.",
    facts: { calls: e.stats.found, data: served },
  };
};

const nonProductionHost: Check = (e, s) => {
  if (!PUBLIC(s) || !NON_PRODUCTION_HOST.test(e.host) || e.stats.northSouth === 0) return null;
  return {
    check: "non-production-host",
    evidence: e.stats.northSouth,
    owasp: "API9",
    severity: "medium",
    confidence: "observed",
    title: "Non-production host reached from the internet",
    detail: `${e.host} looks like a test or staging host and answered ${count(e.stats.northSouth)} calls from public addresses on ${label(e)}.`,
    fix: "Keep test and staging hosts off the internet (VPN or allow-list), and never give them production data or credentials.",
    facts: { publicCalls: e.stats.northSouth },
  };
};

const exposedArtefact: Check = (e, s) => {
  if (e.stats.status["2xx"] === 0 || !PUBLIC(s)) return null;
  const hit = DEBUG_ARTEFACTS.find(([pattern]) => pattern.test(e.template));
  if (!hit) return null;
  const [, severity, what] = hit;
  return {
    check: "exposed-artefact",
    evidence: e.stats.status["2xx"],
    owasp: "API8",
    severity,
    confidence: "observed",
    title: `Serves ${what} to the internet`,
    detail: `${label(e)} answered ${count(e.stats.status["2xx"])} calls from public addresses with 2xx.`,
    fix:
      severity === "low"
        ? "Publish API documentation deliberately (or behind sign-in); it maps every route for an attacker."
        : "Block the path at the web server or gateway and remove it from the deployed build.",
    facts: { successes: e.stats.status["2xx"] },
  };
};

const traceEnabled: Check = (e) => {
  if ((e.method !== "TRACE" && e.method !== "TRACK") || e.stats.status["2xx"] === 0) return null;
  return {
    check: "trace-enabled",
    evidence: e.stats.status["2xx"],
    owasp: "API8",
    severity: "low",
    confidence: "observed",
    title: `${e.method} is enabled`,
    detail: `${label(e)} answered ${count(e.stats.status["2xx"])} calls with 2xx; TRACE echoes the request, cookies and headers included.`,
    fix: "Disable TRACE and TRACK at the web server (nginx and most gateways refuse them unless told otherwise).",
    facts: { successes: e.stats.status["2xx"] },
  };
};

const cleartext: Check = (e, s) => {
  const http = e.stats.schemes?.http ?? 0;
  if (http === 0 || !PUBLIC(s)) return null;
  const withCredentials = e.stats.schemes?.httpWithCredentials ?? 0;
  const served = servedData(s);
  return {
    check: "cleartext-http",
    evidence: http,
    owasp: "API8",
    severity: withCredentials > 0 || served.length > 0 ? "high" : "medium",
    confidence: "observed",
    title: "Answers over cleartext HTTP",
    detail:
      `${label(e)} answered ${count(http)} calls over plain HTTP from the internet` +
      `${withCredentials > 0 ? `, ${count(withCredentials)} of them carrying a credential anyone on the path can read` : ""}` +
      `${served.length ? `; its answers carry ${dataList(served)}` : ""}.`,
    fix: "Serve the API over HTTPS only: redirect or refuse HTTP at the edge, send Strict-Transport-Security, and rotate credentials that travelled in clear.",
    facts: { cleartextCalls: http, withCredentials, httpsCalls: e.stats.schemes?.https ?? 0 },
  };
};

const JWT_WEAKNESS = {
  "alg-none": {
    severity: "critical",
    title: "Accepts unsigned JWTs (alg none)",
    why: "were unsigned (alg none): anyone can write such a token and name any user",
  },
  "no-exp": { severity: "high", title: "Accepts JWTs that never expire", why: "had no expiry (exp)" },
  "long-lived": {
    severity: "medium",
    title: "Accepts JWTs valid for more than 30 days",
    why: "were issued for more than 30 days",
  },
} as const;

const weakJwt: Check = (e) => {
  // The worst weakness the endpoint accepted (answered 2xx); a refused forgery is the system working.
  const worst = (["alg-none", "no-exp", "long-lived"] as const).find((w) => (e.stats.weakJwt?.[w]?.accepted ?? 0) > 0);
  if (!worst) return null;
  const seen = e.stats.weakJwt![worst]!;
  const w = JWT_WEAKNESS[worst];
  return {
    check: "weak-jwt",
    evidence: seen.accepted,
    owasp: "API2",
    severity: w.severity,
    confidence: "observed",
    title: w.title,
    detail: `${label(e)} answered ${count(seen.accepted)} calls with 2xx whose bearer JWTs ${w.why}.`,
    fix:
      worst === "alg-none"
        ? "Verify every token's signature with an allow-list of algorithms (never 'none'), at the gateway or in the JWT library's options."
        : "Issue short-lived access tokens (minutes to an hour) with exp, refresh them with refresh tokens, and reject tokens without exp or beyond a maximum lifetime.",
    facts: { weakness: worst, accepted: seen.accepted, calls: seen.calls },
  };
};

const basicAuth: Check = (e) => {
  const basic = e.stats.basicAuth;
  if (!basic || basic.calls === 0) return null;
  return {
    check: "basic-auth",
    evidence: basic.calls,
    owasp: "API2",
    severity: basic.cleartext > 0 ? "high" : "medium",
    confidence: "observed",
    title: "HTTP Basic authentication in use",
    detail:
      `${label(e)} received ${count(basic.calls)} calls with a username and password in the Authorization header (HTTP Basic)` +
      `${basic.cleartext > 0 ? `, ${count(basic.cleartext)} of them over cleartext HTTP, where anyone on the path reads the password` : ""}: ` +
      "the password travels with every request, never expires and cannot be scoped.",
    fix: "Exchange the password once for a short-lived token (OAuth 2.0 client credentials, or a session), or give machine callers scoped API keys; never accept Basic over HTTP.",
    facts: { calls: basic.calls, overCleartext: basic.cleartext },
  };
};

const deprecatedTls: Check = (e, s) => {
  const t = e.stats.tls;
  if (!t || (t.deprecated === 0 && t.weakCipher === 0) || !PUBLIC(s)) return null;
  const weak = t.deprecated + t.weakCipher;
  return {
    check: "deprecated-tls",
    evidence: weak,
    owasp: "API8",
    severity: t.weakCipher > 0 || e.stats.withCredentials > 0 ? "high" : "medium",
    confidence: "observed",
    title: t.weakCipher > 0 ? "Weak TLS ciphers accepted" : "Deprecated TLS versions accepted",
    detail:
      `${label(e)} was reached over ${t.deprecated > 0 ? `a deprecated protocol (SSL, TLS 1.0 or 1.1) ${count(t.deprecated)} times` : ""}` +
      `${t.deprecated > 0 && t.weakCipher > 0 ? " and " : ""}${t.weakCipher > 0 ? `a weak cipher ${count(t.weakCipher)} times` : ""}` +
      ` out of ${count(t.calls)} calls whose TLS was logged (for example ${t.example}): they can be downgraded or decrypted.`,
    fix: "Accept TLS 1.2 and 1.3 only, with AEAD ciphers (AES-GCM, ChaCha20-Poly1305), at the load balancer or CDN; tell the few old clients to upgrade first.",
    facts: { deprecated: t.deprecated, weakCipher: t.weakCipher, logged: t.calls, example: t.example ?? "" },
  };
};

const attackPayloads: Check = (e) => {
  const seen = e.stats.attackCalls;
  if (!seen || seen.calls === 0) return null;
  const kinds = (Object.entries(e.stats.attacks ?? {}) as [AttackKind, number][]).sort((a, b) => b[1] - a[1]);
  const names = kinds.map(([k]) => ATTACK_LABEL[k]).join(", ");
  // A payload answered with 5xx reached code that broke on it; answered with 2xx, it was at least accepted.
  const severity = seen["5xx"] > 0 ? "high" : seen["2xx"] > 0 ? "medium" : "low";
  const answered =
    seen["5xx"] > 0
      ? `${count(seen["5xx"])} of them ended in a server error, a sign the input reached code that broke on it`
      : seen["2xx"] > 0
        ? `${count(seen["2xx"])} of them were answered 2xx`
        : "every one was refused";
  return {
    check: "attack-payloads",
    evidence: seen.calls,
    owasp: kinds.some(([k]) => k === "ssrf") ? "API7" : "API8",
    severity,
    confidence: severity === "low" ? "observed" : "inferred",
    title: "Probed with attack payloads",
    detail: `${label(e)} received ${count(seen.calls)} calls carrying ${names} in the path or query string; ${answered}.`,
    fix: "Validate input against the spec (types, lengths, allowed characters) at the gateway or in the handler, use parameterised queries and output encoding, and block the callers sending payloads.",
    facts: {
      calls: seen.calls,
      answered2xx: seen["2xx"],
      answered5xx: seen["5xx"],
      kinds: kinds.map(([k, n]) => `${k}: ${n}`),
    },
  };
};

/**
 * Every check, with the log fields it needs (readiness checks, engine/readiness.ts):
 * when the workspace's logs lack one, the check is not run (it would see
 * every call as unauthenticated, or every caller as internal) and the
 * Findings page says so, with the fix for the logs.
 */
export type CheckSpec = { id: string; name: string; needs: ReadinessCheckId[]; judge: Check };

export const CHECKS: readonly CheckSpec[] = [
  {
    id: "unauthenticated-sensitive-data",
    name: "Sensitive data served without credentials",
    needs: ["identity"],
    judge: unauthenticatedSensitive,
  },
  {
    id: "unauthenticated-admin",
    name: "Admin routes open to the internet",
    needs: ["identity", "client_ip"],
    judge: unauthenticatedAdmin,
  },
  {
    id: "unauthenticated-write",
    name: "Writes without credentials",
    needs: ["identity", "client_ip"],
    judge: unauthenticatedWrite,
  },
  { id: "credentials-in-url", name: "Credentials in URLs", needs: ["query_string"], judge: credentialsInUrl },
  { id: "personal-data-in-url", name: "Personal data in URLs", needs: ["query_string"], judge: personalDataInUrl },
  { id: "server-errors", name: "Sustained server errors", needs: [], judge: verboseErrors },
  {
    id: "verbose-errors",
    name: "Server errors with large bodies",
    needs: ["response_size"],
    judge: verboseErrorBodies,
  },
  {
    id: "unbounded-responses",
    name: "Large answers with no paging",
    needs: ["response_size", "query_string"],
    judge: unboundedResponses,
  },
  { id: "guessable-ids", name: "Sequential ids in paths", needs: ["client_ip"], judge: guessableIds },
  { id: "zombie-endpoint", name: "Zombie endpoints", needs: [], judge: zombieEndpoint },
  { id: "shadow-endpoint", name: "Shadow endpoints on public hosts", needs: ["client_ip"], judge: shadowEndpoint },
  {
    id: "non-production-host",
    name: "Non-production hosts on the internet",
    needs: ["host", "client_ip"],
    judge: nonProductionHost,
  },
  {
    id: "exposed-artefact",
    name: "Debug artefacts and docs on the internet",
    needs: ["client_ip"],
    judge: exposedArtefact,
  },
  { id: "trace-enabled", name: "TRACE enabled", needs: [], judge: traceEnabled },
  {
    id: "graphql-introspection",
    name: "GraphQL introspection answered",
    needs: ["client_ip", "query_string"],
    judge: graphqlIntrospection,
  },
  { id: "basic-auth", name: "HTTP Basic authentication", needs: [], judge: basicAuth },
  { id: "weak-jwt", name: "Weak JWTs accepted", needs: ["identity"], judge: weakJwt },
  { id: "deprecated-tls", name: "Deprecated TLS or weak ciphers", needs: ["client_ip"], judge: deprecatedTls },
  { id: "cleartext-http", name: "Cleartext HTTP", needs: ["client_ip"], judge: cleartext },
  { id: "attack-payloads", name: "Attack payloads in requests", needs: ["query_string"], judge: attackPayloads },
  { id: "no-rate-limit", name: "No rate limiting observed", needs: ["client_ip"], judge: noRateLimit },
  { id: "brute-force", name: "Sign-in open to brute force", needs: ["client_ip"], judge: bruteForce },
];

/** The spec's own lint issues under this endpoint's operation: what the document says, not the traffic. */
function specFindings(e: EndpointFacts): PostureFinding[] {
  return (e.specIssues ?? []).map((issue) => ({
    check: `spec:${issue.rule}`,
    evidence: 0,
    owasp: issue.owasp,
    severity: issue.severity,
    confidence: "spec",
    title: `Spec: ${issue.message}`,
    detail: `The service's spec breaks the OWASP ruleset's rule ${issue.rule} for ${label(e)}, at ${issue.path}.`,
    fix: issue.fix,
    facts: { rule: issue.rule, where: issue.path },
  }));
}

/** Every posture finding for one endpoint, most severe first; checks needing a field the logs lack (`blind`) are not run. */
export function judgeEndpoint(e: EndpointFacts, blind: ReadonlySet<ReadinessCheckId> = new Set()): PostureFinding[] {
  // What is not in the inventory (a scanner's guesses) is not judged either.
  if (!belongsInInventory(e.stats as EndpointStats)) return [];
  const s = summarise(e.stats as EndpointStats);
  const run = CHECKS.filter((c) => !c.needs.some((field) => blind.has(field)));
  return [...run.flatMap((c) => c.judge(e, s) ?? []), ...specFindings(e)].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
}
