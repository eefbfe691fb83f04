import { z } from "zod";
import { getEndpoint, listChanges, listEndpoints, listServices, ZEndpointQuery } from "@lantern/services/discovery/inventory";
import { requirePermission, router } from "../trpc";

export const ZGetEndpoint = z.object({ endpointId: z.string().min(1).max(64) });

export const inventoryRouter = router({
  services: requirePermission("workspace.read").query(({ ctx }) => listServices(ctx.services, ctx.tenant.id)),
  endpoints: requirePermission("workspace.read").input(ZEndpointQuery).query(({ ctx, input }) => listEndpoints(ctx.services, ctx.tenant.id, input)),
  endpoint: requirePermission("workspace.read").input(ZGetEndpoint).query(({ ctx, input }) => getEndpoint(ctx.services, ctx.tenant.id, input.endpointId)),
  changes: requirePermission("workspace.read").query(({ ctx }) => listChanges(ctx.services, ctx.tenant.id)),
});
