import {
  acceptFinding,
  getFinding,
  listFindings,
  reopenFinding,
  ZAcceptFinding,
  ZFindingQuery,
  ZFindingRef,
} from "@lantern/services/posture/findings";
import { requirePermission, router } from "../trpc";

export const findingsRouter = router({
  list: requirePermission("workspace.read")
    .input(ZFindingQuery)
    .query(({ ctx, input }) => listFindings(ctx.services, ctx.tenant.id, input)),
  get: requirePermission("workspace.read")
    .input(ZFindingRef)
    .query(({ ctx, input }) => getFinding(ctx.services, ctx.tenant.id, input.findingId)),
  accept: requirePermission("findings.manage")
    .input(ZAcceptFinding)
    .mutation(({ ctx, input }) => acceptFinding(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  reopen: requirePermission("findings.manage")
    .input(ZFindingRef)
    .mutation(({ ctx, input }) => reopenFinding(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
