// The browser-facing defences proxy.ts applies to every request: a strict
// Content-Security-Policy with a fresh nonce per page (Next puts it on its
// own scripts), HSTS when served over https, and a refusal of state-changing
// requests that another site's page sent with our session cookie (CSRF).
// Pure functions, so they are tested without a server.

/** The policy for one page. Inline style attributes stay allowed: React's style props and the charts use them; scripts do not. */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next loads from its nonce'd bootstrap are trusted, nothing else. Dev mode needs eval for fast refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const HSTS = "max-age=31536000; includeSubDomains";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a state-changing request carries signs of coming from another
 * site's page. Sec-Fetch-Site, which browsers set and pages cannot, decides
 * when present: only same-origin (or none: typed, bookmarked) passes, so a
 * sibling subdomain (same-site) cannot write either. Without it (older
 * browsers), Origin must be one of ours or name the host the request was
 * sent to: Lantern is often reached under more names than APP_URL's
 * (localhost, an address). A request with neither header is not from a
 * browser page (curl, the CLI) and has no cookie to abuse.
 */
export function isCrossSiteWrite(
  method: string,
  headers: { get(name: string): string | null },
  ownOrigins: string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = headers.get("origin");
  if (origin === null || ownOrigins.includes(origin)) return false;
  try {
    return new URL(origin).host !== headers.get("host");
  } catch {
    return true; // "null" (a sandboxed frame, a data: URL) or garbage
  }
}
