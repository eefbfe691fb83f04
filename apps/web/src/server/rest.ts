// The public REST API's plumbing: bearer-token auth, scope checks, and one
// error shape ({ error: { code, message } }) for every route under /api/v1.
import "server-only";
import type { RestRoute } from "@lantern/api/rest/contract";
import { parseQuery } from "@lantern/api/rest/query-string";
import { type z, ZodError } from "zod";
import { AppError, HTTP_STATUS } from "@lantern/services/errors";
import { unsafeAuthenticateApiToken, type TokenPrincipal, type TokenScope } from "@lantern/services/tokens";
import { containsNul } from "@lantern/services/validation";
import { services } from "./services";

export function errorResponse(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: HeadersInit = {},
) {
  return Response.json({ error: { code, message, ...extra } }, { status, headers });
}

type Parsed<R extends RestRoute> = {
  req: Request;
  principal: TokenPrincipal;
  params: R["params"] extends z.ZodType ? z.output<R["params"]> : Record<string, never>;
  query: R["query"] extends z.ZodType ? z.output<R["query"]> : Record<string, never>;
};

/**
 * Serves one route of the REST contract: a bearer token with one of the
 * route's scopes, its path and query parameters parsed by the contract's
 * schemas (the services' own), errors mapped to JSON.
 */
export function withApiRoute<R extends RestRoute>(route: R, handler: (input: Parsed<R>) => Promise<Response>) {
  return withApiToken<Record<string, string>>(route.scopes, async (req, principal, rawParams) => {
    const params = route.params ? route.params.parse(rawParams) : {};
    const query = route.query ? parseQuery(route.query, new URL(req.url).searchParams) : {};
    return handler({ req, principal, params, query } as Parsed<R>);
  });
}

type RouteHandler<P> = (req: Request, principal: TokenPrincipal, params: P) => Promise<Response>;

/** Wraps a handler: requires a bearer token with `scope` (or one of several), maps errors to JSON. */
function withApiToken<P>(scope: TokenScope | TokenScope[], handler: RouteHandler<P>) {
  const scopes = Array.isArray(scope) ? scope : [scope];
  return async (req: Request, ctx: { params: Promise<P> }) => {
    const auth = req.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) {
      return errorResponse(
        401,
        "UNAUTHORIZED",
        "Send an API token as `Authorization: Bearer <token>`. Create one in Settings → API tokens.",
        {},
        { "WWW-Authenticate": "Bearer" },
      );
    }
    try {
      const principal = await unsafeAuthenticateApiToken(services(), match[1]!);
      if (!principal)
        return errorResponse(
          401,
          "UNAUTHORIZED",
          "This API token is not valid or was revoked.",
          {},
          { "WWW-Authenticate": 'Bearer error="invalid_token"' },
        );
      if (!scopes.some((s) => principal.scopes.includes(s))) {
        return errorResponse(403, "FORBIDDEN", `This API token lacks the "${scopes.join('" or "')}" scope.`);
      }
      const params = await ctx.params;
      if (containsNul(params) || containsNul([...new URL(req.url).searchParams])) {
        return errorResponse(400, "BAD_REQUEST", "The request holds a NUL character, which no parameter may contain.");
      }
      return await handler(req, principal, params);
    } catch (error) {
      return restError(error);
    }
  };
}

export function restError(error: unknown): Response {
  if (error instanceof AppError) {
    const headers: HeadersInit = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
    return errorResponse(HTTP_STATUS[error.code], error.code, error.message, {}, headers);
  }
  if (error instanceof ZodError) {
    return errorResponse(400, "BAD_REQUEST", error.issues[0]?.message ?? "Invalid input", {
      issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  console.error("[api/v1] unexpected error:", error);
  return errorResponse(500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side. Try again later.");
}
