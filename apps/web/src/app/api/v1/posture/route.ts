import { REST_ROUTES } from "@lantern/api/rest/contract";
import { postureSummary } from "@lantern/services/posture/findings";
import { withApiRoute } from "@/server/rest";
import { services } from "@/server/services";

/** GET /api/v1/posture: the posture score, its trend, each service's score and what is not assessable. */
export const GET = withApiRoute(REST_ROUTES.getPosture, async ({ principal, query }) =>
  Response.json(await postureSummary(services(), principal.tenantId, query)),
);
