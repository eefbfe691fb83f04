import { listEndpoints, listServices, ZEndpointQuery } from "@lantern/services/discovery/inventory";
import { requirePermission, router } from "../trpc";

export const inventoryRouter = router({
  services: requirePermission("workspace.read").query(({ ctx }) => listServices(ctx.services, ctx.tenant.id)),
  endpoints: requirePermission("workspace.read").input(ZEndpointQuery).query(({ ctx, input }) => listEndpoints(ctx.services, ctx.tenant.id, input)),
});
