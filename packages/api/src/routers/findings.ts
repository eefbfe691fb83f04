import {
  acceptFinding,
  assignFinding,
  commentFinding,
  reopenFinding,
  ZAcceptFinding,
  ZAssignFinding,
  ZCommentFinding,
  ZFindingRef,
} from "@lantern/services/posture/finding-triage";
import {
  getFinding,
  listFindings,
  postureChecks,
  postureSummary,
  ZFindingQuery,
  ZPostureQuery,
} from "@lantern/services/posture/findings";
import { requirePermission, router } from "../trpc";

export const findingsRouter = router({
  list: requirePermission("workspace.read")
    .input(ZFindingQuery)
    .query(({ ctx, input }) => listFindings(ctx.services, ctx.tenant.id, input)),
  posture: requirePermission("workspace.read")
    .input(ZPostureQuery)
    .query(({ ctx, input }) => postureSummary(ctx.services, ctx.tenant.id, input)),
  checks: requirePermission("workspace.read").query(() => postureChecks()),
  get: requirePermission("workspace.read")
    .input(ZFindingRef)
    .query(({ ctx, input }) => getFinding(ctx.services, ctx.tenant.id, input.findingId)),
  accept: requirePermission("findings.manage")
    .input(ZAcceptFinding)
    .mutation(({ ctx, input }) => acceptFinding(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  reopen: requirePermission("findings.manage")
    .input(ZFindingRef)
    .mutation(({ ctx, input }) => reopenFinding(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  assign: requirePermission("findings.manage")
    .input(ZAssignFinding)
    .mutation(({ ctx, input }) => assignFinding(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  comment: requirePermission("findings.manage")
    .input(ZCommentFinding)
    .mutation(({ ctx, input }) => commentFinding(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
