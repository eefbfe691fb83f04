import { REST_ROUTES } from "@lantern/api/rest/contract";
import { getEndpoint } from "@lantern/services/discovery/inventory";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/endpoints/{id}: one endpoint with its stats, parameters, spec status and changes. */
export const GET = withApiRoute(REST_ROUTES.getEndpoint, async ({ principal, params }) =>
  Response.json(await getEndpoint(services(), principal.tenantId, params.id)),
);
