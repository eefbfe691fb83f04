// tRPC setup: context, error mapping, and the procedure builders every
// router uses. Authorisation happens here, before any handler runs.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { RequestMeta, ServiceContext, Membership, Actor } from "@lantern/services/context";
import { AppError, type AppErrorCode } from "@lantern/services/errors";
import { assertCan, type Permission } from "@lantern/services/permissions";
import { containsNul } from "@lantern/services/validation";
import { authorizeWorkspace, type WorkspaceAccess } from "@lantern/services/workspaces";

export type SessionUser = { id: string; email: string; name: string };

export type Context = {
  services: ServiceContext;
  user: SessionUser | null;
  /** The server-side session the request's cookie names (null for API callers and tests). */
  sessionId?: string | null;
  /**
   * The workspace slug the dashboard is showing (from its URL). Only a
   * selector: tenantProcedure checks it against the session's memberships.
   */
  workspaceSlug: string | null;
  meta: RequestMeta;
  /** Where unexpected errors are reported; never shown to the caller. */
  logError?: (error: unknown, path: string | undefined) => void;
};

const TRPC_CODE: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
};

export const INTERNAL_ERROR_MESSAGE =
  "Something went wrong on our side. Try again; if it keeps happening, tell your Lantern administrator.";

/** Messages by dotted field path ("newUser.password"), first message per field. */
function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return out;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: zodError
        ? (zodError.issues[0]?.message ?? "Invalid input")
        : internal
          ? INTERNAL_ERROR_MESSAGE
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zodError ? fieldErrorsOf(zodError) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns service errors into their tRPC codes and reports anything unexpected. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
    if (result.error.code === "INTERNAL_SERVER_ERROR") ctx.logError?.(cause ?? result.error, path);
  }
  return result;
});

/**
 * NUL is never part of a real input and Postgres refuses it in text: an id
 * or a name holding one is a bad request, not a 500 from the database.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  if (containsNul(await getRawInput()))
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "The request holds a NUL character, which no field may contain.",
    });
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(refuseNul);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user, actor: { id: ctx.user.id, label: ctx.user.email } satisfies Actor } });
});

/**
 * Resolves the workspace on the server from the session's memberships. A
 * workspace the caller does not belong to is NOT_FOUND, the same as one that
 * does not exist.
 */
export const tenantProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const access = await authorizeWorkspace(ctx.services.db, ctx.user.id, ctx.workspaceSlug);
  const membership: Membership = { tenantId: access.tenantId, userId: ctx.user.id, role: access.role };
  return next({
    ctx: {
      ...ctx,
      tenant: { id: access.tenantId, role: access.role } satisfies { id: string; role: WorkspaceAccess["role"] },
      membership,
    },
  });
});

/** A tenantProcedure that rejects with FORBIDDEN unless the caller's role grants `permission`. */
export function requirePermission(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    assertCan(ctx.tenant.role, permission);
    return next();
  });
}
