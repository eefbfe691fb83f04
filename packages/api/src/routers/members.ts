import { z } from "zod";
import { changeMemberRole, listMembers, removeMember } from "@lantern/services/members";
import { createMemberResetLink } from "@lantern/services/password-reset";
import { ZRole } from "@lantern/services/validation";
import { requirePermission, router } from "../trpc";

const ZMemberId = z.string().min(1, "Choose a member").max(64);
export const ZChangeRole = z.object({ memberId: ZMemberId, role: ZRole });
export const ZRemoveMember = z.object({ memberId: ZMemberId });

export const membersRouter = router({
  list: requirePermission("members.read").query(({ ctx }) => listMembers(ctx.services, ctx.tenant.id)),
  changeRole: requirePermission("members.manage")
    .input(ZChangeRole)
    .mutation(({ ctx, input }) =>
      changeMemberRole(ctx.services, ctx.membership, ctx.actor, input.memberId, input.role, ctx.meta),
    ),
  resetLink: requirePermission("members.manageOwners")
    .input(ZRemoveMember)
    .mutation(({ ctx, input }) =>
      createMemberResetLink(ctx.services, ctx.membership, ctx.actor, input.memberId, ctx.meta),
    ),
  remove: requirePermission("members.manage")
    .input(ZRemoveMember)
    .mutation(({ ctx, input }) => removeMember(ctx.services, ctx.membership, ctx.actor, input.memberId, ctx.meta)),
});
