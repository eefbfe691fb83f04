import { randomBytes } from "node:crypto";

// Prefixed ids say what they are when pasted into a ticket or a chat.
export const ID_PREFIXES = {
  user: "usr",
  tenant: "ws",
  membership: "mem",
  invitation: "inv",
  apiToken: "tok",
  audit: "aud",
  upload: "upl",
  service: "svc",
  endpoint: "ep",
  change: "chg",
  correction: "cor",
  spec: "spec",
  actor: "act",
  alert: "alr",
  alertActivity: "ala",
  suppression: "sup",
  threatList: "til",
  session: "ses",
  passwordReset: "pwr",
  finding: "fnd",
  findingActivity: "fna",
  blockEntry: "blk",
  allowEntry: "alw",
  integration: "int",
  delivery: "dlv",
  responsePolicy: "pol",
  policyMatch: "pom",
  ticketLink: "tkt",
  savedHunt: "hnt",
} as const;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/** A new id such as `inv_5k2m…`: prefix plus 16 random base32 characters (80 bits). */
export function newId(kind: keyof typeof ID_PREFIXES): string {
  const bytes = randomBytes(16);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return `${ID_PREFIXES[kind]}_${out}`;
}
