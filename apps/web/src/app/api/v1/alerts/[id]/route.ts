import { getAlert } from "@lantern/services/detection/alerts";
import { withApiToken } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/alerts/{id}: one alert with its explanation, measures, the requests behind it and its history. */
export const GET = withApiToken<{ id: string }>("read", async (_req, principal, params) =>
  Response.json(await getAlert(services(), principal.tenantId, params.id)),
);
