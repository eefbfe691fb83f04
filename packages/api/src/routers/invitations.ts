import { z } from "zod";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  revokeInvitation,
  unsafeFindInvitationByToken,
} from "@lantern/services/invitations";
import { ZEmail, ZPassword, ZPersonName, ZRole } from "@lantern/services/validation";
import { getUser } from "@lantern/services/accounts";
import { AppError } from "@lantern/services/errors";
import { publicProcedure, requirePermission, router } from "../trpc";

export const ZCreateInvitation = z.object({ email: ZEmail, role: ZRole });
export const ZRevokeInvitation = z.object({ invitationId: z.string().min(1).max(64) });
const ZInvitationToken = z.string().min(1, "The invitation link is incomplete").max(200);
export const ZAcceptInvitation = z.object({
  token: ZInvitationToken,
  /** Only for a new person; someone signed in accepts with their account. */
  newUser: z.object({ name: ZPersonName, password: ZPassword }).optional(),
});

export const invitationsRouter = router({
  list: requirePermission("members.manage").query(({ ctx }) => listInvitations(ctx.services, ctx.tenant.id)),
  create: requirePermission("members.manage")
    .input(ZCreateInvitation)
    .mutation(({ ctx, input }) => createInvitation(ctx.services, ctx.membership, ctx.actor, input, ctx.meta)),
  revoke: requirePermission("members.manage")
    .input(ZRevokeInvitation)
    .mutation(({ ctx, input }) =>
      revokeInvitation(ctx.services, ctx.membership, ctx.actor, input.invitationId, ctx.meta),
    ),
  preview: publicProcedure.input(z.object({ token: ZInvitationToken })).query(async ({ ctx, input }) => {
    const preview = await unsafeFindInvitationByToken(ctx.services, input.token);
    if (!preview) return null;
    // The invitee sees where they are going, not the workspace's internal ids.
    const { id: _id, tenantId: _tenantId, ...visible } = preview;
    return visible;
  }),
  accept: publicProcedure.input(ZAcceptInvitation).mutation(async ({ ctx, input }) => {
    if (ctx.user) {
      const user = await getUser(ctx.services, ctx.user.id);
      if (!user) throw new AppError("UNAUTHORIZED", "Sign in again to accept the invitation.");
      return acceptInvitation(ctx.services, input.token, { signedInUser: user }, ctx.meta);
    }
    if (!input.newUser)
      throw new AppError(
        "BAD_REQUEST",
        "Enter your name and a password, or sign in to accept with an existing account.",
      );
    return acceptInvitation(ctx.services, input.token, { newUser: input.newUser }, ctx.meta);
  }),
});
