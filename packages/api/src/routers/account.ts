import { z } from "zod";
import { changePassword, getUser, signUp } from "@lantern/services/accounts";
import { requestPasswordReset, resetLinkInfo, resetPassword } from "@lantern/services/password-reset";
import { ZChangePassword, ZEmail, ZPassword, ZSignUp, ZWorkspaceName } from "@lantern/services/validation";
import { createWorkspace, unsafeWorkspacesOfUser } from "@lantern/services/workspaces";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const ZCreateWorkspace = z.object({ name: ZWorkspaceName });
const ZResetToken = z.string().min(1).max(200);

export const accountRouter = router({
  signUp: publicProcedure.input(ZSignUp).mutation(async ({ ctx, input }) => {
    const { user, workspace } = await signUp(ctx.services, input, ctx.meta);
    return { email: user.email, workspaceSlug: workspace.slug };
  }),
  me: authedProcedure.query(async ({ ctx }) => ({
    user: await getUser(ctx.services, ctx.user.id),
    workspaces: await unsafeWorkspacesOfUser(ctx.services.db, ctx.user.id),
  })),
  requestPasswordReset: publicProcedure
    .input(z.object({ email: ZEmail }))
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.services, input.email)),
  resetLinkInfo: publicProcedure
    .input(z.object({ token: ZResetToken }))
    .query(({ ctx, input }) => resetLinkInfo(ctx.services, input.token)),
  resetPassword: publicProcedure
    .input(z.object({ token: ZResetToken, newPassword: ZPassword }))
    .mutation(({ ctx, input }) => resetPassword(ctx.services, input.token, input.newPassword, ctx.meta)),
  changePassword: authedProcedure
    .input(ZChangePassword)
    .mutation(({ ctx, input }) => changePassword(ctx.services, ctx.user.id, input, ctx.meta, ctx.sessionId ?? null)),
  createWorkspace: authedProcedure
    .input(ZCreateWorkspace)
    .mutation(({ ctx, input }) =>
      createWorkspace(ctx.services, { userId: ctx.user.id, label: ctx.user.email }, input.name, ctx.meta),
    ),
});
