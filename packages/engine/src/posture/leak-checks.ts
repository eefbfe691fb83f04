// Posture checks on what answers give away (API8): server errors whose
// bodies are far larger than the endpoint's other errors (stack traces,
// SQL, paths), and GraphQL introspection answered to the internet (the
// whole schema, every type and field). Both read figures discovery keeps
// (endpoint-stats.ts: errorBytes, introspection).
import { type Check, count, label, PUBLIC } from "./check-kit";

/** A 5xx body this large is rarely a generic error page; nginx's own 502 page is under 600 bytes. */
const LARGE_ERROR_BYTES = 2048;
/** With 4xx answers to compare with, "far larger" is this many times their mean size. */
const LARGER_THAN_4XX = 4;
/** Without them, the floor a 5xx body must clear on its own. */
const LARGE_ERROR_ALONE = 4096;

const mean = (x: { calls: number; bytes: number }) => (x.calls === 0 ? 0 : x.bytes / x.calls);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const verboseErrorBodies: Check = (e) => {
  const sizes = e.stats.errorBytes;
  if (!sizes || sizes["5xx"].calls < 3) return null;
  const server = mean(sizes["5xx"]);
  const client = sizes["4xx"].calls >= 5 ? mean(sizes["4xx"]) : null;
  const large =
    client === null ? server >= LARGE_ERROR_ALONE : server >= LARGE_ERROR_BYTES && server >= LARGER_THAN_4XX * client;
  if (!large) return null;
  return {
    check: "verbose-errors",
    evidence: sizes["5xx"].calls,
    owasp: "API8",
    severity: "medium",
    confidence: "inferred",
    title: "Server errors answer with large bodies",
    detail:
      `${label(e)} answered ${count(sizes["5xx"].calls)} server errors of ${kib(server)} on average` +
      `${client === null ? "" : `, against ${kib(client)} for its 4xx answers`}: bodies that size usually carry a stack trace, a query or file paths.`,
    fix: "Catch errors in the service and answer a short generic body with a correlation id; turn off debug or development error pages in production.",
    facts: {
      serverErrors: sizes["5xx"].calls,
      meanServerErrorBytes: Math.round(server),
      meanClientErrorBytes: client === null ? "none" : Math.round(client),
    },
  };
};

export const graphqlIntrospection: Check = (e, s) => {
  const i = e.stats.introspection;
  if (!i || i.answered === 0 || !PUBLIC(s)) return null;
  return {
    check: "graphql-introspection",
    evidence: i.answered,
    owasp: "API8",
    severity: s.unauthenticated ? "medium" : "low",
    confidence: "observed",
    title: "GraphQL introspection answered",
    detail:
      `${label(e)} answered ${count(i.answered)} of ${count(i.calls)} introspection queries (__schema, __type) with 2xx` +
      `${s.unauthenticated ? ", and it answers without credentials" : ""}: the answer lists every type, field and mutation, the attacker's map of the API.`,
    fix: "Turn introspection off in production (Apollo: introspection: false; graphql-java and others have a flag), or allow it only to signed-in developers.",
    facts: { introspectionQueries: i.calls, answered: i.answered },
  };
};
