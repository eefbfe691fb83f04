import { getNotificationPrefs, setNotificationPrefs, ZNotificationPrefs } from "@lantern/services/response/alert-mail";
import { requirePermission, router } from "../trpc";

/** The signed-in member's own mail settings for this workspace: anyone who can see its alerts may choose them. */
export const notificationsRouter = router({
  get: requirePermission("workspace.read").query(({ ctx }) =>
    getNotificationPrefs(ctx.services, ctx.tenant.id, ctx.user.id),
  ),
  set: requirePermission("workspace.read")
    .input(ZNotificationPrefs)
    .mutation(({ ctx, input }) => setNotificationPrefs(ctx.services, ctx.tenant.id, ctx.user.id, input)),
});
