// Sample requests shown as a finding's evidence: which stored requests match
// an endpoint's template, and the request target with personal data masked
// (secrets were already masked at ingestion; emails or card numbers in a
// path are masked here, so the evidence does not spread what it reports).
import { classifyValue, maskSensitive } from "../normalize/sensitive";

/** A Postgres regular expression for the paths of a template: "/v1/users/{id}" → ^/v1/users/[^/]+$. */
export function templatePattern(template: string): string {
  const parts = template.split(/(\{[^}]*\})/);
  const body = parts
    .map((part) => (/^\{[^}]*\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return `^${body}$`;
}

const mask = (value: string, name?: string) => {
  const type = classifyValue(value, name);
  return type ? maskSensitive(type, value) : value;
};

/** The path and query of a stored request with sensitive values masked. */
export function redactTarget(path: string, query: readonly { name: string; value: string }[] | null): string {
  const safePath = path
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {}
      const masked = mask(decoded);
      return masked === decoded ? segment : masked;
    })
    .join("/");
  const q = (query ?? []).map((p) => `${p.name}=${mask(p.value, p.name)}`).join("&");
  return q ? `${safePath}?${q}` : safePath;
}
