import { REST_ROUTES } from "@lantern/api/rest/contract";
import { listAlerts } from "@lantern/services/detection/alerts";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/alerts: the alert queue for a SIEM to pull (updatedSince for what is new), with the dashboard's filters. */
export const GET = withApiRoute(REST_ROUTES.listAlerts, async ({ principal, query }) =>
  Response.json(await listAlerts(services(), principal.tenantId, query)),
);
