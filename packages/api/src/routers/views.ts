import { forgetView, savedView, saveView, ZSaveView, ZViewRef } from "@lantern/services/saved-views";
import { requirePermission, router } from "../trpc";

/** The signed-in member's own default views of list pages in this workspace. */
export const viewsRouter = router({
  get: requirePermission("workspace.read")
    .input(ZViewRef)
    .query(({ ctx, input }) => savedView(ctx.services, ctx.tenant.id, ctx.user.id, input)),
  save: requirePermission("workspace.read")
    .input(ZSaveView)
    .mutation(({ ctx, input }) => saveView(ctx.services, ctx.tenant.id, ctx.user.id, input)),
  forget: requirePermission("workspace.read")
    .input(ZViewRef)
    .mutation(({ ctx, input }) => forgetView(ctx.services, ctx.tenant.id, ctx.user.id, input)),
});
