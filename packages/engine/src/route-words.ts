// Words in a route template that say what the route does, shared by
// detection and posture: the route the credential-stuffing detector watches
// as a sign-in is the one posture's abuse cases and risk call a sign-in, and
// one list of administrative words serves every check that asks.
const segment = (words: readonly string[]) => new RegExp(`(^|/)(${words.join("|")})(/|$)`, "i");

const SIGN_IN_WORDS = [
  "login",
  "log-in",
  "logon",
  "signin",
  "sign-in",
  "sign_in",
  "auth",
  "authenticate",
  "token",
  "oauth",
  "oauth2",
  "session",
  "sessions",
];
const RECOVERY_WORDS = ["password", "passwords", "reset", "forgot", "mfa", "otp", "2fa", "verify"];
const ADMIN_WORDS = [
  "admin",
  "administrator",
  "internal",
  "debug",
  "manage",
  "management",
  "console",
  "superuser",
  "backoffice",
  "ops",
];

/** Routes that sign people in or hand out tokens. */
export const SIGN_IN_ROUTE = segment(SIGN_IN_WORDS);
/** Sign-in and account recovery: abusing them takes accounts over. */
export const ACCOUNT_ROUTE = segment([...SIGN_IN_WORDS, ...RECOVERY_WORDS]);
/** Administrative, internal and debugging routes. */
export const ADMIN_ROUTE = segment(ADMIN_WORDS);

/** A POST to a route that signs people in: what the credential-stuffing detector watches. */
export const isSignIn = (e: { method: string; template: string }) =>
  e.method === "POST" && SIGN_IN_ROUTE.test(e.template);
