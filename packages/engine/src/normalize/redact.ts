// Redacts credentials from a raw log line before it is shown as a sample of
// a rejected line: the line did not parse, so its secrets were never masked
// field by field.
import { isSecretName, looksSecret } from "./secrets";

export const REDACTED = "‹redacted›";

export function redactLine(line: string, maxLength = 300): string {
  const redacted = line
    // Authorization schemes followed by a credential.
    .replace(/\b(Bearer|Basic|Token|ApiKey|Digest)\s+[^\s"',;]+/gi, (_, scheme: string) => `${scheme} ${REDACTED}`)
    // name=value pairs whose name says secret (query strings, cookies, key=value logs).
    .replace(/([\w.-]+)=([^\s&;"',]+)/g, (all, name: string) => (isSecretName(name) ? `${name}=${REDACTED}` : all))
    // JSON "name": "value" pairs whose name says secret.
    .replace(/"([\w.-]+)"\s*:\s*"([^"]*)"/g, (all, name: string) =>
      isSecretName(name) ? `"${name}":"${REDACTED}"` : all,
    )
    // Anything else that looks like a key or token.
    .replace(/[A-Za-z0-9_\-+/=.~%]{24,}/g, (token) => (looksSecret(token) ? REDACTED : token));
  return redacted.length > maxLength ? `${redacted.slice(0, maxLength)}…` : redacted;
}
