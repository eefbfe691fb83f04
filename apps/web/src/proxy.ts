// Runs before every page and API route (not static files):
// - pages get a Content-Security-Policy with a fresh nonce (Next reads it
//   from the request's header and puts it on its scripts) and, for
//   workspace pages, the full path asked for, so "sign in to continue" can
//   return people to it; the layout does the auth check itself;
// - state-changing requests to the cookie-authenticated API (tRPC,
//   dashboard uploads) from another site's page are refused (CSRF);
// - HSTS when Lantern is served over https.
// API answers are never cached (next.config.ts sets Cache-Control).
import { NextResponse, type NextRequest } from "next/server";
import { env } from "./env";
import { REQUEST_PATH_HEADER } from "./lib/request-path-header";
import { contentSecurityPolicy, HSTS, isCrossSiteWrite } from "./lib/security-headers";

/** Routes a browser reaches with the session cookie; /api/v1 takes bearer tokens and /api/auth has next-auth's own CSRF token. */
const COOKIE_API = /^\/api\/(trpc|uploads)(\/|$)/;

export function proxy(request: NextRequest) {
  const { APP_URL, NODE_ENV } = env();
  const https = APP_URL.startsWith("https:");
  const path = request.nextUrl.pathname;
  if (COOKIE_API.test(path) && isCrossSiteWrite(request.method, request.headers, [new URL(APP_URL).origin, request.nextUrl.origin])) {
    return Response.json({ error: { code: "FORBIDDEN", message: "This request came from another site's page; Lantern only accepts changes from its own." } }, { status: 403 });
  }
  const headers = new Headers(request.headers);
  let csp: string | null = null;
  if (!path.startsWith("/api/")) {
    csp = contentSecurityPolicy(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"), { dev: NODE_ENV === "development", https });
    headers.set("content-security-policy", csp);
    if (path.startsWith("/w/")) headers.set(REQUEST_PATH_HEADER, path + request.nextUrl.search);
  }
  const response = NextResponse.next({ request: { headers } });
  if (csp) response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
