import { getEndpoint } from "@lantern/services/discovery/inventory";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/endpoints/{id}: one endpoint with its stats, parameters, spec status and changes. */
export const GET = withApiToken<{ id: string }>("read", async (_req, principal, params) =>
  Response.json(await getEndpoint(services(), principal.tenantId, params.id)),
);
