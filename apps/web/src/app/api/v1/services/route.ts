import { listServices } from "@lantern/services/discovery/inventory";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/services: the workspace's services (hosts) with endpoint counts. */
export const GET = withApiToken("read", async (_req, principal) =>
  Response.json({ services: await listServices(services(), principal.tenantId) }),
);
