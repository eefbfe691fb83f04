import { REST_ROUTES } from "@lantern/api/rest/contract";
import { listServices } from "@lantern/services/discovery/inventory";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/services: the workspace's services (hosts) with endpoint counts. */
export const GET = withApiRoute(REST_ROUTES.listServices, async ({ principal }) =>
  Response.json({ services: await listServices(services(), principal.tenantId) }),
);
