import { REST_ROUTES } from "@lantern/api/rest/contract";
import { listEndpoints } from "@lantern/services/discovery/inventory";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/endpoints: the inventory, with the dashboard's filters, sorting and paging. */
export const GET = withApiRoute(REST_ROUTES.listEndpoints, async ({ principal, query }) =>
  Response.json(await listEndpoints(services(), principal.tenantId, query)),
);
