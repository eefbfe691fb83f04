// The kinds of sensitive data Lantern recognises and their names in words.
// No imports: the dashboard's browser code reads this file too.
export const SENSITIVE_TYPES = [
  "email",
  "phone",
  "card",
  "iban",
  "ssn",
  "dob",
  "ip",
  "jwt",
  "api_key",
  "password",
  "session_id",
] as const;
export type SensitiveType = (typeof SENSITIVE_TYPES)[number];
export const SENSITIVE_PLACES = ["path", "query", "request_body", "response_body"] as const;
export type SensitivePlace = (typeof SENSITIVE_PLACES)[number];
/** "type:where", as stored on events. */
export type SensitiveCode = `${SensitiveType}:${SensitivePlace}`;
export const PLACE_LABEL: Record<SensitivePlace, string> = {
  path: "path",
  query: "query string",
  request_body: "request body",
  response_body: "response body",
};

export const SENSITIVE_LABEL: Record<SensitiveType, string> = {
  email: "Email addresses",
  phone: "Phone numbers",
  card: "Payment card numbers",
  iban: "IBANs",
  ssn: "US social security numbers",
  dob: "Dates of birth",
  ip: "IP addresses",
  jwt: "JWTs",
  api_key: "API keys and tokens",
  password: "Passwords",
  session_id: "Session ids",
};
/** Credentials rather than personal data: finding one in a URL is a leak in itself. */
export const CREDENTIAL_TYPES: ReadonlySet<SensitiveType> = new Set(["jwt", "api_key", "password", "session_id"]);
