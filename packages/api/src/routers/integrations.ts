import {
  listDeliveries,
  redeliver,
  testIntegration,
  ZDeliveryQuery,
  ZDeliveryRef,
} from "@lantern/services/response/deliveries";
import {
  createIntegration,
  listIntegrations,
  removeIntegration,
  setIntegrationEnabled,
  ZCreateIntegration,
  ZIntegrationRef,
  ZSetIntegrationEnabled,
} from "@lantern/services/response/integrations";
import { requirePermission, router } from "../trpc";

export const integrationsRouter = router({
  list: requirePermission("workspace.read").query(({ ctx }) => listIntegrations(ctx.services, ctx.tenant.id)),
  create: requirePermission("integrations.manage")
    .input(ZCreateIntegration)
    .mutation(({ ctx, input }) => createIntegration(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  setEnabled: requirePermission("integrations.manage")
    .input(ZSetIntegrationEnabled)
    .mutation(({ ctx, input }) => setIntegrationEnabled(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  remove: requirePermission("integrations.manage")
    .input(ZIntegrationRef)
    .mutation(({ ctx, input }) => removeIntegration(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  test: requirePermission("integrations.manage")
    .input(ZIntegrationRef)
    .mutation(({ ctx, input }) => testIntegration(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
  deliveries: requirePermission("workspace.read")
    .input(ZDeliveryQuery)
    .query(({ ctx, input }) => listDeliveries(ctx.services, ctx.tenant.id, input)),
  redeliver: requirePermission("integrations.manage")
    .input(ZDeliveryRef)
    .mutation(({ ctx, input }) => redeliver(ctx.services, ctx.tenant.id, input, { actor: ctx.actor })),
});
