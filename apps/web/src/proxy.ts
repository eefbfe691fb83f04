// Runs before workspace pages. Not an auth check (the layout does that on the
// server); it only hands the layout the full path, so "sign in to continue"
// can return people to the exact page they asked for.
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "./lib/request-path-header";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/w/:path*"] };
