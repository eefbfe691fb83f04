import { jumpTargets, ZJump } from "@lantern/services/jump";
import { requirePermission, router } from "../trpc";

/** The command palette: endpoints, actors, alerts and findings by name. */
export const jumpRouter = router({
  search: requirePermission("workspace.read")
    .input(ZJump)
    .query(({ ctx, input }) => jumpTargets(ctx.services, ctx.tenant.id, input)),
});
