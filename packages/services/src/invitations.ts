// Invitations: a single-use link, valid 7 days, stored only as a hash.
import { newId } from "@lantern/db/ids";
import { withTenant, type Role } from "@lantern/db/client";
import { prepareNewUser, type SignedInUser } from "./accounts";
import { recordAudit } from "./audit";
import type { Actor, Membership, RequestMeta, ServiceContext } from "./context";
import { generateSecret, hashSecret, sealSecret } from "./crypto";
import { AppError, notFound } from "./errors";
import { can } from "./permissions";
import { isUniqueViolation, type NewUser } from "./workspaces";
import { appLink } from "./app-link";

export const INVITATION_TTL_DAYS = 7;

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

function statusOf(
  inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationStatus {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt <= now) return "expired";
  return "pending";
}

export function invitationLink(appUrl: string, token: string): string {
  return appLink(appUrl, `/invite/${token}`);
}

/**
 * Invites `email` with `role`. When mail is configured the worker mails the
 * link and it is not returned; otherwise the link is returned once, for the
 * inviter to copy. Re-inviting an address revokes its earlier pending link.
 */
export async function createInvitation(
  ctx: ServiceContext,
  caller: Membership,
  actor: Actor,
  input: { email: string; role: Role },
  meta: RequestMeta,
): Promise<{ id: string; email: string; role: Role; expiresAt: Date; link: string | null; mailed: boolean }> {
  const tenantId = caller.tenantId;
  if (input.role === "OWNER" && !can(caller.role, "members.manageOwners")) {
    throw new AppError("FORBIDDEN", "Only an Owner can invite another Owner.");
  }
  const token = generateSecret("inv");
  const id = newId("invitation");
  const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
  await withTenant(ctx.db, tenantId, async (tx) => {
    const alreadyMember = await tx.membership.findFirst({
      where: { tenantId, user: { email: input.email } },
      select: { id: true },
    });
    if (alreadyMember) throw new AppError("CONFLICT", `${input.email} is already a member of this workspace.`);
    await tx.invitation.updateMany({
      where: { tenantId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await tx.invitation.create({
      data: {
        id,
        tenantId,
        email: input.email,
        role: input.role,
        tokenHash: hashSecret(token),
        invitedById: actor.id,
        expiresAt,
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "invitation.created",
      target: { type: "invitation", id },
      metadata: { email: input.email, role: input.role },
      meta,
    });
  });
  const link = invitationLink(ctx.config.appUrl, token);
  if (ctx.config.mailEnabled && ctx.jobs) {
    await ctx.jobs.enqueue("mail.invitation", {
      tenantId,
      invitationId: id,
      sealedLink: sealSecret(link, ctx.config.secret),
    });
    return { id, email: input.email, role: input.role, expiresAt, link: null, mailed: true };
  }
  return { id, email: input.email, role: input.role, expiresAt, link, mailed: false };
}

export async function listInvitations(ctx: ServiceContext, tenantId: string) {
  const rows = await withTenant(ctx.db, tenantId, (tx) =>
    tx.invitation.findMany({
      where: { tenantId, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        email: true,
        role: true,
        createdAt: true,
        expiresAt: true,
        acceptedAt: true,
        revokedAt: true,
      },
    }),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    status: statusOf(r),
  }));
}

export async function revokeInvitation(
  ctx: ServiceContext,
  caller: Membership,
  actor: Actor,
  invitationId: string,
  meta: RequestMeta,
) {
  const tenantId = caller.tenantId;
  await withTenant(ctx.db, tenantId, async (tx) => {
    const inv = await tx.invitation.findFirst({
      where: { id: invitationId, tenantId },
      select: { id: true, email: true, acceptedAt: true, revokedAt: true, expiresAt: true },
    });
    if (!inv) throw notFound("Invitation");
    const status = statusOf(inv);
    if (status === "accepted")
      throw new AppError("CONFLICT", `${inv.email} already accepted this invitation; remove the member instead.`);
    if (status === "revoked") return;
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "invitation.revoked",
      target: { type: "invitation", id: inv.id },
      metadata: { email: inv.email },
      meta,
    });
  });
}

export type InvitationPreview = {
  id: string;
  tenantId: string;
  workspaceName: string;
  workspaceSlug: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  invitedBy: string | null;
  accountExists: boolean;
};

/**
 * What the invitation page shows. Looks the link up by its hash before any
 * tenant is known, hence the system client.
 */
export async function unsafeFindInvitationByToken(
  ctx: ServiceContext,
  token: string,
): Promise<InvitationPreview | null> {
  if (!/^inv_[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const inv = await ctx.db.system.invitation.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      tenantId: true,
      email: true,
      role: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      invitedById: true,
      tenant: { select: { name: true, slug: true } },
    },
  });
  if (!inv) return null;
  const [inviter, account] = await Promise.all([
    inv.invitedById ? ctx.db.app.user.findUnique({ where: { id: inv.invitedById }, select: { name: true } }) : null,
    ctx.db.app.user.findUnique({ where: { email: inv.email }, select: { id: true } }),
  ]);
  return {
    id: inv.id,
    tenantId: inv.tenantId,
    workspaceName: inv.tenant.name,
    workspaceSlug: inv.tenant.slug,
    email: inv.email,
    role: inv.role,
    status: statusOf(inv),
    invitedBy: inviter?.name ?? null,
    accountExists: Boolean(account),
  };
}

const UNUSABLE: Record<Exclude<InvitationStatus, "pending">, string> = {
  accepted: "This invitation has already been used. Sign in to reach the workspace.",
  revoked: "This invitation was revoked. Ask an admin of the workspace for a new one.",
  expired: `This invitation expired (links are valid for ${INVITATION_TTL_DAYS} days). Ask an admin of the workspace for a new one.`,
};

/**
 * Accepts an invitation, either as the signed-in person it was sent to, or as
 * a new person who sets a password. The link works once.
 */
export async function acceptInvitation(
  ctx: ServiceContext,
  token: string,
  who: { signedInUser: SignedInUser } | { newUser: { name: string; password: string } },
  meta: RequestMeta,
): Promise<{ user: SignedInUser; workspaceSlug: string }> {
  const preview = await unsafeFindInvitationByToken(ctx, token);
  if (!preview) throw new AppError("NOT_FOUND", "This invitation link is not valid. Check that you copied all of it.");
  if (preview.status !== "pending") throw new AppError("CONFLICT", UNUSABLE[preview.status]);

  const accountExists = `An account for ${preview.email} already exists. Sign in to accept the invitation.`;
  let user: SignedInUser;
  let newUser: NewUser | null = null;
  if ("signedInUser" in who) {
    if (who.signedInUser.email !== preview.email) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${preview.email}. Sign in as that account to accept it.`,
      );
    }
    user = who.signedInUser;
  } else {
    if (preview.accountExists) throw new AppError("CONFLICT", accountExists);
    newUser = await prepareNewUser({ email: preview.email, ...who.newUser });
    user = { id: newUser.id, email: newUser.email, name: newUser.name };
  }

  // The new account, the membership and the link's use commit together.
  await withTenant(ctx.db, preview.tenantId, async (tx) => {
    if (newUser) {
      try {
        await tx.user.create({ data: newUser });
      } catch (error) {
        if (isUniqueViolation(error, "email")) throw new AppError("CONFLICT", accountExists);
        throw error;
      }
    }
    // The conditional update is what makes the link single-use under races.
    const { count } = await tx.invitation.updateMany({
      where: { id: preview.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (count !== 1) throw new AppError("CONFLICT", UNUSABLE.accepted);
    const existing = await tx.membership.findFirst({
      where: { tenantId: preview.tenantId, userId: user.id },
      select: { id: true },
    });
    if (!existing) {
      await tx.membership.create({
        data: { id: newId("membership"), tenantId: preview.tenantId, userId: user.id, role: preview.role },
      });
    }
    await recordAudit(tx, {
      tenantId: preview.tenantId,
      actor: { id: user.id, label: user.email },
      action: "invitation.accepted",
      target: { type: "invitation", id: preview.id },
      metadata: { email: user.email, role: preview.role },
      meta,
    });
  });
  return { user, workspaceSlug: preview.workspaceSlug };
}
