// Secrets never leave the parser in clear: an API key, token, password,
// cookie or secret-looking query value becomes a keyed hash (HMAC-SHA256
// with the workspace's own key, so hashes cannot be compared across
// workspaces or reversed by dictionary without the key) plus a short prefix
// people can recognise.
import { createHmac } from "node:crypto";
import { KeyMemo } from "./key-memo";

export type MaskedSecret = { hash: string; display: string };

const masks = new KeyMemo<MaskedSecret>();

/** Frozen and possibly shared between events: the same secret on many lines is hashed once. */
export const maskSecret = (value: string, tenantKey: string | Buffer): MaskedSecret =>
  masks.get(tenantKey, value, hashSecret);

function hashSecret(value: string, tenantKey: string | Buffer): MaskedSecret {
  const hash = createHmac("sha256", tenantKey).update(value).digest("base64url").slice(0, 22);
  return Object.freeze({ hash, display: displayPrefix(value) });
}

/** At most 4 characters and never more than a sixth of the secret, then "…". */
export function displayPrefix(value: string): string {
  const visible = Math.min(4, Math.floor(value.length / 6));
  return `${value.slice(0, visible)}…`;
}

const SECRET_NAME =
  /pass(word|wd)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|auth|signature|^sig$|session|sid$|credential|private|^code$|otp|^key$/i;

/** Query parameter names that carry credentials in practice. */
export const isSecretName = (name: string) => SECRET_NAME.test(name);

const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/;

/**
 * A value that looks like a credential whatever its name: a JWT, or a long
 * random-looking string mixing letters and digits (keys, tokens, hashes).
 */
export function looksSecret(value: string): boolean {
  if (JWT.test(value)) return true;
  if (value.length < 24 || value.length > 512 || /\s/.test(value)) return false;
  if (!/^[A-Za-z0-9_\-+/=.~%]+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(value)).length;
  // UUIDs and plain hex ids are identifiers, not credentials.
  if (/^[0-9a-f-]+$/i.test(value) && (value.length === 32 || value.length === 36 || value.length === 40)) return false;
  return classes >= 2 && /\d/.test(value);
}

export const isJwt = (value: string) => JWT.test(value);
