import {
  createPolicy,
  listPolicies,
  removePolicy,
  setPolicyEnabled,
  updatePolicy,
  ZCreatePolicy,
  ZPolicyRef,
  ZSetPolicyEnabled,
  ZUpdatePolicy,
} from "@lantern/services/response/policies";
import { dryRunPolicy, ZDryRun } from "@lantern/services/response/policy-dry-run";
import { alertMatches, decideSuggestion, ZDecideMatch } from "@lantern/services/response/policy-matches";
import { z } from "zod";
import { requirePermission, router } from "../trpc";

export const policiesRouter = router({
  list: requirePermission("workspace.read").query(({ ctx }) => listPolicies(ctx.services, ctx.tenant.id)),
  create: requirePermission("policies.manage")
    .input(ZCreatePolicy)
    .mutation(({ ctx, input }) => createPolicy(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  update: requirePermission("policies.manage")
    .input(ZUpdatePolicy)
    .mutation(({ ctx, input }) => updatePolicy(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  // A dry run reads history and writes only its result on the policy.
  dryRun: requirePermission("policies.manage")
    .input(ZDryRun)
    .mutation(({ ctx, input }) => dryRunPolicy(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  setEnabled: requirePermission("policies.manage")
    .input(ZSetPolicyEnabled)
    .mutation(({ ctx, input }) => setPolicyEnabled(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  remove: requirePermission("policies.manage")
    .input(ZPolicyRef)
    .mutation(({ ctx, input }) => removePolicy(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  forAlert: requirePermission("workspace.read")
    .input(z.object({ alertId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => alertMatches(ctx.services, ctx.tenant.id, input.alertId)),
  // Confirming adds blocks: the same permission as blocking by hand.
  decide: requirePermission("response.manage")
    .input(ZDecideMatch)
    .mutation(({ ctx, input }) => decideSuggestion(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
