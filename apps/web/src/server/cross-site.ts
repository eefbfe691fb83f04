// The CSRF wall for routes a browser reaches with the session cookie (tRPC,
// dashboard uploads). Checked in the route handlers, not in proxy.ts: a
// proxy reads at most 10 MB of a request body, and uploads are up to 2 GB.
import "server-only";
import { env } from "../env";
import { isCrossSiteWrite } from "../lib/security-headers";
import { errorResponse } from "./rest";

/** A 403 when another site's page sent this state-changing request, else null. */
export function refuseCrossSiteWrite(req: Request): Response | null {
  if (!isCrossSiteWrite(req.method, req.headers, [new URL(env().APP_URL).origin])) return null;
  return errorResponse(
    403,
    "FORBIDDEN",
    "This request came from another site's page; Lantern only accepts changes from its own.",
  );
}
