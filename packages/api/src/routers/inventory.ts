import { z } from "zod";
import {
  exportServiceOpenApi,
  getEndpoint,
  listChanges,
  listEndpoints,
  listServices,
  ZEndpointQuery,
} from "@lantern/services/discovery/inventory";
import { listSpecs, uploadSpec } from "@lantern/services/discovery/specs";
import { keepLiteral, markVariable, ZKeepLiteral, ZMarkVariable } from "@lantern/services/discovery/corrections";
import { apiMap, endpointTraffic, overview, ZMapQuery, ZRange } from "@lantern/services/discovery/traffic";
import { requirePermission, router } from "../trpc";

export const ZGetEndpoint = z.object({ endpointId: z.string().min(1).max(64) });
export const ZServiceRef = z.object({ serviceId: z.string().min(1).max(64) });
export const ZUploadSpec = z.object({
  fileName: z.string().trim().min(1).max(200),
  // 20 MB of text: the parser's own limit.
  text: z
    .string()
    .min(1, "The file is empty.")
    .max(20 * 1024 * 1024, "Specs over 20 MB are not supported."),
  host: z.string().trim().max(300).optional(),
});

export const inventoryRouter = router({
  services: requirePermission("workspace.read").query(({ ctx }) => listServices(ctx.services, ctx.tenant.id)),
  endpoints: requirePermission("workspace.read")
    .input(ZEndpointQuery)
    .query(({ ctx, input }) => listEndpoints(ctx.services, ctx.tenant.id, input)),
  endpoint: requirePermission("workspace.read")
    .input(ZGetEndpoint)
    .query(({ ctx, input }) => getEndpoint(ctx.services, ctx.tenant.id, input.endpointId)),
  traffic: requirePermission("workspace.read")
    .input(ZGetEndpoint.extend({ range: ZRange }))
    .query(({ ctx, input }) => endpointTraffic(ctx.services, ctx.tenant.id, input.endpointId, input.range)),
  overview: requirePermission("workspace.read")
    .input(z.object({ range: ZRange }))
    .query(({ ctx, input }) => overview(ctx.services, ctx.tenant.id, input.range)),
  map: requirePermission("workspace.read")
    .input(ZMapQuery)
    .query(({ ctx, input }) => apiMap(ctx.services, ctx.tenant.id, input)),
  changes: requirePermission("workspace.read").query(({ ctx }) => listChanges(ctx.services, ctx.tenant.id)),
  exportOpenApi: requirePermission("workspace.read")
    .input(ZServiceRef)
    .query(({ ctx, input }) => exportServiceOpenApi(ctx.services, ctx.tenant.id, input.serviceId)),
  // Corrections to templates: who may upload logs and specs may correct what discovery made of them.
  markVariable: requirePermission("data.ingest")
    .input(ZMarkVariable)
    .mutation(({ ctx, input }) =>
      markVariable(ctx.services, ctx.tenant.id, input, { actor: ctx.actor, meta: ctx.meta }),
    ),
  keepLiteral: requirePermission("data.ingest")
    .input(ZKeepLiteral)
    .mutation(({ ctx, input }) =>
      keepLiteral(ctx.services, ctx.tenant.id, input, { actor: ctx.actor, meta: ctx.meta }),
    ),
  specs: requirePermission("workspace.read").query(({ ctx }) => listSpecs(ctx.services, ctx.tenant.id)),
  uploadSpec: requirePermission("data.ingest")
    .input(ZUploadSpec)
    .mutation(({ ctx, input }) => uploadSpec(ctx.services, ctx.tenant.id, input)),
});
