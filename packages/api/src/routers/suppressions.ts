import {
  createSuppression,
  deleteSuppression,
  listSuppressions,
  ZCreateSuppression,
  ZSuppressionRef,
} from "@lantern/services/detection/suppressions";
import { requirePermission, router } from "../trpc";

export const suppressionsRouter = router({
  list: requirePermission("workspace.read").query(({ ctx }) => listSuppressions(ctx.services, ctx.tenant.id)),
  create: requirePermission("alerts.triage")
    .input(ZCreateSuppression)
    .mutation(({ ctx, input }) => createSuppression(ctx.services, ctx.tenant.id, input, ctx.actor, ctx.meta)),
  delete: requirePermission("alerts.triage")
    .input(ZSuppressionRef)
    .mutation(({ ctx, input }) => deleteSuppression(ctx.services, ctx.tenant.id, input, ctx.actor, ctx.meta)),
});
