// Password reset: a single-use link, stored only as a hash, that sets a new
// password and ends every session of the person. Two ways to get one:
// - the forgot-password form, when SMTP is configured: the worker mails it
//   (valid 1 hour); the form answers the same whether or not the address
//   has an account, so it cannot be used to find out who has one;
// - without mail, an Owner makes one for a member to hand over (valid 24
//   hours), but only for a member whose only workspace is this one: an
//   Owner must not be able to take over an account that also opens other
//   workspaces.
import { newId } from "@lantern/db/ids";
import { withTenant } from "@lantern/db/client";
import { auditForUser } from "./accounts";
import type { Actor, Membership, RequestMeta, ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { generateSecret, hashPassword, hashSecret, sealSecret } from "./crypto";
import { AppError, notFound } from "./errors";
import { can } from "./permissions";
import { endOtherSessions } from "./sessions";
import { unsafeWorkspacesOfUser } from "./workspaces";
import { appLink } from "./app-link";

export const MAILED_RESET_TTL_MS = 3_600_000;
export const OWNER_RESET_TTL_MS = 24 * 3_600_000;
/** Mailed links one address may be sent per hour: enough for a lost mail, too few to flood an inbox. */
export const RESETS_PER_HOUR = 3;

export const resetLink = (appUrl: string, token: string) => appLink(appUrl, `/reset/${token}`);

/**
 * The forgot-password form. Mails a link when the address has an account
 * and mail is configured; says nothing about whether it has one. Returns
 * whether this Lantern mails links at all (the page says what to do if not).
 */
export async function requestPasswordReset(
  ctx: ServiceContext,
  email: string,
  now = new Date(),
): Promise<{ mailEnabled: boolean }> {
  const mailEnabled = ctx.config.mailEnabled && ctx.jobs !== null;
  if (!mailEnabled) return { mailEnabled };
  const user = await ctx.db.app.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return { mailEnabled };
  const recent = await ctx.db.app.passwordReset.count({
    where: { userId: user.id, createdById: null, createdAt: { gte: new Date(now.getTime() - 3_600_000) } },
  });
  if (recent >= RESETS_PER_HOUR) return { mailEnabled };
  const token = generateSecret("pwr");
  const id = newId("passwordReset");
  await ctx.db.app.passwordReset.create({
    data: {
      id,
      userId: user.id,
      tokenHash: hashSecret(token),
      expiresAt: new Date(now.getTime() + MAILED_RESET_TTL_MS),
    },
  });
  await ctx.jobs!.enqueue("mail.password-reset", {
    resetId: id,
    sealedLink: sealSecret(resetLink(ctx.config.appUrl, token), ctx.config.secret),
  });
  return { mailEnabled };
}

/** An Owner makes a reset link for a member of their workspace whose only workspace it is; shown once. */
export async function createMemberResetLink(
  ctx: ServiceContext,
  caller: Membership,
  actor: Actor,
  memberId: string,
  meta: RequestMeta,
) {
  if (!can(caller.role, "members.manageOwners"))
    throw new AppError("FORBIDDEN", "Only an Owner can make a password reset link.");
  const member = await withTenant(ctx.db, caller.tenantId, (tx) =>
    tx.membership.findFirst({
      where: { id: memberId, tenantId: caller.tenantId },
      select: { id: true, userId: true, user: { select: { email: true } } },
    }),
  );
  if (!member) throw notFound("Member");
  if (member.userId === caller.userId)
    throw new AppError("BAD_REQUEST", "Change your own password in Settings → Your account.");
  const workspaces = await unsafeWorkspacesOfUser(ctx.db, member.userId);
  if (workspaces.length > 1) {
    throw new AppError(
      "CONFLICT",
      `${member.user.email} also belongs to other workspaces, so an Owner of this one cannot reset their password. They can use “Forgot your password?” when mail is set up.`,
    );
  }
  const token = generateSecret("pwr");
  const expiresAt = new Date(Date.now() + OWNER_RESET_TTL_MS);
  await ctx.db.app.passwordReset.create({
    data: {
      id: newId("passwordReset"),
      userId: member.userId,
      tokenHash: hashSecret(token),
      createdById: actor.id,
      expiresAt,
    },
  });
  await withTenant(ctx.db, caller.tenantId, (tx) =>
    recordAudit(tx, {
      tenantId: caller.tenantId,
      actor,
      action: "member.password_reset_link",
      target: { type: "member", id: member.id },
      metadata: { email: member.user.email },
      meta,
    }),
  );
  return { link: resetLink(ctx.config.appUrl, token), email: member.user.email, expiresAt };
}

async function usableReset(ctx: ServiceContext, token: string, now: Date) {
  return ctx.db.app.passwordReset.findFirst({
    where: { tokenHash: hashSecret(token), usedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true, user: { select: { email: true } } },
  });
}

/** What the reset page shows before the form: whose password the link sets, or that it no longer works. */
export async function resetLinkInfo(
  ctx: ServiceContext,
  token: string,
  now = new Date(),
): Promise<{ valid: boolean; email: string | null }> {
  const reset = await usableReset(ctx, token, now);
  return { valid: Boolean(reset), email: reset?.user.email ?? null };
}

/** Sets the new password, uses up this link and every other open one of the person, and ends all their sessions. */
export async function resetPassword(
  ctx: ServiceContext,
  token: string,
  newPassword: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ email: string }> {
  const reset = await usableReset(ctx, token, now);
  if (!reset) throw new AppError("BAD_REQUEST", "This reset link was used already or has expired. Ask for a new one.");
  const passwordHash = await hashPassword(newPassword);
  // Claimed first, so two submissions of one link cannot both succeed.
  const claimed = await ctx.db.app.passwordReset.updateMany({
    where: { id: reset.id, usedAt: null },
    data: { usedAt: now },
  });
  if (claimed.count !== 1)
    throw new AppError("BAD_REQUEST", "This reset link was used already or has expired. Ask for a new one.");
  await ctx.db.app.user.update({ where: { id: reset.userId }, data: { passwordHash } });
  await ctx.db.app.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } });
  const sessionsEnded = await endOtherSessions(ctx.db, reset.userId, null);
  await auditForUser(ctx, reset.userId, { id: reset.userId, label: reset.user.email }, "auth.password_reset", meta, {
    sessionsEnded,
  });
  return { email: reset.user.email };
}
