import { REST_ROUTES } from "@lantern/api/rest/contract";
import { listChanges } from "@lantern/services/discovery/inventory";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/changes: the feed of API changes, newest first. */
export const GET = withApiRoute(REST_ROUTES.listChanges, async ({ principal }) =>
  Response.json({ changes: await listChanges(services(), principal.tenantId, 200) }),
);
