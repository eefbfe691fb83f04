// Members of a workspace: list, change role, remove. The last Owner stays.
import { withTenant, type Role, type TenantTx } from "@lantern/db/client";
import { recordAudit } from "./audit";
import type { Actor, Membership, RequestMeta, ServiceContext } from "./context";
import { AppError, notFound } from "./errors";
import { can } from "./permissions";

export async function listMembers(ctx: ServiceContext, tenantId: string) {
  const rows = await withTenant(ctx.db, tenantId, (tx) =>
    tx.membership.findMany({
      where: { tenantId },
      orderBy: { createdAt: "asc" },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
  );
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    joinedAt: r.createdAt,
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
  }));
}

/**
 * Locks the workspace's Owner rows so two Owners demoting each other at the
 * same moment cannot leave the workspace with none.
 */
async function lockOwners(tx: TenantTx, tenantId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM memberships WHERE "tenantId" = ${tenantId} AND role = 'OWNER' FOR UPDATE`;
  return rows.map((r) => r.id);
}

function assertMayTouchOwners(caller: Membership, from: Role, to: Role | null) {
  if ((from === "OWNER" || to === "OWNER") && !can(caller.role, "members.manageOwners")) {
    throw new AppError("FORBIDDEN", "Only an Owner can grant or take away the Owner role.");
  }
}

const LAST_OWNER = "The workspace needs at least one Owner. Make someone else Owner first.";

export async function changeMemberRole(
  ctx: ServiceContext,
  caller: Membership,
  actor: Actor,
  memberId: string,
  role: Role,
  meta: RequestMeta,
) {
  const tenantId = caller.tenantId;
  return withTenant(ctx.db, tenantId, async (tx) => {
    const owners = await lockOwners(tx, tenantId);
    const member = await tx.membership.findFirst({
      where: { id: memberId, tenantId },
      select: { id: true, role: true, user: { select: { email: true } } },
    });
    if (!member) throw notFound("Member");
    if (member.role === role) return { id: member.id, role };
    assertMayTouchOwners(caller, member.role, role);
    if (member.role === "OWNER" && owners.length <= 1) throw new AppError("CONFLICT", LAST_OWNER);
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "member.role_changed",
      target: { type: "member", id: member.id },
      metadata: { email: member.user.email, from: member.role, to: role },
      meta,
    });
    return { id: member.id, role };
  });
}

export async function removeMember(
  ctx: ServiceContext,
  caller: Membership,
  actor: Actor,
  memberId: string,
  meta: RequestMeta,
) {
  const tenantId = caller.tenantId;
  await withTenant(ctx.db, tenantId, async (tx) => {
    const owners = await lockOwners(tx, tenantId);
    const member = await tx.membership.findFirst({
      where: { id: memberId, tenantId },
      select: { id: true, role: true, userId: true, user: { select: { email: true } } },
    });
    if (!member) throw notFound("Member");
    assertMayTouchOwners(caller, member.role, null);
    if (member.role === "OWNER" && owners.length <= 1) throw new AppError("CONFLICT", LAST_OWNER);
    await tx.membership.delete({ where: { id: member.id } });
    // Their API tokens go with them: a departed person's credential must not keep reading or writing this workspace.
    const tokens = await tx.apiToken.findMany({
      where: { tenantId, createdById: member.userId, revokedAt: null },
      select: { id: true, name: true },
    });
    await tx.apiToken.updateMany({ where: { id: { in: tokens.map((t) => t.id) } }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: "member.removed",
      target: { type: "member", id: member.id },
      metadata: { email: member.user.email, role: member.role, tokensRevoked: tokens.length },
      meta,
    });
    for (const token of tokens) {
      await recordAudit(tx, {
        tenantId,
        actor,
        action: "token.revoked",
        target: { type: "token", id: token.id },
        metadata: { name: token.name, reason: `its creator ${member.user.email} was removed` },
        meta,
      });
    }
  });
}
