// Runs before every page (not API routes or static files): a
// Content-Security-Policy with a fresh nonce (Next reads it from the
// request's header and puts it on its scripts), HSTS when Lantern is served
// over https, and for workspace pages the full path asked for, so "sign in
// to continue" can return people to it (the layout does the auth check).
// API routes stay out: a proxy reads at most 10 MB of a request body, and
// uploads are up to 2 GB. They refuse cross-site writes themselves
// (server/cross-site.ts) and are never cached (next.config.ts).
import { NextResponse, type NextRequest } from "next/server";
import { env } from "./env";
import { REQUEST_PATH_HEADER } from "./lib/request-path-header";
import { contentSecurityPolicy, HSTS } from "./lib/security-headers";

export function proxy(request: NextRequest) {
  const { APP_URL, NODE_ENV } = env();
  const https = APP_URL.startsWith("https:");
  const path = request.nextUrl.pathname;
  const csp = contentSecurityPolicy(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"), {
    dev: NODE_ENV === "development",
    https,
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  if (path.startsWith("/w/")) headers.set(REQUEST_PATH_HEADER, path + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
