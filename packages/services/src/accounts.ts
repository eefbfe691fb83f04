// People: sign-up and sign-in.
import { newId } from "@lantern/db/ids";
import { withTenant } from "@lantern/db/client";
import type { z } from "zod";
import { recordAudit, type AuditAction } from "./audit";
import type { RequestMeta, ServiceContext } from "./context";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./crypto";
import { endOtherSessions } from "./sessions";
import { AppError } from "./errors";
import { checkSignInLimits, recordSignInAttempt } from "./sign-in-limits";
import type { ZSignUp } from "./validation";
import {
  createWorkspace,
  isUniqueViolation,
  unsafeWorkspacesOfUser,
  type NewUser,
  type WorkspaceAccess,
} from "./workspaces";

export type SignedInUser = { id: string; email: string; name: string };

export const EMAIL_TAKEN_MESSAGE = "An account with this email already exists. Sign in instead, or use another email.";

/** New accounts one source may create per hour unless configured: enough for a team behind one NAT, too few for a bot. */
export const SIGN_UP_LIMIT = 10;

/**
 * Refuses a sign-up from a source that created too many accounts in the
 * last hour. Counted from the audit log (every sign-up writes
 * "workspace.created" with the source address), across workspaces.
 */
async function assertSignUpAllowed(ctx: ServiceContext, meta: RequestMeta, now = new Date()): Promise<void> {
  if (!meta.ip) return;
  const limit = ctx.config.signUpsPerHour ?? SIGN_UP_LIMIT;
  const since = new Date(now.getTime() - 3_600_000);
  const recent = await ctx.db.system.auditLog.findMany({
    where: { action: "workspace.created", ip: meta.ip, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: limit,
  });
  if (recent.length < limit) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + 3_600_000 - now.getTime()) / 1000));
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `Too many accounts were created from your network in the last hour. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
    { retryAfterSeconds },
  );
}

/** Creates a person and their first workspace, with them as its Owner. */
export async function signUp(
  ctx: ServiceContext,
  input: z.infer<typeof ZSignUp>,
  meta: RequestMeta,
): Promise<{ user: SignedInUser; workspace: WorkspaceAccess }> {
  await assertSignUpAllowed(ctx, meta);
  const existing = await ctx.db.app.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", EMAIL_TAKEN_MESSAGE);
  const newUser = await prepareNewUser(input);
  try {
    const workspace = await createWorkspace(
      ctx,
      { userId: newUser.id, label: input.email, newUser },
      input.workspaceName,
      meta,
    );
    return { user: { id: newUser.id, email: input.email, name: input.name }, workspace };
  } catch (error) {
    if (isUniqueViolation(error, "email")) throw new AppError("CONFLICT", EMAIL_TAKEN_MESSAGE);
    throw error;
  }
}

/** A person's row, ready to insert. Hashing happens here, outside any transaction: it takes ~60 ms. */
export async function prepareNewUser(input: { email: string; name: string; password: string }): Promise<NewUser> {
  return { id: newId("user"), email: input.email, name: input.name, passwordHash: await hashPassword(input.password) };
}

/**
 * Checks an email and password. Throttled per account and per IP; failures
 * and lock-outs are written to the audit log of every workspace the account
 * belongs to, so its admins can see an attack on it.
 */
export async function authenticate(
  ctx: ServiceContext,
  credentials: { email: string; password: string },
  meta: RequestMeta,
): Promise<SignedInUser> {
  const email = credentials.email.trim().toLowerCase();
  const ip = meta.ip ?? "unknown";
  const verdict = await checkSignInLimits(ctx.db, email, ip);
  const user = await ctx.db.app.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });

  if (!verdict.allowed) {
    if (user)
      await auditForUser(ctx, user.id, { id: user.id, label: email }, "auth.sign_in_rate_limited", meta, {
        reason: verdict.reason,
      });
    const seconds = verdict.retryAfterSeconds;
    const minutes = Math.ceil(seconds / 60);
    const when =
      seconds < 60 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
    throw new AppError("TOO_MANY_REQUESTS", `Too many failed sign-in attempts. Try again in ${when}.`, {
      retryAfterSeconds: seconds,
    });
  }

  // Without an account the check still takes a password hash's time, so timing does not say which emails exist.
  if (!user) await burnPasswordCheck(credentials.password);
  const valid = user ? await verifyPassword(credentials.password, user.passwordHash) : false;
  await recordSignInAttempt(ctx.db, email, ip, valid);
  if (!user || !valid) {
    if (user) await auditForUser(ctx, user.id, { id: user.id, label: email }, "auth.sign_in_failed", meta);
    throw new AppError("UNAUTHORIZED", "That email and password do not match an account.");
  }
  await auditForUser(ctx, user.id, { id: user.id, label: email }, "auth.sign_in", meta);
  return { id: user.id, email: user.email, name: user.name };
}

/** Records `action` in the audit log of every workspace the person belongs to (their account spans them). */
export async function auditForUser(
  ctx: ServiceContext,
  userId: string,
  actor: { id: string; label: string },
  action: AuditAction,
  meta: RequestMeta,
  metadata?: Record<string, unknown>,
) {
  for (const ws of await unsafeWorkspacesOfUser(ctx.db, userId)) {
    await withTenant(ctx.db, ws.tenantId, (tx) =>
      recordAudit(tx, { tenantId: ws.tenantId, actor, action, meta, metadata }),
    );
  }
}

/**
 * Changes a signed-in person's password after checking the current one,
 * and ends every other session they have (a stolen cookie stops working);
 * `keepSessionId` is the browser that made the change. Returns how many
 * sessions were ended.
 */
export async function changePassword(
  ctx: ServiceContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
  keepSessionId: string | null,
): Promise<{ sessionsEnded: number }> {
  const user = await ctx.db.app.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, passwordHash: true },
  });
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "Your current password is not right.");
  }
  if (input.currentPassword === input.newPassword)
    throw new AppError("BAD_REQUEST", "Choose a new password that differs from the current one.");
  await ctx.db.app.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(input.newPassword) },
  });
  const sessionsEnded = await endOtherSessions(ctx.db, userId, keepSessionId);
  await auditForUser(ctx, userId, { id: userId, label: user.email }, "auth.password_changed", meta, { sessionsEnded });
  return { sessionsEnded };
}

export async function getUser(ctx: ServiceContext, userId: string): Promise<SignedInUser | null> {
  return ctx.db.app.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
}
