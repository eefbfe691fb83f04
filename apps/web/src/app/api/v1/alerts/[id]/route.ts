import { REST_ROUTES } from "@lantern/api/rest/contract";
import { getAlert } from "@lantern/services/detection/alerts";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/alerts/{id}: one alert with its explanation, measures, the requests behind it and its history. */
export const GET = withApiRoute(REST_ROUTES.getAlert, async ({ principal, params }) =>
  Response.json(await getAlert(services(), principal.tenantId, params.id)),
);
